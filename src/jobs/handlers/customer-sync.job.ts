import { documentsWaitingFor } from '../../db/ledger-claim.repo.ts';
import { loadSettings } from '../../db/settings.repo.ts';
import { NeedsAttentionError } from '../../sink/attention.ts';
import { withSourceLock } from '../../sink/context.ts';
import { ensureCustomer } from '../../sink/customer-sync.ts';
import { parkBeforeDocument } from '../../sink/parking.ts';
import { readAccount } from '../../sources/salesforce/deal-reader.ts';
import type { JobContext } from '../queue.ts';
import { type SyncServices, sinkContext } from './services.ts';

/**
 * `customer.sync`: an Account changed; make its Fortnox customer match (or create it). Whatever the
 * outcome, the deals parked on this Account are tried again — the change may be what fixes them
 * (a billing country added), and a deal still blocked simply parks again with the same message.
 */
export function customerHandler(services: SyncServices) {
  return async ({ accountId }: { accountId: string }, job: JobContext): Promise<void> => {
    const customer = await readAccount(await services.salesforce(), accountId);
    if (customer === undefined) {
      job.logger.info('account no longer exists; nothing to do');
      return;
    }
    const parking = { pool: services.pool, correlationId: job.correlationId, notifier: services.notifier };
    try {
      const { ctx } = await sinkContext(services, job, await loadSettings(services.pool)).catch(async (error) => {
        // No Fortnox company to send the customer to: parked unrouted, found again when one is connected.
        if (error instanceof NeedsAttentionError) {
          const target = {
            source: customer.source,
            kind: 'customer' as const,
            tenantId: undefined,
            label: customer.name,
          };
          await parkBeforeDocument(parking, target, error);
        }
        throw error;
      });
      const number = await withSourceLock(
        ctx.pool,
        customer.source,
        () => ensureCustomer(ctx, customer),
        job.correlationId,
      );
      job.logger.info('customer synced', { customerNumber: number });
    } catch (error) {
      // ensureCustomer parked its own record (or the catch above did); the job ends here.
      if (!(error instanceof NeedsAttentionError)) throw error;
      job.logger.warn('customer needs attention', { reason: error.code });
    }
    for (const deal of await documentsWaitingFor(services.pool, customer.source)) {
      await services.retryDeal(deal.id, job.correlationId);
    }
  };
}
