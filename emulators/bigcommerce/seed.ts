import { createProduct } from './catalog.ts';
import { createCustomer } from './customers.ts';
import type { EmulatorState } from './state.ts';
import { ALL_SCOPES } from './state.ts';
import type { Store } from './store.ts';

/**
 * The demo store a newcomer plays in `npm run demo`: hash `demo`, token `demo-token` with every
 * scope, Swedish shop (SEK, prices incl. moms 25/12/6 %), products in every tracking mode.
 * `DEMO_SKUS_IN_FORTNOX` are the SKUs meant to exist as articles in the Fortnox demo tenant;
 * `DEMO_SKU_NOT_IN_FORTNOX` is the one that must not (the "missing article" path).
 */
export const DEMO_STORE = 'demo';
export const DEMO_TOKEN = 'demo-token';
export const DEMO_CLIENT_ID = 'demo-client';

export const DEMO_SKUS_IN_FORTNOX = ['KAFFE-500', 'MUGG-01', 'BOK-KAFFE', 'TSHIRT-S', 'TSHIRT-M', 'TSHIRT-L'] as const;
export const DEMO_SKU_NOT_IN_FORTNOX = 'BURK-LTD';

export function seedDemoStore(state: EmulatorState): Store {
  const store = state.createStore({ hash: DEMO_STORE, name: 'Demo Kafferosteri', currency: 'SEK', taxInclusive: true });
  state.createAccount(DEMO_STORE, ALL_SCOPES, {
    token: DEMO_TOKEN,
    clientId: DEMO_CLIENT_ID,
    name: 'fortnox-sync demo',
  });
  createProduct(store, {
    name: 'Kaffe mellanrost 500 g',
    sku: 'KAFFE-500',
    price: 89,
    tax_class_id: 1,
    inventory_tracking: 'product',
    inventory_level: 120,
    categories: [21],
  });
  createProduct(store, {
    name: 'Kaffemugg',
    sku: 'MUGG-01',
    price: 149,
    inventory_tracking: 'product',
    inventory_level: 40,
  });
  createProduct(store, {
    name: 'Boken om kaffe',
    sku: 'BOK-KAFFE',
    price: 199,
    tax_class_id: 2,
    inventory_tracking: 'product',
    inventory_level: 15,
    safety_stock: 2,
  });
  createProduct(store, {
    name: 'T-shirt Rosteriet',
    price: 249,
    inventory_tracking: 'variant',
    variants: ['S', 'M', 'L'].map((size) => ({
      sku: `TSHIRT-${size}`,
      option: 'Storlek',
      value: size,
      inventory_level: 10,
    })),
  });
  createProduct(store, {
    name: 'Kaffeburk limited edition',
    sku: DEMO_SKU_NOT_IN_FORTNOX,
    price: 349,
    inventory_tracking: 'none',
  });
  store.coupons.set('SOMMAR10', { id: 1, code: 'SOMMAR10', name: '10 % sommarrabatt', type: 1, amount: 10 });
  store.coupons.set('KAFFE50', { id: 2, code: 'KAFFE50', name: '50 kr rabatt', type: 2, amount: 50 });
  const address = (country: string, city: string, zip: string, company = '') => ({
    ...{ first_name: 'Demo', last_name: 'Kund', company, address1: 'Storgatan 1', city, postal_code: zip },
    ...{ country_code: country, address_type: company ? ('commercial' as const) : ('residential' as const) },
  });
  createCustomer(store, {
    ...{ email: 'anna.svensson@example.se', first_name: 'Anna', last_name: 'Svensson' },
    addresses: [address('SE', 'Uppsala', '753 20')],
  });
  createCustomer(store, {
    ...{ email: 'inkop@nordiccoffee.example', first_name: 'Per', last_name: 'Lind', company: 'Nordic Coffee AB' },
    addresses: [address('SE', 'Göteborg', '411 01', 'Nordic Coffee AB')],
  });
  createCustomer(store, {
    ...{ email: 'einkauf@kaffeehaus.example', first_name: 'Jonas', last_name: 'Weber', company: 'Kaffeehaus GmbH' },
    addresses: [address('DE', 'Hamburg', '20095', 'Kaffeehaus GmbH')],
  });
  createCustomer(store, {
    ...{ email: 'ola.nordmann@example.no', first_name: 'Ola', last_name: 'Nordmann' },
    addresses: [address('NO', 'Oslo', '0150')],
  });
  return store;
}
