import type { HandlerMap } from '../../worker/worker.ts';

/**
 * The handler of each catalog job, one file per job in this folder. A job with no handler here
 * stays queued (not lost) until a release that handles it is deployed.
 */
export const handlers: HandlerMap = {};
