import type { StatusDeps } from '../../status/status-deps.ts';
import { tick } from '../../status/status-schedule.ts';
import type { JobContext } from '../queue.ts';

/** `status.tick`: fan out one poll per connected tenant, ask for due write-backs, and queue the next tick. */
export function statusTickHandler(deps: StatusDeps) {
  return async (_payload: Record<string, never>, job: JobContext): Promise<void> => {
    const result = await tick(deps, job.correlationId);
    job.logger.debug('status tick', { ...result });
  };
}
