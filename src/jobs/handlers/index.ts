import type { z } from 'zod';
import type { StatusDeps } from '../../status/status-deps.ts';
import type { JobCatalog, JobName } from '../catalog.ts';
import type { RequestFlush } from '../flush-requests.ts';
import type { JobHandler } from '../queue.ts';
import { consoleBulkHandler } from './console-bulk.job.ts';
import { customerSyncHandler } from './customer-sync.job.ts';
import { documentSyncHandler } from './document-sync.job.ts';
import type { SyncServices } from './services.ts';
import { sourceWritebackHandler } from './source-writeback.job.ts';
import { statusInvoiceHandler } from './status-invoice.job.ts';
import { statusOverdueHandler } from './status-overdue.job.ts';
import { statusPollHandler } from './status-poll.job.ts';
import { statusTickHandler } from './status-tick.job.ts';
import { stockSyncHandler } from './stock-sync.job.ts';

type HandlerFor<N extends JobName> = JobHandler<z.output<JobCatalog[N]['schema']>>;
export type HandlerMap = { [N in JobName]?: HandlerFor<N> };

/**
 * The handler of each core job, one file per job in this folder (adapters bring their own jobs).
 * A job with no handler here stays queued (not lost) until a release that handles it is deployed.
 */
export function createHandlers(services: SyncServices, requestFlush: RequestFlush, status?: StatusDeps): HandlerMap {
  return {
    ...(status === undefined
      ? {}
      : {
          'status.tick': statusTickHandler(status),
          'status.poll': statusPollHandler(status),
          'status.invoice': statusInvoiceHandler(status),
          'status.overdue': statusOverdueHandler(status),
        }),
    'document.sync': documentSyncHandler(services),
    'customer.sync': customerSyncHandler(services),
    'source.writeback': sourceWritebackHandler(services, requestFlush),
    'console.bulk': consoleBulkHandler(services),
    'stock.sync': stockSyncHandler(services),
  };
}
