import { saveCoupon, saveCustomer, saveTaxRate } from './customers.ts';
import { saveProduct } from './products.ts';
import type { WooStore } from './store.ts';

/**
 * The demo shop: Swedish VAT (25 % standard, 12 % food), German rates for OSS sales, a coffee shop's
 * catalogue with a variable T-shirt and a subscription product, one coupon, one registered customer.
 * Seeding fires no webhooks (it happens before anyone subscribes).
 */
export function seedDemo(store: WooStore): void {
  for (const [id, name, slug] of [
    [9, 'Clothing', 'clothing'],
    [14, 'T-shirts', 't-shirts'],
    [20, 'Kaffe', 'kaffe'],
    [21, 'Prenumerationer', 'prenumerationer'],
  ] as const) {
    store.categories.set(id, { id, name, slug });
  }
  saveTaxRate(store, { country: 'SE', rate: '25.0000', name: 'Moms', priority: 1, shipping: true, class: 'standard' });
  saveTaxRate(store, {
    country: 'SE',
    rate: '12.0000',
    name: 'Moms',
    priority: 1,
    shipping: false,
    class: 'reduced-rate',
  });
  saveTaxRate(store, { country: 'DE', rate: '19.0000', name: 'MwSt', priority: 1, shipping: true, class: 'standard' });
  saveTaxRate(store, {
    country: 'DE',
    rate: '7.0000',
    name: 'MwSt',
    priority: 1,
    shipping: false,
    class: 'reduced-rate',
  });

  saveProduct(store, {
    name: 'Kaffe Mellanrost 500 g',
    sku: 'KAFFE-500',
    regular_price: '129.00',
    tax_class: 'reduced-rate',
    manage_stock: true,
    stock_quantity: 100,
    categories: [{ id: 20 }],
  });
  saveProduct(store, {
    name: 'Espressomaskin Barista',
    sku: 'ESP-1',
    regular_price: '4995.00',
    sale_price: '4495.00',
    categories: [{ id: 20 }],
  });
  const shirt = saveProduct(store, {
    name: 'T-shirt Logo',
    type: 'variable',
    sku: 'TSHIRT',
    categories: [{ id: 9 }, { id: 14 }],
    attributes: [{ id: 0, name: 'Size', options: ['S', 'M', 'L'], variation: true }],
  });
  for (const size of ['S', 'M', 'L']) {
    saveProduct(
      store,
      { sku: `TSHIRT-${size}`, regular_price: '249.00', attributes: [{ id: 0, name: 'Size', option: size }] },
      undefined,
      shirt.id,
    );
  }
  saveProduct(store, {
    name: 'Kaffeprenumeration månad',
    sku: 'SUB-KAFFE',
    regular_price: '299.00',
    tax_class: 'reduced-rate',
    categories: [{ id: 21 }],
  });
  saveCoupon(store, { code: 'rabatt10', discount_type: 'percent', amount: '10' });
  saveCustomer(store, {
    email: 'anna@example.com',
    first_name: 'Anna',
    last_name: 'Andersson',
    billing: {
      first_name: 'Anna',
      last_name: 'Andersson',
      address_1: 'Sveavägen 20',
      city: 'Stockholm',
      postcode: '113 50',
      country: 'SE',
      email: 'anna@example.com',
    },
  });
  store.takeFired();
}
