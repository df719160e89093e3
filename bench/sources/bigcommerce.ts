import {
  type BigCommerceEmulator,
  DEMO_STORE,
  DEMO_TOKEN,
  startBigCommerceEmulator,
} from '../../emulators/bigcommerce/index.ts';
import type { Stack } from '../../scripts/stack.ts';
import type { SourceDriver } from './driver.ts';

/**
 * BigCommerce (issue #11): the demo store with its real quota (150 requests per 30 s, shared by
 * every app of the store), connected through the connect route so our webhooks are registered;
 * shoppers check out paid orders (Awaiting Fulfillment), each a webhook hint the worker re-reads.
 */

const SKUS = ['KAFFE-500', 'MUGG-01', 'BOK-KAFFE'] as const;
const BUYERS = 10;

/** A Swedish billing address for buyer k (the fault suite's shops use it too). */
export function buyer(k: number, lastName = 'Benchsson') {
  return {
    first_name: `Kund${k}`,
    last_name: lastName,
    street_1: `Kungsgatan ${k + 1}`,
    city: 'Stockholm',
    zip: '111 43',
    country: 'Sweden',
    country_iso2: 'SE',
    email: `kund${k}@example.se`,
  };
}

export function bigcommerceDriver(): SourceDriver {
  let bc: BigCommerceEmulator | undefined;
  const em = (): BigCommerceEmulator => {
    if (bc === undefined) throw new Error('the BigCommerce emulator is not started');
    return bc;
  };
  return {
    key: 'bigcommerce',
    unit: 'order',
    defaultCount: 1000,
    fortnoxDocument: 'invoices',
    sourceQuotaPerMin: 300,
    start: async () => {
      bc = await startBigCommerceEmulator({ port: 0 });
      return { BIGCOMMERCE_API_URL: bc.url };
    },
    connect: async (stack: Stack) => {
      const res = await fetch(`${stack.appUrl}/sources/bigcommerce/connect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: DEMO_STORE, storeHash: DEMO_STORE, accessToken: DEMO_TOKEN }),
      });
      if (res.status !== 200) throw new Error(`BigCommerce connect answered ${res.status}: ${await res.text()}`);
    },
    warmUpCount: () => BUYERS,
    place: (i) => {
      const lines = [{ sku: SKUS[i % SKUS.length]!, quantity: 1 + (i % 3) }];
      if (i % 2 === 1) lines.push({ sku: SKUS[(i + 1) % SKUS.length]!, quantity: 1 });
      const order = em().checkout(DEMO_STORE, {
        billing_address: buyer(i % BUYERS),
        lines,
        shipping_cost_inc_tax: 49,
        payment: {},
      });
      return `bigcommerce:${DEMO_STORE}:${order.id}`;
    },
    stats: () => em().stats(DEMO_STORE),
    resetStats: () => em().resetStats(),
    extra: async () => ({ webhook_deliveries: em().webhooks.deliveries().length }),
    close: async () => {
      await bc?.close();
    },
  };
}
