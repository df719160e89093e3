import type { StatusDeps } from '../../status/status-deps.ts';
import { readInvoice } from '../../status/status-poller.ts';
import type { JobContext } from '../queue.ts';

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
