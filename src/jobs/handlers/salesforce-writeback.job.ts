import { flushWritebacks } from '../../sources/salesforce/writeback-flush.ts';
import type { JobContext } from '../queue.ts';
import type { SyncServices } from './services.ts';

/** `salesforce.writeback`: send queued field updates, 200 records per call; chain another flush if more wait. */
export function writebackHandler(services: SyncServices) {
  return async (_payload: Record<string, never>, job: JobContext): Promise<void> => {
    const result = await flushWritebacks(services.pool, await services.salesforce(), job.logger);
    if (result.sent + result.failed > 0) job.logger.info('write-back flushed', { ...result });
    if (result.more) await services.requestFlush();
  };
}
