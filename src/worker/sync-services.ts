import type { Connection } from 'jsforce';
import { createFortnox } from '../fortnox/index.ts';
import type { SyncServices } from '../jobs/handlers/services.ts';
import type { Runtime } from '../runtime.ts';
import { fortnoxPort } from '../sink/fortnox-adapter.ts';
import { createSalesforceSession, type SalesforceSession } from '../sources/salesforce/connection.ts';
import { salesforceNotifier } from '../sources/salesforce/writeback-outbox.ts';

/**
 * Wires the sync handlers to the real systems: one Fortnox token store and rate limiter per process,
 * one Salesforce session (created on first use, so a Salesforce outage at boot does not stop the
 * worker from draining Fortnox-only work).
 */
export function syncServices(runtime: Runtime, session?: () => Promise<SalesforceSession>): SyncServices {
  const fortnox = createFortnox({ pool: runtime.pool, config: runtime.config, logger: runtime.logger });
  let pending: Promise<SalesforceSession> | undefined;
  const salesforce = async (): Promise<Connection> => {
    pending ??= (session ?? (() => createSalesforceSession(runtime.config, runtime.logger)))();
    pending.catch(() => (pending = undefined));
    return (await pending).conn;
  };
  const requestFlush = async (): Promise<void> => {
    // A second's delay lets changes to many Opportunities share one composite call (`short` policy:
    // while a flush waits, further requests join it).
    await runtime.queue.send('salesforce.writeback', {}, { singletonKey: 'flush', startAfter: 1 });
  };
  return {
    pool: runtime.pool,
    logger: runtime.logger,
    salesforce,
    fortnoxFor: (tenantId, logger, signal) => fortnoxPort(fortnox.client(tenantId, logger), signal),
    notifier: salesforceNotifier(runtime.pool, requestFlush),
    requestFlush,
    retryDeal: async (opportunityId, correlationId) => {
      await runtime.queue.send('invoice.create', { opportunityId }, { correlationId });
    },
  };
}
