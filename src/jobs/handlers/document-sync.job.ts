import type { SourceRef } from '../../core/documents.ts';
import { loadSettings } from '../../db/settings.repo.ts';
import { NeedsAttentionError } from '../../sink/attention.ts';
import { syncDocument } from '../../sink/document-sync.ts';
import { parkBeforeDocument, releaseUnsent } from '../../sink/parking.ts';
import { factsOf, type RoutingFacts } from '../../sink/routing.ts';
import { withSourceLock } from '../../sink/source-lease.ts';
import type { JobContext } from '../queue.ts';
import { retryWaiting } from '../waiting-records.ts';
import { syncArticleObject } from './article-sync.job.ts';
import { isMoneyRole, syncByRole } from './role-dispatch.ts';
import { type Routed, routedContext, type SyncServices } from './services.ts';

/**
 * `document.sync`: read the source record as it is now and make Fortnox match it — create, update,
 * cancel or credit is decided from current data and the ledger, never from what the triggering
 * event said. What stops it before a document can exist (no customer on the record, no Fortnox
 * company to send it to) is parked on a ledger record like any other problem, so a fix finds it.
 */
export function documentSyncHandler(services: SyncServices) {
  return async ({ source }: { source: SourceRef; reason?: string | undefined }, job: JobContext): Promise<void> => {
    const open = services.sources.check(source);
    const { adapter, runtime } = open;
    // Refunds, payments, vouchers and products have sinks of their own; sales documents go on below.
    const role = adapter.objects[source.object]!.role;
    if (isMoneyRole(role)) return syncByRole(role, services, job, source, open);
    if (role === 'article') return syncArticleObject(services, job, source, open);
    const words = adapter.objects[source.object]!.words;
    const parking = { pool: services.pool, correlationId: job.correlationId, notifier: services.notifier };
    const connection = await services.sources.connection(source);
    // The record is read under its lease: a job that read it before another job's change was applied
    // would otherwise apply its older copy afterwards (a booked invoice then looks "changed").
    await withSourceLock(services.pool, source, () => syncUnderLease());
    async function syncUnderLease(): Promise<void> {
      const read = await runtime.readDocument({ connection, logger: job.logger, signal: job.signal }, source);
      if (read.kind === 'gone') {
        job.logger.info('source record no longer exists; nothing to do');
        return;
      }
      const active = read.kind === 'document' ? read.document.active : read.active;
      const title = read.kind === 'document' ? read.document.title : read.title;
      if (!active && read.kind === 'blocked') {
        await releaseUnsent(parking, source, `the ${words.document} no longer wants a document`);
        return;
      }
      const facts: RoutingFacts =
        read.kind === 'document'
          ? factsOf(source, read.document.customer, read.document.currency, read.document.routing)
          : { source, country: undefined, currency: undefined, fields: {} };
      let routed: Routed;
      try {
        routed = await routedContext(services, job, source, words, facts);
      } catch (error) {
        if (!(error instanceof NeedsAttentionError)) throw error;
        if (!active) {
          await releaseUnsent(parking, source, `the ${words.document} no longer wants a document`);
          return;
        }
        const kind = (await loadSettings(services.pool)).documentKind;
        const customer = read.kind === 'document' ? read.document.customer.source.id : read.customer?.id;
        const target = {
          source,
          kind,
          tenantId: undefined,
          label: title,
          ...(customer ? { customerSourceId: customer } : {}),
        };
        const record = await parkBeforeDocument(parking, target, error);
        job.logger.warn('document needs attention', { reason: record.errorCode });
        return;
      }
      const { ctx, settings } = routed;
      if (read.kind === 'blocked') {
        const target = { source, kind: settings.documentKind, tenantId: ctx.tenantId, label: title };
        await parkBeforeDocument(parking, target, new NeedsAttentionError(read.message, read.code));
        job.logger.warn('document needs attention', { reason: read.code });
        return;
      }
      const record = await syncDocument(ctx, read.document);
      if (record === undefined) job.logger.info('nothing to send: the source does not want a document');
      else if (record.state === 'needs_attention')
        job.logger.warn('document needs attention', { reason: record.errorCode });
      else job.logger.info('document synced', { state: record.state, documentNumber: record.fortnoxNumber });
      // Refunds and payments that came first wait for this document's invoice. A draft satisfies only
      // those waiting for the invoice to exist: every event about an unchanged draft would otherwise
      // re-read each payment waiting for its booking (the status side sends those when it is booked).
      if (record?.fortnoxNumber) {
        const codes = record.state === 'draft' ? ['waiting_for_original'] : undefined;
        await retryWaiting(services.pool, services.queue, source, job.correlationId, codes);
      }
    }
  };
}
