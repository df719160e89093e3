import type { WooCommerceEmulator } from '../../../emulators/woocommerce/index.ts';
import { loadFixture } from '../../helpers/shared-fixtures.ts';
import { type Answer, admin, at } from './helpers.ts';

/** The documentation's shop, recreated through the API for the fidelity scenarios. */

export const US_SHOP = { seedDemo: false, pricesIncludeTax: false, baseCountry: 'US', currency: 'USD' } as const;
export const CUSTOMER = {
  email: 'john.doe@example.com',
  first_name: 'John',
  last_name: 'Doe',
  billing: {
    first_name: 'John',
    last_name: 'Doe',
    address_1: '969 Market',
    city: 'San Francisco',
    state: 'CA',
    postcode: '94103',
    country: 'US',
    email: 'john.doe@example.com',
    phone: '(555) 555-5555',
  },
};

export async function must(p: Promise<Answer>, status = 201): Promise<Record<string, unknown>> {
  const a = await p;
  if (a.status !== status) throw new Error(`setup answered ${a.status}: ${a.text.slice(0, 300)}`);
  return a.json as Record<string, unknown>;
}

/** The documentation's catalogue: a $3 simple product and a $12 variation (SKU Bar3) with two attributes. */
export async function usShop(emu: WooCommerceEmulator) {
  await must(
    admin(emu, 'POST', '/taxes', {
      country: 'US',
      state: 'CA',
      rate: '7.5',
      name: 'State Tax',
      shipping: false,
      priority: 0,
    }),
  );
  const single = await must(admin(emu, 'POST', '/products', { name: 'Woo Single #1', regular_price: '3' }));
  const parent = await must(
    admin(emu, 'POST', '/products', {
      name: 'Ship Your Idea',
      type: 'variable',
      attributes: [
        { id: 6, name: 'Color', options: ['Black'], variation: true },
        { name: 'Size', options: ['M Test'], variation: true },
      ],
    }),
  );
  const variation = await must(
    admin(emu, 'POST', `/products/${parent.id}/variations`, {
      sku: 'Bar3',
      regular_price: '12',
      attributes: [
        { id: 6, name: 'Color', option: 'black' },
        { name: 'Size', option: 'M Test' },
      ],
    }),
  );
  return { single: Number(single.id), parent: Number(parent.id), variation: Number(variation.id) };
}

/** The "Create an order" example's request, against the documentation's catalogue. */
export async function documentedOrder(emu: WooCommerceEmulator) {
  const ids = await usShop(emu);
  const request = structuredClone(loadFixture('woocommerce', 'orders-create').request) as Record<string, unknown>;
  request.line_items = [
    { product_id: ids.single, quantity: 2 },
    { product_id: ids.parent, variation_id: ids.variation, quantity: 1 },
  ];
  return { ids, order: await must(admin(emu, 'POST', '/orders', request)), request };
}

/** Order 723 of the list example: a registered customer's untaxed order, completed, refunded twice. */
export async function refundedCustomerOrder(emu: WooCommerceEmulator) {
  const customer = await must(admin(emu, 'POST', '/customers', CUSTOMER));
  const album = await must(admin(emu, 'POST', '/products', { name: 'Woo Album #2', regular_price: '9' }));
  const ninja = await must(admin(emu, 'POST', '/products', { name: 'Woo Ninja', regular_price: '20' }));
  const order = emu.checkout({
    customerId: Number(customer.id),
    billing: { country: 'GB', state: '', postcode: 'SW1A 1AA', city: 'London' },
    items: [{ productId: Number(album.id) }, { productId: Number(ninja.id) }],
    paymentMethod: 'bacs',
  });
  emu.setStatus(Number(order.id), 'completed');
  const line = at(order, 'line_items', 0, 'id');
  await must(
    admin(emu, 'POST', `/orders/${order.id}/refunds`, {
      api_refund: false,
      line_items: [{ id: line, quantity: 1, refund_total: 9 }],
    }),
  );
  await must(admin(emu, 'POST', `/orders/${order.id}/refunds`, { amount: '10.00', api_refund: false }));
  return order;
}
