import type Stripe from 'stripe';
import { AppError } from '../../core/errors.ts';
import { PostgresRateLimiter } from '../../fortnox/rate-limiter.ts';
import { buyerCustomer } from '../shop/customer.ts';
import { shopDocument } from '../shop/to-document.ts';
import type { SourceConnection, SourceRuntime, SourceServices } from '../source.ts';
import { isMissing, stripeClient, stripeFailure } from './client.ts';
import { stripeConfig, stripeCredentials, stripeSettingsSchema } from './config.ts';
import { stripeConnectRoutes } from './connect.ts';
import { shopOrderOf, type TaxRateLookup } from './invoice-read.ts';
import { withAllLines } from './lines.ts';
import { stripeMoneyReaders } from './money-read.ts';
import { startStripePoller } from './poller.ts';
import { readStripeProduct } from './product-read.ts';
import { refundCredited } from './refund-ledger.ts';
import { stripeWebhookRoutes } from './webhooks.ts';
import { sendStripeWriteback } from './writeback.ts';

/**
 * Stripe Billing in one process: the official client for the environment's account, the invoice
 * reader through the shared shop mapping, webhook intake (web) and the events poller (worker).
 */

export interface StripeRuntimeOptions {
  pollMs?: number;
  onPoll?: (round: { poll(): Promise<void> }) => void;
}

export function openStripe(services: SourceServices, options: StripeRuntimeOptions = {}): SourceRuntime {
  const config = stripeConfig(services.config);
  const limiter = new PostgresRateLimiter({
    pool: services.pool,
    limit: config.STRIPE_RATE_LIMIT,
    windowMs: 1000,
    maxInFlightMs: 30_000,
  });
  const makeClient = (secretKey: string) => stripeClient(config, secretKey, limiter);
  const clients = new Map<string, Stripe>();
  /** One official client per secret key: a connection's own (connect page), else the environment's. */
  const clientFor = (connection: SourceConnection | undefined): Stripe | undefined => {
    const credentials = stripeCredentials(connection?.credentials, config);
    if (credentials === undefined) return undefined;
    let client = clients.get(credentials.secretKey);
    if (client === undefined) {
      client = makeClient(credentials.secretKey);
      clients.set(credentials.secretKey, client);
    }
    return client;
  };
  const need = (connection: SourceConnection): Stripe => {
    const c = clientFor(connection);
    if (c === undefined) {
      throw new AppError(`Stripe connection ${connection.key} has no secret key`, {
        code: 'stripe_not_configured',
        category: 'config',
        retryable: false,
        userMessage:
          'The Stripe connection has no secret key. Connect the account again (Stripe connect page) or set STRIPE_SECRET_KEY and restart.',
      });
    }
    return c;
  };
  // Tax rate ids are unique across Stripe accounts: one cache serves every connection.
  const rateCache = new Map<string, Awaited<ReturnType<TaxRateLookup>>>();
  const ratesOf =
    (stripe: Stripe): TaxRateLookup =>
    async (id) => {
      if (!rateCache.has(id)) {
        try {
          const r = await stripe.taxRates.retrieve(id);
          rateCache.set(id, { percentage: r.percentage, country: r.country, inclusive: r.inclusive });
        } catch (error) {
          if (!isMissing(error)) throw stripeFailure(error, `GET tax_rates/${id}`);
          rateCache.set(id, undefined);
        }
      }
      return rateCache.get(id);
    };
  const invoice = async (stripe: Stripe, id: string): Promise<Stripe.Invoice | undefined> => {
    try {
      return await stripe.invoices.retrieve(id, { expand: ['customer'] });
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw stripeFailure(error, `GET invoices/${id}`);
    }
  };
  const money = stripeMoneyReaders({
    client: (ctx) => need(ctx.connection),
    rates: (ctx) => ratesOf(need(ctx.connection)),
    refundCredited: (ref) => refundCredited(services.pool, ref),
  });
  return {
    readCredit: money.readCredit,
    readPayment: money.readPayment,
    readArticle: (ctx, ref) =>
      readStripeProduct(need(ctx.connection), ref, stripeSettingsSchema.parse(ctx.connection.settings ?? {})),
    readDocument: async (ctx, ref) => {
      if (ref.object !== 'invoice') return { kind: 'gone' };
      const stripe = need(ctx.connection);
      const found = await invoice(stripe, ref.id);
      if (found === undefined || found.status === 'draft') return { kind: 'gone' };
      const settings = stripeSettingsSchema.parse(ctx.connection.settings ?? {});
      const order = await shopOrderOf(ref.connection, await withAllLines(stripe, found), ratesOf(stripe), settings);
      const mapped = shopDocument(order, settings);
      if (mapped.kind === 'document') return mapped;
      return { ...mapped, active: order.active, title: order.title, customer: mapped.customer.source };
    },
    readCustomer: async (ctx, ref) => {
      try {
        const stripe = need(ctx.connection);
        const c = await stripe.customers.retrieve(ref.id);
        if ('deleted' in c && c.deleted) return { kind: 'gone' };
        const settings = stripeSettingsSchema.parse(ctx.connection.settings ?? {});
        const live = c as Stripe.Customer;
        const pseudo = {
          id: ref.id,
          customer: live,
          customer_address: live.address,
          customer_name: live.name,
          customer_email: live.email,
          customer_tax_ids: [],
          lines: { data: [] },
          currency: live.currency ?? 'sek',
          total: 0,
          created: 0,
          status: 'paid',
        } as unknown as Stripe.Invoice;
        const order = await shopOrderOf(ref.connection, pseudo, ratesOf(stripe), settings);
        return { kind: 'customer', customer: buyerCustomer(order, { ...settings, customers: 'per_buyer' }) };
      } catch (error) {
        if (isMissing(error)) return { kind: 'gone' };
        throw stripeFailure(error, `GET customers/${ref.id}`);
      }
    },
    writeback: {
      batchSize: 20,
      send: (connection, items, logger) => sendStripeWriteback(clientFor(connection), items, logger),
    },
    routes: (router) => {
      stripeWebhookRoutes(router, services, config, clientFor);
      stripeConnectRoutes(router, services, makeClient);
    },
    start: async () => {
      const poller = startStripePoller({
        pool: services.pool,
        queue: services.queue,
        connections: services.connections,
        logger: services.logger,
        clientFor,
        intervalMs: options.pollMs ?? config.STRIPE_POLL_SECONDS * 1000,
      });
      options.onPoll?.({ poll: () => poller.round() });
      return poller;
    },
  };
}
