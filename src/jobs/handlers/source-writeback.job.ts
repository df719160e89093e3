import { flushConnection } from '../../status/writeback-queue.ts';
import type { RequestFlush } from '../flush-requests.ts';
import type { JobContext } from '../queue.ts';
import type { SyncServices } from './services.ts';

/** `source.writeback`: send one connection's queued write-backs in batches; ask for another flush if more wait. */
export function sourceWritebackHandler(services: SyncServices, requestFlush: RequestFlush) {
  return async (
    { system, connection: key }: { system: string; connection: string },
    job: JobContext,
  ): Promise<void> => {
    const { adapter, runtime } = services.sources.of(system);
    if (runtime.writeback === undefined) return;
    const connection = await services.sources.connection({ system, connection: key });
    const result = await flushConnection(services.pool, adapter.label, runtime.writeback, connection, job.logger);
    if (result.sent + result.failed > 0) job.logger.info('write-back flushed', { ...result, system, connection: key });
    if (result.more) await requestFlush(system, key);
  };
}
