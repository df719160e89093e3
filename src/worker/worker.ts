import { type JobName, jobCatalog, type WorkerOptions } from '../jobs/catalog.ts';
import type { HandlerMap } from '../jobs/handlers/index.ts';
import type { Runtime } from '../runtime.ts';

/** Registers a pg-boss worker for every core handler given. */
export async function startWorker(runtime: Runtime, handlers: HandlerMap): Promise<void> {
  const register = async <N extends JobName>(name: N, handler: HandlerMap[N]): Promise<void> => {
    if (handler !== undefined) {
      const entry = jobCatalog[name];
      await runtime.queue.work(name, handler, workOptions(runtime, 'worker' in entry ? entry.worker : undefined));
    }
  };
  for (const name of Object.keys(handlers) as JobName[]) await register(name, handlers[name]);
  runtime.logger.info('worker started', { jobs: Object.keys(handlers) });
}

/** A queue's slots and polling: its own where the catalog says, else the worker's concurrency. */
export function workOptions(
  runtime: Pick<Runtime, 'config'>,
  worker: WorkerOptions | undefined,
): { concurrency: number; pollingIntervalSeconds?: number } {
  return {
    concurrency: worker?.concurrency ?? runtime.config.WORKER_CONCURRENCY,
    ...(worker?.pollSeconds === undefined ? {} : { pollingIntervalSeconds: worker.pollSeconds }),
  };
}
