import {
  type CommercetoolsEmulator,
  DEMO_CLIENT,
  DEMO_PROJECT,
  DEMO_SKUS,
  startCommercetoolsEmulator,
} from '../../emulators/commercetools/index.ts';
import type { TenantStats } from '../../emulators/fortnox/index.ts';
import type { Stack } from '../../scripts/stack.ts';
import type { SourceDriver } from './driver.ts';

/**
 * commercetools (issue #12): the demo project connected from the environment, its Messages read
 * every second by the worker's feed. Every order of the SE store is placed and captured (payment
 * state Paid: model (a)'s default trigger), so the latency is capture → draft; a tenth of the burst
 * is refunded afterwards (`refunds` in the figures: their credit documents, awaited in the ledger).
 */

const LINES = [
  [{ sku: DEMO_SKUS.license, quantity: 1 }],
  [{ sku: DEMO_SKUS.coffee, quantity: 2 }],
  [
    { sku: DEMO_SKUS.license, quantity: 2 },
    { sku: DEMO_SKUS.coffee, quantity: 1 },
  ],
];

export function commercetoolsDriver(): SourceDriver {
  let ct: CommercetoolsEmulator | undefined;
  const em = (): CommercetoolsEmulator => {
    if (ct === undefined) throw new Error('the commercetools emulator is not started');
    return ct;
  };
  const burst: string[] = [];
  return {
    key: 'commercetools',
    unit: 'order',
    defaultCount: 1000,
    fortnoxDocument: 'invoices',
    sourceQuotaPerMin: undefined,
    start: async () => {
      ct = await startCommercetoolsEmulator({ port: 0 });
      return {
        COMMERCETOOLS_PROJECT_KEY: DEMO_PROJECT,
        COMMERCETOOLS_CLIENT_ID: DEMO_CLIENT.id,
        COMMERCETOOLS_CLIENT_SECRET: DEMO_CLIENT.secret,
        COMMERCETOOLS_API_URL: ct.url,
        COMMERCETOOLS_AUTH_URL: ct.url,
        COMMERCETOOLS_POLL_MS: process.env.BENCH_COMMERCETOOLS_POLL_MS ?? '1000',
      };
    },
    connect: async (_stack: Stack) => undefined,
    warmUpCount: () => LINES.length,
    place: (i, phase) => {
      const order = em().placeOrder({ store: 'se', lines: LINES[i % LINES.length]! });
      em().capture(order.id);
      if (phase === 'burst') burst.push(order.id);
      return `commercetools:${DEMO_PROJECT}:${order.id}`;
    },
    stats: () => em().stats.total(),
    resetStats: () => em().stats.reset(),
    extra: async (stack) =>
      refunds(
        stack,
        em(),
        burst.filter((_, k) => k % 10 === 0),
      ),
    close: async () => {
      await ct?.close();
    },
  };
}

const fortnoxRequests = (stack: Stack): number => (stack.fortnox.stats(1001) as TenantStats).requests;

/** Refunds a tenth of the burst in full; resolves once each refund's ledger record has settled. */
async function refunds(stack: Stack, ct: CommercetoolsEmulator, orderIds: readonly string[]) {
  const before = fortnoxRequests(stack);
  const began = performance.now();
  for (const id of orderIds) ct.refund(id);
  const deadline = began + 10 * 60_000;
  let states: Record<string, number> = {};
  for (;;) {
    const { rows } = await stack.runtime.pool.query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM sync_records
        WHERE source_system = 'commercetools' AND source_object = 'refund' GROUP BY state`,
    );
    states = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    const settled = rows.filter((r) => !['pending', 'creating'].includes(r.state)).reduce((s, r) => s + r.n, 0);
    if (settled >= orderIds.length || performance.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    refunds: {
      count: orderIds.length,
      ledger_states: states,
      fortnox_requests_per_refund: Math.round(((fortnoxRequests(stack) - before) / orderIds.length) * 1000) / 1000,
      seconds: Math.round((performance.now() - began) / 100) / 10,
    },
  };
}
