import type { StatusDeps } from '../../status/status-deps.ts';
import type { HandlerMap } from '../../worker/worker.ts';
import { customerHandler } from './customer-sync.job.ts';
import { dealHandler } from './invoice-create.job.ts';
import { writebackHandler } from './salesforce-writeback.job.ts';
import type { SyncServices } from './services.ts';
import { statusOverdueHandler } from './status-overdue.job.ts';
import { statusInvoiceHandler, statusPollHandler, statusTickHandler } from './status-poll.job.ts';

/**
 * The handler of each catalog job, one file per job in this folder. A job with no handler here
 * stays queued (not lost) until a release that handles it is deployed.
 */
export function createHandlers(services: SyncServices, status?: StatusDeps): HandlerMap {
  const deal = dealHandler(services);
  return {
    ...(status === undefined
      ? {}
      : {
          'status.tick': statusTickHandler(status),
          'status.poll': statusPollHandler(status),
          'status.invoice': statusInvoiceHandler(status),
          'status.overdue': statusOverdueHandler(status),
        }),
    'customer.sync': customerHandler(services),
    'invoice.create': deal,
    'invoice.amend': deal,
    'salesforce.writeback': writebackHandler(services),
  };
}
