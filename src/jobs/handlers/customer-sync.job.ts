import { documentsWaitingFor } from '../../db/sync-records.repo.ts';
import { NeedsAttentionError } from '../../sink/attention.ts';
import { withSourceLock } from '../../sink/context.ts';
import { ensureCustomer } from '../../sink/customer-sync.ts';
import { readAccount } from '../../sources/salesforce/deal-reader.ts';
import type { JobContext } from '../queue.ts';
import { type SyncServices, sinkContext } from './services.ts';

/** `customer.sync`: an Account changed; make its Fortnox customer match (or create it). */
export function customerHandler(services: SyncServices) {
  return async ({ accountId }: { accountId: string }, job: JobContext): Promise<void> => {
    const { ctx } = await sinkContext(services, job);
    const customer = await readAccount(await services.salesforce(), accountId);
    if (customer === undefined) {
      job.logger.info('account no longer exists; nothing to do');
      return;
    }
    try {
      const number = await withSourceLock(
        ctx.pool,
        customer.source,
        () => ensureCustomer(ctx, customer),
        job.correlationId,
      );
      job.logger.info('customer synced', { customerNumber: number });
      // Deals that were parked because of this customer (say, a missing billing country) go again.
      for (const deal of await documentsWaitingFor(ctx.pool, customer.source))
        await services.retryDeal(deal.id, job.correlationId);
    } catch (error) {
      // Already parked and written back by ensureCustomer; the job ends here instead of retrying.
      if (error instanceof NeedsAttentionError) return;
      throw error;
    }
  };
}
