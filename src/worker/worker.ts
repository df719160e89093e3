import type { z } from 'zod';
import type { JobCatalog, JobName } from '../jobs/catalog.ts';
import type { JobHandler } from '../jobs/queue.ts';
import type { Runtime } from '../runtime.ts';

type HandlerFor<N extends JobName> = JobHandler<z.output<JobCatalog[N]['schema']>>;
export type HandlerMap = { [N in JobName]?: HandlerFor<N> };

/** Registers a pg-boss worker for every handler given; later issues add the stream listener here. */
export async function startWorker(runtime: Runtime, handlers: HandlerMap): Promise<void> {
  const register = async <N extends JobName>(name: N, handler: HandlerFor<N> | undefined): Promise<void> => {
    if (handler !== undefined)
      await runtime.queue.work(name, handler, { concurrency: runtime.config.WORKER_CONCURRENCY });
  };
  for (const name of Object.keys(handlers) as JobName[]) await register(name, handlers[name]);
  runtime.logger.info('worker started', { jobs: Object.keys(handlers) });
}
