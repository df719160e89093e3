import Stripe from 'stripe';
import { type StripeEmulator, startStripeEmulator } from '../../../emulators/stripe/index.ts';
import { PostgresRateLimiter } from '../../../src/fortnox/rate-limiter.ts';
import { pacedHttpClient } from '../../../src/sources/stripe/pacing.ts';
import { type SyncHarness, startSyncHarness } from '../../sync/harness.ts';

/** The whole product with a Stripe Billing account (the Stripe emulator, official `stripe` client). */

type Rec = Record<string, unknown>;

export interface StripeHarness {
  h: SyncHarness;
  em: StripeEmulator;
  /**
   * The merchant's side of the account (the official client), sharing the service's rate-limit
   * bucket: a test acting as the merchant's own tools must not spend the quota the service paces to.
   */
  stripe: Stripe;
  endpointId: string;
  invoicesFor(invoiceId: string): Rec[];
  invoiceFor(invoiceId: string): Promise<Rec>;
  poll(): Promise<void>;
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStripeHarness(): Promise<StripeHarness> {
  const em = await startStripeEmulator({ port: 0 });
  let poller: { poll(): Promise<void> } | undefined;
  const h = await startSyncHarness({
    env: { STRIPE_SECRET_KEY: em.secretKey, STRIPE_API_URL: em.url, STRIPE_POLL_SECONDS: '3600' },
    sourceOptions: { stripe: { onPoll: (p: { poll(): Promise<void> }) => (poller = p) } },
  });
  const endpoint = em.endpoint({ url: `${h.stack.appUrl}/sources/stripe/webhook/default`, secret: 'whsec_demo' });
  const invoicesFor = (id: string) =>
    [...h.stack.fortnox.tenant(1001).invoices.rows.values()]
      .map((r) => r.rec as Rec)
      .filter((r) => r.ExternalInvoiceReference1 === `stripe:default:${id}`);
  const idle = async () => {
    const { rows } = await h.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('document.sync', 'customer.sync')
         AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
    );
    return rows[0]?.n === 0;
  };
  const limiter = new PostgresRateLimiter({ pool: h.db.pool, limit: 20, windowMs: 1000, maxInFlightMs: 30_000 });
  const stripe = new Stripe(em.secretKey, {
    host: em.host,
    port: em.port,
    protocol: 'http',
    httpClient: pacedHttpClient(limiter, em.secretKey),
  });
  return {
    h,
    em,
    stripe,
    endpointId: endpoint.id,
    invoicesFor,
    invoiceFor: async (id) => {
      const existing = invoicesFor(id)[0];
      if (existing) return existing;
      await h.stack.fortnox.waitForEvent((e) => e.type === 'invoice-created-v1' && invoicesFor(id).length > 0);
      return invoicesFor(id)[0]!;
    },
    poll: async () => {
      if (poller === undefined) throw new Error('the Stripe poller did not start');
      await poller.poll();
    },
    settled: async () => {
      await h.until(idle, 'the document jobs to finish');
    },
    stop: async () => {
      await h.stop();
      await em.close();
    },
  };
}
