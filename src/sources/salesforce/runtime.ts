import { defined } from '../../core/optional.ts';
import type { SourceRuntime, SourceServices } from '../source.ts';
import { salesforceConfig } from './config.ts';
import { createSalesforceSession, type SalesforceSession } from './connection.ts';
import { readAccount } from './deal-reader.ts';
import { readSalesforceDocument } from './document-read.ts';
import { OPPORTUNITY_FIELDS } from './fields.ts';
import { type ListenerSignal, startSalesforceListener } from './listener.ts';
import { readProduct } from './product-reader.ts';
import { ORG_CONNECTION, salesforceSettingsSchema } from './settings.ts';
import { BATCH, sendWritebacks } from './writeback-send.ts';

/**
 * The Salesforce adapter in one process: one JWT-bearer session (opened on first use, so a
 * Salesforce outage at boot does not stop the worker draining Fortnox-only work), the readers, the
 * write-back sender and, in the worker, the stream listener.
 */

export { NO_ACCOUNT } from './document-read.ts';

/** Test seams, passed by scripts and tests as `sourceOptions.salesforce`. */
export interface SalesforceRuntimeOptions {
  /** Defaults to the JWT bearer session of the config; tests inject clocks through it. */
  openSession?: () => Promise<SalesforceSession>;
  observe?: (signal: ListenerSignal) => void;
  /** Standby lock attempts of the stream listener. */
  pollMs?: number;
}

export function openSalesforce(services: SourceServices, options: SalesforceRuntimeOptions = {}): SourceRuntime {
  const config = salesforceConfig(services.config);
  const logger = services.logger.child({ source: 'salesforce' });
  const create = options.openSession ?? (() => createSalesforceSession(config, logger));
  // The org's instance URL comes with every sign-in (it moves when Salesforce migrates the org): the
  // console links records there. Noting it is best effort; a failure never stops the sync.
  const noteInstance = (s: SalesforceSession) =>
    services.connections
      .noteWebUrl('salesforce', ORG_CONNECTION, s.conn.instanceUrl ?? '')
      .catch((error: unknown) => logger.warn('could not note the Salesforce instance URL', { error }));
  const open = async () => {
    const s = await create();
    s.onRenewed(() => void noteInstance(s));
    await noteInstance(s);
    return s;
  };
  let pending: Promise<SalesforceSession> | undefined;
  const session = (): Promise<SalesforceSession> => {
    pending ??= open();
    pending.catch(() => {
      pending = undefined;
    });
    return pending;
  };
  const conn = async () => (await session()).conn;

  return {
    readDocument: async (ctx, ref) =>
      readSalesforceDocument(await conn(), services.pool, salesforceSettingsSchema.parse(ctx.connection.settings), ref),
    readCustomer: async (_ctx, ref) => {
      const customer = await readAccount(await conn(), ref.id, ref.connection);
      return customer === undefined ? { kind: 'gone' } : { kind: 'customer', customer };
    },
    readArticle: async (ctx, ref) =>
      salesforceSettingsSchema.parse(ctx.connection.settings).syncProducts
        ? readProduct(await conn(), ref.id, ref.connection)
        : { kind: 'off' },
    writeback: {
      batchSize: BATCH,
      // Changes with every write and says nothing on its own: sent along, never a reason to write.
      volatileFields: [OPPORTUNITY_FIELDS.syncedAt],
      send: async (_connection, items, log) => sendWritebacks(await conn(), items, log),
    },
    start: async () => {
      const listener = startSalesforceListener({
        config,
        logger: services.logger,
        pool: services.pool,
        queue: services.queue,
        target: services.target,
        openSession: session,
        ...defined({ observe: options.observe, pollMs: options.pollMs }),
      });
      return { stop: () => listener.stop() };
    },
  };
}
