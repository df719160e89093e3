import {
  type BigCommerceEmulator,
  type BigCommerceEmulatorOptions,
  DEMO_STORE,
  DEMO_TOKEN,
  startBigCommerceEmulator,
} from '../../../emulators/bigcommerce/index.ts';
import type { Checkout } from '../../../emulators/bigcommerce/levers.ts';
import { DEMO_TENANT } from '../../../scripts/stack.ts';
import { type SyncHarness, startSyncHarness } from '../../sync/harness.ts';

/**
 * BigCommerce end to end: the store emulator (its real quota on), the whole product (web, worker,
 * Postgres, Fortnox emulator), the demo store connected through the connect route as an admin
 * would. Helpers speak the merchant's language (a shopper checks out, the order is refunded) and
 * await what finance would see in Fortnox.
 */

type Rec = Record<string, unknown>;

export interface BigCommerceHarness {
  h: SyncHarness;
  bc: BigCommerceEmulator;
  /** A shopper checks out (Swedish guest, card payment captured → Awaiting Fulfillment) unless told otherwise. */
  order(input?: Partial<Checkout>): number;
  invoicesFor(orderId: number): Rec[];
  /** Resolves with the Fortnox invoice of the order once it exists. */
  invoiceFor(orderId: number): Promise<Rec>;
  /** Resolves once no document.sync job waits or runs (after webhooks were delivered). */
  settled(): Promise<void>;
  ledger(
    orderId: number,
    object?: string,
  ): Promise<{ state: string; error_message: string | null; label: string | null } | undefined>;
  connect(o?: { webhooks?: boolean }): Promise<Rec>;
  /** What the merchant sees on the order: our `fortnox-sync` metafield, parsed. */
  shown(orderId: number): Rec | undefined;
  /** Resolves once the order's metafield shows this Fortnox status. */
  shows(orderId: number, status: string): Promise<Rec>;
  stop(): Promise<void>;
}

export const SWEDISH_GUEST = {
  first_name: 'Eva',
  last_name: 'Berg',
  street_1: 'Kungsgatan 5',
  city: 'Stockholm',
  zip: '111 43',
  country: 'Sweden',
  country_iso2: 'SE',
  email: 'eva.berg@example.se',
};

export async function startBigCommerceHarness(
  o: { pollSeconds?: number; emulator?: BigCommerceEmulatorOptions; connect?: boolean } = {},
): Promise<BigCommerceHarness> {
  const bc = await startBigCommerceEmulator({ ...o.emulator });
  const h = await startSyncHarness({
    env: { BIGCOMMERCE_API_URL: bc.url, BIGCOMMERCE_POLL_SECONDS: String(o.pollSeconds ?? 30) },
  });
  const ref = (id: number) => `bigcommerce:${DEMO_STORE}:${id}`;
  const invoicesFor = (orderId: number) =>
    [...h.stack.fortnox.tenant(Number(DEMO_TENANT)).invoices.rows.values()]
      .map((r) => r.rec as Rec)
      .filter((r) => r.ExternalInvoiceReference1 === ref(orderId));
  // pg-boss's queue counters are refreshed by its monitor, not live: ask the job table itself.
  const queueBusy = async () => {
    const { rows } = await h.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'document.sync' AND state IN ('created', 'retry', 'active')`,
    );
    return (rows[0]?.n ?? 0) > 0;
  };

  const harness: BigCommerceHarness = {
    h,
    bc,
    order: (input = {}) =>
      bc.checkout(DEMO_STORE, {
        billing_address: SWEDISH_GUEST,
        lines: [{ sku: 'KAFFE-500', quantity: 2 }],
        shipping_cost_inc_tax: 49,
        payment: {},
        ...input,
      }).id,
    invoicesFor,
    invoiceFor: async (orderId) => {
      await h.until(() => invoicesFor(orderId).length > 0, `the invoice of order ${orderId}`);
      return invoicesFor(orderId)[0]!;
    },
    settled: async () => {
      await bc.webhooks.idle();
      try {
        await h.until(async () => !(await queueBusy()), 'the document.sync queue to drain');
      } catch (error) {
        const { rows } = await h.db.pool.query(
          `SELECT state, retry_count, data->'source' AS source, output FROM pgboss.job WHERE name = 'document.sync' AND state NOT IN ('completed', 'cancelled')`,
        );
        throw new Error(`${(error as Error).message}: ${JSON.stringify(rows).slice(0, 2000)}`);
      }
    },
    ledger: async (orderId, object = 'order') => {
      const { rows } = await h.db.pool.query<{ state: string; error_message: string | null; label: string | null }>(
        `SELECT state, error_message, source_label AS label FROM sync_records
          WHERE source_system = 'bigcommerce' AND source_object = $2 AND source_id = $1 AND document_kind <> 'customer'`,
        [String(orderId), object],
      );
      return rows[0];
    },
    connect: async ({ webhooks = true } = {}) => {
      const res = await fetch(`${h.stack.appUrl}/sources/bigcommerce/connect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          key: DEMO_STORE,
          storeHash: DEMO_STORE,
          accessToken: DEMO_TOKEN,
          ...(webhooks ? {} : { webhookBase: 'http://127.0.0.1:9/nowhere' }),
        }),
      });
      const body = (await res.json()) as Rec;
      if (res.status !== 200) throw new Error(`connect answered ${res.status}: ${JSON.stringify(body)}`);
      return body;
    },
    shown: (orderId) => {
      const field = [...bc.store(DEMO_STORE).metafields.values()].find(
        (m) => m.orderId === orderId && m.namespace === 'fortnox-sync',
      );
      return field === undefined ? undefined : (JSON.parse(field.value) as Rec);
    },
    shows: async (orderId, status) => {
      await h.until(() => harness.shown(orderId)?.status === status, `order ${orderId} to show ${status}`);
      return harness.shown(orderId)!;
    },
    stop: async () => {
      await h.stop();
      await bc.close();
    },
  };
  if (o.connect ?? true) await harness.connect();
  return harness;
}
