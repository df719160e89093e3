import { defined } from '../../core/optional.ts';
import type { SourceConnection, SourceRuntime, SourceServices } from '../source.ts';
import { type WooClient, wooClient } from './client.ts';
import { credentialsOf, wooConfig } from './config.ts';
import { wooConnectRoutes } from './connect.ts';
import { startWooPoller } from './poller.ts';
import { wooReaders } from './readers.ts';
import { wooWebhookRoutes } from './webhooks.ts';
import { sendWriteback } from './writeback.ts';

/**
 * The WooCommerce adapter in one process: one official client per connection (credentials from
 * the dashboard, else the environment), the readers, webhook intake (web) and the catch-up poller
 * with webhook registration (worker), and the order-note write-back.
 */

/** Test and script seams, passed as `sourceOptions.woocommerce`. */
export interface WooRuntimeOptions {
  /** This service's own URL when PUBLIC_URL is not set (the stack's port is chosen at run time). */
  publicUrl?: () => string | undefined;
  pollMs?: number;
  /** Observes each poller round (tests await it instead of sleeping). */
  onPoll?: (round: { poll(): Promise<void> }) => void;
}

export function openWooCommerce(services: SourceServices, options: WooRuntimeOptions = {}): SourceRuntime {
  const config = wooConfig(services.config);
  const clients = new Map<string, { fingerprint: string; client: WooClient }>();
  const clientFor = (connection: SourceConnection): WooClient | undefined => {
    const credentials = credentialsOf(connection.credentials, config);
    if (credentials === undefined) return undefined;
    const fingerprint = `${credentials.url}|${credentials.consumerKey}|${credentials.consumerSecret}`;
    const cached = clients.get(connection.key);
    if (cached?.fingerprint === fingerprint) return cached.client;
    const client = wooClient(credentials);
    clients.set(connection.key, { fingerprint, client });
    return client;
  };
  const readers = wooReaders({
    client: (ctx) => {
      const client = clientFor(ctx.connection);
      if (client === undefined) throw new Error(`WooCommerce connection ${ctx.connection.key} has no credentials`);
      return client;
    },
  });
  const publicUrl = () => {
    const configured = services.config.PUBLIC_URL;
    return typeof configured === 'string' ? configured : options.publicUrl?.();
  };
  return {
    readDocument: (ctx, ref) =>
      // Refunds and payments are read by their own readers once `document.sync` dispatches by role.
      ref.object === 'order' ? readers.readDocument(ctx, ref) : Promise.resolve({ kind: 'gone' }),
    readCustomer: readers.readCustomer,
    readCredit: readers.readCredit,
    readPayment: readers.readPayment,
    readArticle: readers.readArticle,
    writeback: {
      batchSize: 20,
      send: (connection, items, logger) => sendWriteback(clientFor(connection), connection, items, logger),
    },
    routes: (router) => {
      wooWebhookRoutes(router, services, config);
      wooConnectRoutes(router, services);
    },
    start: async () => {
      const poller = startWooPoller({
        pool: services.pool,
        queue: services.queue,
        connections: services.connections,
        logger: services.logger,
        config,
        clientFor,
        publicUrl,
        ...defined({ intervalMs: options.pollMs }),
      });
      options.onPoll?.({ poll: () => poller.round() });
      return poller;
    },
  };
}
