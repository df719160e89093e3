import type { JobName } from '../jobs/catalog.ts';
import type { HandlerMap } from '../jobs/handlers/index.ts';
import type { Runtime } from '../runtime.ts';

/** Registers a pg-boss worker for every core handler given. */
export async function startWorker(runtime: Runtime, handlers: HandlerMap): Promise<void> {
  const register = async <N extends JobName>(name: N, handler: HandlerMap[N]): Promise<void> => {
    if (handler !== undefined)
      await runtime.queue.work(name, handler, { concurrency: runtime.config.WORKER_CONCURRENCY });
  };
  for (const name of Object.keys(handlers) as JobName[]) await register(name, handlers[name]);
  runtime.logger.info('worker started', { jobs: Object.keys(handlers) });
}
