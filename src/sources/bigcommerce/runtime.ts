import { AppError } from '../../core/errors.ts';
import { PostgresRateLimiter, type RateLimiter } from '../../fortnox/rate-limiter.ts';
import type { ReadContext, SourceConnection, SourceRuntime, SourceServices } from '../source.ts';
import { BigCommerceClient, type StoreCredentials } from './client.ts';
import { bigcommerceConfig } from './config.ts';
import { connectRoutes } from './connect.ts';
import { connectFormRoutes } from './connect-form.ts';
import { OBJECTS } from './ids.ts';
import { intakeRoutes } from './intake.ts';
import { metafieldIds } from './metafield-ids.ts';
import { noteOrderRead } from './order-reads.ts';
import { startPolling } from './poll-loop.ts';
import { readOrder, readPayment, readRefund } from './readers.ts';
import { bigcommerceSettingsSchema } from './settings.ts';
import { MAX_ADJUSTMENT_ITEMS, pushStock } from './stock-push.ts';
import { sendWritebacks } from './writeback.ts';

/**
 * BigCommerce in one process: one client per store (sharing the per-store limiter in Postgres),
 * the readers, the metafield write-back, the webhook and connect routes (web) and the
 * reconciliation poll (worker).
 */

/** Test and script seams, passed as `sourceOptions.bigcommerce`. */
export interface BigCommerceRuntimeOptions {
  limiter?: RateLimiter;
  /** Told after every poll round of a store (tests await it instead of sleeping). */
  observePoll?: (connection: string, result: { enqueued: number; orders: number }) => void;
}

export function openBigCommerce(services: SourceServices, options: BigCommerceRuntimeOptions = {}): SourceRuntime {
  const config = bigcommerceConfig(services.config);
  const limiter =
    options.limiter ??
    new PostgresRateLimiter({
      pool: services.pool,
      limit: config.rateLimit,
      windowMs: config.rateWindowMs,
      maxInFlightMs: 30_000,
    });
  const clients = new Map<string, BigCommerceClient>();
  const makeClient = (c: StoreCredentials) => new BigCommerceClient(c, { apiUrl: config.apiUrl, limiter });
  const clientOf = (connection: SourceConnection): BigCommerceClient => {
    const creds = connection.credentials as StoreCredentials | undefined;
    if (creds?.storeHash === undefined || creds.accessToken === undefined) {
      throw new AppError(`BigCommerce connection ${connection.key} has no credentials`, {
        code: 'source_not_connected',
        category: 'config',
        retryable: false,
        userMessage: `The BigCommerce store “${connection.label ?? connection.key}” has no API token stored; connect it again in the dashboard.`,
      });
    }
    const cacheKey = `${connection.key}|${creds.storeHash}|${creds.accessToken}`;
    let client = clients.get(cacheKey);
    if (client === undefined) {
      client = makeClient(creds);
      clients.set(cacheKey, client);
    }
    return client;
  };
  const settingsOf = (ctx: ReadContext) => bigcommerceSettingsSchema.parse(ctx.connection.settings ?? {});

  return {
    readDocument: async (ctx, ref) => {
      // Until document.sync dispatches by role, a refund or payment job must not be read as an order.
      if (ref.object !== OBJECTS.order) return { kind: 'gone' };
      return readOrder(clientOf(ctx.connection), ref, settingsOf(ctx), ctx.signal, (id, modified, nothingToSend) =>
        noteOrderRead(services.pool, ctx.connection.key, id, modified, nothingToSend),
      );
    },
    // Customers come with their orders (the billing address is what is invoiced): nothing to re-read alone.
    readCustomer: async () => ({ kind: 'gone' }),
    readCredit: async (ctx, ref) => readRefund(clientOf(ctx.connection), ref, ctx.signal),
    readPayment: async (ctx, ref) => readPayment(clientOf(ctx.connection), ref, settingsOf(ctx), ctx.signal),
    writeback: {
      // One order per item (find + write its metafield); a flush takes this many at a time.
      batchSize: 25,
      volatileFields: ['syncedAt'],
      send: async (connection, items, log) =>
        sendWritebacks(clientOf(connection), items, log, metafieldIds(services.pool, connection.key)),
    },
    stock: {
      batchSize: MAX_ADJUSTMENT_ITEMS,
      wanted: (connection) => bigcommerceSettingsSchema.parse(connection.settings ?? {}).stockFromFortnox,
      push: (ctx, levels) => pushStock(clientOf(ctx.connection), levels, { signal: ctx.signal }),
    },
    routes: (router) => {
      intakeRoutes(router, services, config);
      connectRoutes(router, services, config, makeClient);
      connectFormRoutes(router, services, config, makeClient);
    },
    start: async () => startPolling(services, config, clientOf, options.observePoll),
  };
}
