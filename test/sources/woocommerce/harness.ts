import {
  type CheckoutInput,
  startWooCommerceEmulator,
  type WooCommerceEmulator,
} from '../../../emulators/woocommerce/index.ts';
import { type SyncHarness, startSyncHarness } from '../../sync/harness.ts';

/**
 * The whole product with a WooCommerce shop: the WooCommerce emulator (official client, OAuth 1.0a
 * over HTTP), Fortnox emulator, real Postgres, worker and web app. The poller runs only when a test
 * asks (`poll()`), so a test that expects a webhook to do the work proves the webhook did it.
 */

type Rec = Record<string, unknown>;

export interface WooHarness {
  h: SyncHarness;
  woo: WooCommerceEmulator;
  /** A buyer checks out; answers the order id. */
  checkout(input: CheckoutInput): number;
  invoicesFor(orderId: number): Rec[];
  /** Resolves once the order has its Fortnox document. */
  invoiceFor(orderId: number): Promise<Rec>;
  /** One poller round (also registers the shop's webhooks). */
  poll(): Promise<void>;
  /** Resolves when webhook deliveries and every queued document job have finished. */
  settled(): Promise<void>;
  ledger(orderId: number): Promise<{ state: string; error_message: string | null } | undefined>;
  stop(): Promise<void>;
}

export const reference = (orderId: number | string) => `woocommerce:default:${orderId}`;

export async function startWooHarness(): Promise<WooHarness> {
  const woo = await startWooCommerceEmulator({ port: 0 });
  let poller: { poll(): Promise<void> } | undefined;
  const h = await startSyncHarness({
    env: {
      WOOCOMMERCE_URL: woo.url,
      WOOCOMMERCE_POLL_SECONDS: '3600',
      ...(process.env.TEST_LOG_LEVEL ? { LOG_LEVEL: process.env.TEST_LOG_LEVEL } : {}),
    },
    sourceOptions: { woocommerce: { onPoll: (p: { poll(): Promise<void> }) => (poller = p) } },
  });
  const tenant = () => h.stack.fortnox.tenant(1001);
  const invoicesFor = (orderId: number) =>
    [...tenant().invoices.rows.values()]
      .map((r) => r.rec as Rec)
      .filter((r) => r.ExternalInvoiceReference1 === reference(orderId));
  const idle = async () => {
    // pg-boss's queue counts are refreshed by its monitor; the job table is the truth.
    const { rows } = await h.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('document.sync', 'customer.sync')
         AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
    );
    return rows[0]?.n === 0;
  };
  const poll = async () => {
    if (poller === undefined) throw new Error('the WooCommerce poller did not start');
    await poller.poll();
  };
  // The app listens now: the first round registers the webhooks at its URL.
  await poll();
  return {
    h,
    woo,
    checkout: (input) => Number(woo.checkout(input).id),
    invoicesFor,
    invoiceFor: async (orderId) => {
      const existing = invoicesFor(orderId)[0];
      if (existing) return existing;
      await h.stack.fortnox.waitForEvent((e) => e.type === 'invoice-created-v1' && invoicesFor(orderId).length > 0);
      return invoicesFor(orderId)[0]!;
    },
    poll,
    settled: async () => {
      await woo.webhooks.idle();
      await h.until(idle, 'the document jobs to finish');
    },
    ledger: async (orderId) => {
      const { rows } = await h.db.pool.query<{ state: string; error_message: string | null }>(
        // The order's own record: its payment (same id, object 'payment') has one of its own that waits for it.
        `SELECT state, error_message FROM sync_records WHERE source_system = 'woocommerce' AND source_id = $1
           AND source_object = 'order' AND document_kind <> 'customer' ORDER BY id`,
        [String(orderId)],
      );
      return rows[0];
    },
    stop: async () => {
      await h.stop();
      await woo.close();
    },
  };
}
