import type { SourceRuntime, SourceServices } from '../source.ts';
import { salesforceConfig } from './config.ts';
import { createSalesforceSession, type SalesforceSession } from './connection.ts';
import { readAccount, readDeal } from './deal-reader.ts';
import { OPPORTUNITY_FIELDS } from './fields.ts';
import { type ListenerSignal, startSalesforceListener } from './listener.ts';
import { salesforceSettingsSchema } from './settings.ts';
import { BATCH, sendWritebacks } from './writeback-send.ts';

/**
 * The Salesforce adapter in one process: one JWT-bearer session (opened on first use, so a
 * Salesforce outage at boot does not stop the worker draining Fortnox-only work), the readers, the
 * write-back sender and, in the worker, the stream listener.
 */

export const NO_ACCOUNT = 'This Opportunity has no Account. Add the customer Account to the Opportunity and save it.';

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
  const open = options.openSession ?? (() => createSalesforceSession(config, logger));
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
    readDocument: async (ctx, ref) => {
      const { wonStages } = salesforceSettingsSchema.parse(ctx.connection.settings);
      const read = await readDeal(await conn(), ref.id, wonStages, ref.connection);
      if (read.missing === 'opportunity') return { kind: 'gone' };
      if (read.document === undefined) {
        return { kind: 'blocked', active: read.active, title: read.title, code: 'no_account', message: NO_ACCOUNT };
      }
      return { kind: 'document', document: read.document };
    },
    readCustomer: async (_ctx, ref) => {
      const customer = await readAccount(await conn(), ref.id, ref.connection);
      return customer === undefined ? { kind: 'gone' } : { kind: 'customer', customer };
    },
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
        ...(options.observe === undefined ? {} : { observe: options.observe }),
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      });
      return { stop: () => listener.stop() };
    },
  };
}
