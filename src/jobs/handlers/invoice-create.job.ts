import { loadSettings } from '../../db/settings.repo.ts';
import { NeedsAttentionError } from '../../sink/attention.ts';
import { syncDocument } from '../../sink/document-create.ts';
import { parkBeforeDocument, releaseUnsent } from '../../sink/parking.ts';
import { readDeal } from '../../sources/salesforce/deal-reader.ts';
import type { JobContext } from '../queue.ts';
import { type SyncServices, sinkContext } from './services.ts';

const NO_ACCOUNT = 'This Opportunity has no Account. Add the customer Account to the Opportunity and save it.';

/**
 * `invoice.create` and `invoice.amend`: read the Opportunity as it is now and make Fortnox match it.
 * Both jobs run the same code — creation, update, cancel or credit is decided from current data
 * and the ledger, never from what the triggering event said. What stops the deal before a document
 * can exist (no Account, no Fortnox company) is parked on a ledger record like any other problem.
 */
export function dealHandler(services: SyncServices) {
  return async ({ opportunityId }: { opportunityId: string }, job: JobContext): Promise<void> => {
    const source = { system: 'salesforce', object: 'Opportunity', id: opportunityId };
    const parking = { pool: services.pool, correlationId: job.correlationId, notifier: services.notifier };
    const global = await loadSettings(services.pool);
    const read = await readDeal(await services.salesforce(), opportunityId, global.wonStages);
    if (read.missing === 'opportunity') {
      job.logger.info('opportunity no longer exists; nothing to do');
      return;
    }
    if (!read.active && read.document === undefined) {
      await releaseUnsent(parking, source, 'the deal is no longer won');
      job.logger.info('deal not won and has no Account; nothing to send');
      return;
    }
    let built: Awaited<ReturnType<typeof sinkContext>>;
    try {
      built = await sinkContext(services, job, global);
    } catch (error) {
      if (!(error instanceof NeedsAttentionError)) throw error;
      if (!read.active) {
        await releaseUnsent(parking, source, 'the deal is no longer won');
        return;
      }
      const target = {
        source,
        kind: global.documentKind,
        tenantId: undefined,
        label: read.title,
        ...(read.document === undefined ? {} : { customerSourceId: read.document.customer.source.id }),
      };
      const record = await parkBeforeDocument(parking, target, error);
      job.logger.warn('deal needs attention', { reason: record.errorCode });
      return;
    }
    const { ctx, settings } = built;
    if (read.document === undefined) {
      const target = { source, kind: settings.documentKind, tenantId: ctx.tenantId, label: read.title };
      await parkBeforeDocument(parking, target, new NeedsAttentionError(NO_ACCOUNT, 'no_account'));
      job.logger.warn('deal needs attention', { reason: 'no_account' });
      return;
    }
    const record = await syncDocument(ctx, read.document);
    if (record === undefined) job.logger.info('deal not won; nothing to send');
    else if (record.state === 'needs_attention') job.logger.warn('deal needs attention', { reason: record.errorCode });
    else job.logger.info('deal synced', { state: record.state, documentNumber: record.fortnoxNumber });
  };
}
