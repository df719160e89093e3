import type { StatusDeps } from '../../status/status-deps.ts';
import { markOverdue } from '../../status/status-schedule.ts';
import type { JobContext } from '../queue.ts';

/** `status.overdue` (daily, or on request with `asOf`): open invoices past their due date become Overdue. */
export function statusOverdueHandler(deps: StatusDeps) {
  return async (payload: { asOf?: string | undefined }, job: JobContext): Promise<void> => {
    const today = payload.asOf ?? deps.today();
    const result = await markOverdue(
      { deps, logger: job.logger, correlationId: job.correlationId, via: 'overdue' },
      today,
    );
    job.logger.info('overdue run', { ...result, today });
  };
}
