import type { StatusDeps } from '../../status/status-deps.ts';
import { pollTenant } from '../../status/status-poller.ts';
import type { JobContext } from '../queue.ts';

/** `status.poll`: read one tenant's invoice changes since its checkpoint. */
export function statusPollHandler(deps: StatusDeps) {
  return async (payload: { tenantId: string }, job: JobContext): Promise<void> => {
    const logger = job.logger.child({ tenantId: payload.tenantId });
    const result = await pollTenant(
      { deps, logger, correlationId: job.correlationId, via: 'poll' },
      payload.tenantId,
      job.signal,
    );
    // An idle poll is the normal case: debug, not info.
    if (result.outcomes.changed + result.outcomes.alerted > 0) logger.info('status poll', { ...result });
    else logger.debug('status poll', { ...result });
  };
}
