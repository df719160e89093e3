import { toAppError } from '../../core/errors.ts';
import { NeedsAttentionError } from '../../sink/attention.ts';
import { syncDocument } from '../../sink/document-create.ts';
import { readDeal } from '../../sources/salesforce/deal-reader.ts';
import { OPPORTUNITY_FIELDS, STATUS_LABELS } from '../../sources/salesforce/fields.ts';
import { queueWriteback } from '../../sources/salesforce/writeback-outbox.ts';
import type { JobContext } from '../queue.ts';
import { type SyncServices, sinkContext } from './services.ts';

/**
 * `invoice.create` and `invoice.amend`: read the Opportunity as it is now and make Fortnox match it.
 * Both jobs run the same code — creation, update, cancel or credit is decided from current data
 * and the ledger, never from what the triggering event said.
 */
export function dealHandler(services: SyncServices) {
  return async ({ opportunityId }: { opportunityId: string }, job: JobContext): Promise<void> => {
    const source = { system: 'salesforce', object: 'Opportunity', id: opportunityId };
    try {
      const { ctx, settings } = await sinkContext(services, job);
      const read = await readDeal(await services.salesforce(), opportunityId, settings.wonStages);
      if (read.missing === 'opportunity') {
        job.logger.info('opportunity no longer exists; nothing to do');
        return;
      }
      if (read.document === undefined) {
        throw new NeedsAttentionError(
          'This Opportunity has no Account. Add the customer Account to the Opportunity and save it.',
          'no_account',
        );
      }
      const record = await syncDocument(ctx, read.document);
      job.logger.info(record ? 'deal synced' : 'deal not won; nothing to send', {
        state: record?.state,
        documentNumber: record?.fortnoxNumber,
      });
    } catch (error) {
      const err = toAppError(error);
      // Failures before a ledger row exists (no Account, Fortnox not connected) still reach the rep.
      if (err instanceof NeedsAttentionError) {
        await queueWriteback(services.pool, source, {
          [OPPORTUNITY_FIELDS.status]: STATUS_LABELS.needs_attention,
          [OPPORTUNITY_FIELDS.syncError]: err.userMessage,
        });
        await services.requestFlush();
      }
      throw error;
    }
  };
}
