import { type StripeEmulator, startStripeEmulator } from '../../emulators/stripe/index.ts';
import type { Stack } from '../../scripts/stack.ts';
import type { SourceDriver } from './driver.ts';

/**
 * Stripe Billing (issue #13): the demo account from the environment (connection `default`), a
 * webhook endpoint at this bench's web side; every document is a new subscription's first invoice,
 * paid on the card (`invoice.paid`, the default trigger), for the Swedish company customer.
 * Stripe's limit is 25 requests per second per key (sandbox), the emulator's default.
 */

export function stripeDriver(): SourceDriver {
  let stripe: StripeEmulator | undefined;
  const em = (): StripeEmulator => {
    if (stripe === undefined) throw new Error('the Stripe emulator is not started');
    return stripe;
  };
  return {
    key: 'stripe',
    unit: 'invoice',
    defaultCount: 1000,
    fortnoxDocument: 'invoices',
    sourceQuotaPerMin: 25 * 60,
    start: async () => {
      stripe = await startStripeEmulator({ port: 0 });
      return { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_API_URL: stripe.url, STRIPE_POLL_SECONDS: '60' };
    },
    connect: async (stack: Stack) => {
      em().endpoint({ url: `${stack.appUrl}/sources/stripe/webhook/default`, secret: 'whsec_demo' });
    },
    warmUpCount: () => 1,
    place: () => {
      const demo = em().demo!;
      const sub = em().subscribe({ customer: demo.customers.acme, price: demo.monthly, taxRate: demo.vat });
      return `stripe:default:${String(sub.latest_invoice)}`;
    },
    stats: () => em().stats.total(),
    resetStats: () => em().stats.reset(),
    close: async () => {
      await stripe?.close();
    },
  };
}
