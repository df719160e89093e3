import type { SourceRef } from '../../core/documents.ts';
import { documentsWaitingFor } from '../../db/ledger-claim.repo.ts';
import { NeedsAttentionError } from '../../sink/attention.ts';
import { ensureCustomer, holdCustomerForPreview } from '../../sink/customer-sync.ts';
import { parkBeforeDocument } from '../../sink/parking.ts';
import { factsOf } from '../../sink/routing.ts';
import { withSourceLock } from '../../sink/source-lease.ts';
import type { JobContext } from '../queue.ts';
import { routedContext, type SyncServices } from './services.ts';

/**
 * `customer.sync`: a customer record changed; make its Fortnox customer match (or create it).
 * Whatever the outcome, the documents parked on this customer are tried again — the change may be
 * what fixes them (a billing country added), and one still blocked simply parks again.
 */
export function customerSyncHandler(services: SyncServices) {
  return async ({ source }: { source: SourceRef; reason?: string | undefined }, job: JobContext): Promise<void> => {
    const { adapter, runtime } = services.sources.check(source);
    const words = adapter.objects[source.object]!.words;
    const connection = await services.sources.connection(source);
    const read = await runtime.readCustomer({ connection, logger: job.logger, signal: job.signal }, source);
    if (read.kind === 'gone') {
      job.logger.info('customer record no longer exists; nothing to do');
      return;
    }
    const { customer } = read;
    const parking = { pool: services.pool, correlationId: job.correlationId, notifier: services.notifier };
    try {
      const { ctx } = await routedContext(services, job, source, words, factsOf(source, customer)).catch(
        async (error) => {
          // No Fortnox company to send the customer to: parked unrouted, found again when one is connected.
          if (error instanceof NeedsAttentionError) {
            const target = { source, kind: 'customer' as const, tenantId: undefined, label: customer.name };
            await parkBeforeDocument(parking, target, error);
          }
          throw error;
        },
      );
      const number = await withSourceLock(
        ctx.pool,
        source,
        async () => ((await holdCustomerForPreview(ctx, customer)) ? undefined : ensureCustomer(ctx, customer)),
        { tenantId: ctx.tenantId },
      );
      if (number === undefined) job.logger.info('customer held by preview mode');
      else job.logger.info('customer synced', { customerNumber: number });
    } catch (error) {
      // ensureCustomer parked its own record (or the catch above did); the job ends here.
      if (!(error instanceof NeedsAttentionError)) throw error;
      job.logger.warn('customer needs attention', { reason: error.code });
    }
    for (const document of await documentsWaitingFor(services.pool, source)) {
      await services.queue.send(
        'document.sync',
        { source: document, reason: 'customer_changed' },
        { correlationId: job.correlationId },
      );
    }
  };
}
