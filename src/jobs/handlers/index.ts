import type { HandlerMap } from '../../worker/worker.ts';
import { customerHandler } from './customer-sync.job.ts';
import { dealHandler } from './invoice-create.job.ts';
import { writebackHandler } from './salesforce-writeback.job.ts';
import type { SyncServices } from './services.ts';

/**
 * The handler of each catalog job, one file per job in this folder. A job with no handler here
 * stays queued (not lost) until a release that handles it is deployed.
 */
export function createHandlers(services: SyncServices): HandlerMap {
  const deal = dealHandler(services);
  return {
    'customer.sync': customerHandler(services),
    'invoice.create': deal,
    'invoice.amend': deal,
    'salesforce.writeback': writebackHandler(services),
  };
}
