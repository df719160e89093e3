import { syncStock } from '../../sink/stock-sync.ts';
import type { JobContext } from '../queue.ts';
import type { SyncServices } from './services.ts';

/** `stock.sync`: one Fortnox company's changed stock to every source connection that wants it. */
export function stockSyncHandler(services: SyncServices) {
  return async ({ tenantId }: { tenantId: string }, job: JobContext): Promise<void> => {
    const logger = job.logger.child({ tenantId });
    const result = await syncStock(
      {
        pool: services.pool,
        sources: services.sources,
        logger,
        articles: (tenant) => services.fortnoxFor(tenant, logger, job.signal).articles,
        signal: job.signal,
      },
      tenantId,
    );
    if (result.pushed + result.unknown.length > 0)
      logger.info('stock synced', { ...result, unknown: result.unknown.length });
    else logger.debug('stock synced', { ...result, unknown: result.unknown.length });
  };
}
