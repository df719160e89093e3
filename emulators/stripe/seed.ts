import { createPrice, createProduct } from './catalog.ts';
import { saveCustomer } from './customers.ts';
import type { StripeStore } from './store.ts';
import { createCoupon, createTaxRate } from './tax-rates-coupons.ts';

/**
 * The demo account: Swedish VAT 25 % as an exclusive tax rate, two subscription plans, a coupon and
 * three customers — a Swedish company (card that pays), a German company with an EU VAT number
 * (reverse charge), a German private buyer. Seeding's own events are dropped: nobody listened yet.
 */
export interface DemoIds {
  vat: string;
  monthly: string;
  yearly: string;
  customers: { acme: string; mueller: string; lena: string };
}

export function seedDemo(store: StripeStore): DemoIds {
  const vat = createTaxRate(store, {
    display_name: 'Moms',
    percentage: '25',
    inclusive: 'false',
    country: 'SE',
    jurisdiction: 'SE',
    tax_type: 'vat',
    description: 'Svensk moms 25 %',
  });
  const product = createProduct(store, {
    name: 'Fortnox-sync Pro',
    description: 'Bokföring av försäljning, per månad',
  });
  const monthly = createPrice(store, {
    currency: 'sek',
    unit_amount: '29900',
    product: product.id,
    recurring: { interval: 'month' },
  });
  const yearly = createPrice(store, {
    currency: 'sek',
    unit_amount: '299000',
    product: product.id,
    recurring: { interval: 'year' },
  });
  createCoupon(store, { id: 'WELCOME10', percent_off: '10', duration: 'once', name: 'Välkommen 10 %' });
  const acme = saveCustomer(store, {
    name: 'Acme Handel AB',
    email: 'ekonomi@acme.example',
    address: { line1: 'Hamngatan 4', city: 'Göteborg', postal_code: '411 05', country: 'SE' },
    payment_method: 'pm_card_se',
    tax_id_data: [{ type: 'eu_vat', value: 'SE556677889901' }],
    metadata: { org_number: '556677-8899' },
  });
  const mueller = saveCustomer(store, {
    name: 'Müller GmbH',
    email: 'einkauf@mueller.example',
    address: { line1: 'Zeil 5', city: 'Frankfurt', postal_code: '60313', country: 'DE' },
    payment_method: 'pm_card_visa',
    tax_exempt: 'reverse',
    tax_id_data: [{ type: 'eu_vat', value: 'DE123456789' }],
  });
  const lena = saveCustomer(store, {
    name: 'Lena Schmidt',
    email: 'lena@example.de',
    address: { line1: 'Torstraße 10', city: 'Berlin', postal_code: '10119', country: 'DE' },
    payment_method: 'pm_card_visa',
  });
  store.events.length = 0;
  return {
    vat: vat.id,
    monthly: monthly.id,
    yearly: yearly.id,
    customers: { acme: acme.id, mueller: mueller.id, lena: lena.id },
  };
}
