import type { Logger } from '../core/logger.ts';
import type { JobCatalog } from './catalog.ts';
import type { JobQueue } from './queue.ts';

/**
 * Asks for a `source.writeback` of one connection a moment from now, so a burst of changes leaves in
 * one batch call. The wait is kept in the process rather than as a delayed job: pg-boss wakes
 * `notify` queues at once only for jobs due now (a delayed one waits for the polling floor). Losing
 * the timer in a crash loses nothing — the rows are queued in Postgres and the status tick asks for
 * a flush of every connection with rows due.
 */

export type RequestFlush = (system: string, connection: string) => Promise<void>;

export function flushRequester(queue: Pick<JobQueue<JobCatalog>, 'send'>, logger: Logger, ms: number): RequestFlush {
  const timers = new Map<string, NodeJS.Timeout>();
  return async (system, connection) => {
    const key = `${system}:${connection}`;
    if (timers.has(key)) return;
    const timer = setTimeout(() => {
      timers.delete(key);
      // `short` + singletonKey: while one flush waits, further requests join it.
      queue.send('source.writeback', { system, connection }, { singletonKey: key }).catch((error: unknown) => {
        logger.warn('write-back flush request failed; the next tick asks again', { error, system, connection });
      });
    }, ms);
    timer.unref();
    timers.set(key, timer);
  };
}
