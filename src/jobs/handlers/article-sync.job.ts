import type { SourceRef } from '../../core/documents.ts';
import { loadSettings } from '../../db/settings.repo.ts';
import { articleTenants } from '../../sink/article-routing.ts';
import { syncArticle } from '../../sink/article-sync.ts';
import { NeedsAttentionError } from '../../sink/attention.ts';
import { parkBeforeDocument } from '../../sink/parking.ts';
import { withSourceLock } from '../../sink/source-lease.ts';
import type { OpenSource } from '../../sources/source-set.ts';
import type { JobContext } from '../queue.ts';
import { type SyncServices, tenantContext } from './services.ts';

/**
 * `document.sync` for objects of role 'article' (a product of the source's price list): read the
 * product as it is now, under its lease, and make its article match in every company it belongs in
 * (sink/article-routing.ts). A company that fails for a while fails the job (pg-boss retries; the
 * companies already done cost nothing the second time); a refusal parks that company's record.
 */
export async function syncArticleObject(
  services: SyncServices,
  job: JobContext,
  source: SourceRef,
  open: OpenSource,
): Promise<void> {
  const { adapter, runtime } = open;
  if (runtime.readArticle === undefined) throw new Error(`${adapter.label} has products but no readArticle`);
  const words = adapter.objects[source.object]!.words;
  const connection = await services.sources.connection(source);
  await withSourceLock(services.pool, source, async () => {
    const read = await runtime.readArticle!({ connection, logger: job.logger, signal: job.signal }, source);
    if (read.kind === 'gone') return job.logger.info('product no longer exists; its article is left as it is');
    if (read.kind === 'off') return job.logger.info('product sync is off for this connection; nothing to do');
    const parking = { pool: services.pool, correlationId: job.correlationId, notifier: services.notifier };
    const title = read.kind === 'article' ? read.article.title : read.title;
    let tenants: string[];
    try {
      tenants = await articleTenants(services.pool, await loadSettings(services.pool), source);
    } catch (error) {
      if (!(error instanceof NeedsAttentionError)) throw error;
      if (read.kind === 'article' && !read.article.active) return;
      await parkBeforeDocument(parking, { source, kind: 'article', tenantId: undefined, label: title }, error);
      return job.logger.warn('product needs attention', { reason: error.code });
    }
    for (const tenantId of tenants) {
      if (read.kind === 'blocked') {
        const error = new NeedsAttentionError(read.message, read.code);
        await parkBeforeDocument(parking, { source, kind: 'article', tenantId, label: title }, error);
        continue;
      }
      const { ctx } = await tenantContext(services, job, source, words, tenantId);
      const record = await syncArticle(ctx, read.article);
      if (record === undefined) ctx.logger.info('inactive product without an article; nothing to do');
      else if (record.state === 'needs_attention')
        ctx.logger.warn('article needs attention', { reason: record.errorCode });
      else ctx.logger.info('article synced', { articleNumber: record.fortnoxNumber });
    }
  });
}
