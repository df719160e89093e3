import type { StatusDeps } from '../../status/status-deps.ts';
import { pollTenant, readInvoice } from '../../status/status-poller.ts';
import { tick } from '../../status/status-schedule.ts';
import type { JobContext } from '../queue.ts';

/** `status.tick`: fan out one poll per connected tenant and queue the next tick. */
export function statusTickHandler(deps: StatusDeps) {
  return async (_payload: Record<string, never>, job: JobContext): Promise<void> => {
    const result = await tick(deps, job.correlationId);
    job.logger.debug('status tick', { ...result });
  };
}

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

/** `status.invoice`: a WebSocket event named an invoice (or a payment); read that one. */
export function statusInvoiceHandler(deps: StatusDeps) {
  return async (
    payload: { tenantId: string; documentNumber?: string | undefined; paymentNumber?: string | undefined },
    job: JobContext,
  ): Promise<void> => {
    const logger = job.logger.child({
      tenantId: payload.tenantId,
      documentNumber: payload.documentNumber,
      paymentNumber: payload.paymentNumber,
    });
    const outcome = await readInvoice(
      { deps, logger, correlationId: job.correlationId, via: 'websocket' },
      payload.tenantId,
      payload,
      job.signal,
    );
    logger.debug('status read', { outcome });
  };
}
