import { startWooCommerceEmulator, type WooCommerceEmulator } from '../../emulators/woocommerce/index.ts';
import type { Stack } from '../../scripts/stack.ts';
import type { SourceDriver } from './driver.ts';

/**
 * WooCommerce (issue #13): the demo shop from the environment (connection `default`); the worker's
 * first poll registers our webhooks at this bench's web side (PUBLIC_URL), then every paid checkout
 * is a signed `order.created`/`order.updated` delivery the worker re-reads.
 */

const ITEMS = [[{ sku: 'KAFFE-500', quantity: 2 }], [{ sku: 'ESP-1' }], [{ sku: 'KAFFE-500' }, { sku: 'ESP-1' }]];

export function wooDriver(): SourceDriver {
  let woo: WooCommerceEmulator | undefined;
  const em = (): WooCommerceEmulator => {
    if (woo === undefined) throw new Error('the WooCommerce emulator is not started');
    return woo;
  };
  return {
    key: 'woocommerce',
    unit: 'order',
    defaultCount: 1000,
    fortnoxDocument: 'invoices',
    sourceQuotaPerMin: undefined,
    start: async () => {
      woo = await startWooCommerceEmulator({ port: 0 });
      return { WOOCOMMERCE_URL: woo.url, WOOCOMMERCE_POLL_SECONDS: '60' };
    },
    connect: async (_stack: Stack) => {
      const deadline = Date.now() + 60_000;
      while (em().store.webhooks.size === 0) {
        if (Date.now() > deadline) throw new Error('the worker registered no WooCommerce webhooks within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    warmUpCount: () => ITEMS.length,
    place: (i) => `woocommerce:default:${em().checkout({ buyer: 'guest', items: ITEMS[i % ITEMS.length]! }).id}`,
    stats: () => em().stats.total(),
    resetStats: () => em().stats.reset(),
    close: async () => {
      await woo?.close();
    },
  };
}
