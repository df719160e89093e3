import type pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../core/logger.ts';
import { createFortnox, type Fortnox } from '../fortnox/index.ts';
import type { JobCatalog } from '../jobs/catalog.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { stockholmToday } from '../sink/context.ts';
import { createLinkSigner, type LinkSigner, linkBaseUrl } from './invoice-link.ts';

/**
 * What the status side (poller, overdue job, WebSocket nudges, PDF links) shares in one process.
 * Built once per worker; the handlers and the subscriber take it instead of the whole runtime.
 */
export interface StatusDeps {
  pool: pg.Pool;
  logger: Logger;
  queue: JobQueue<JobCatalog>;
  fortnox: Fortnox;
  links: LinkSigner;
  /** Today in Stockholm (YYYY-MM-DD): due dates are Swedish calendar dates. */
  today: () => string;
  now: () => Date;
  pollIntervalSeconds: number;
  /** Asks for a write-back flush a moment from now, so a burst of changes leaves in one composite call. */
  requestFlush: () => Promise<void>;
}

export interface StatusDepsOptions {
  /** The app's own URL when PUBLIC_URL is not set (local and demo mode; the port may be chosen at run time). */
  localUrl?: () => string;
  today?: () => string;
  fortnox?: Fortnox;
}

/**
 * Changes arriving within this window share one flush. Kept in process rather than as a delayed job:
 * pg-boss wakes `notify` queues at once only for jobs due now (a delayed one waits for the 30 s
 * polling floor). Losing the timer in a crash loses nothing — the rows are queued in Postgres and
 * the next status tick asks for a flush anyway.
 */
export const FLUSH_DEBOUNCE_MS = 300;

function debounced(run: () => Promise<unknown>, ms: number, logger: Logger): () => Promise<void> {
  // biome-ignore lint/correctness/noUnusedVariables: read by the `??=` below (one timer at a time)
  let timer: NodeJS.Timeout | undefined;
  return async () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      run().catch((error: unknown) =>
        logger.warn('write-back flush request failed; the next tick asks again', { error }),
      );
    }, ms);
  };
}

type RuntimeLike = { config: Config; pool: pg.Pool; logger: Logger; queue: JobQueue<JobCatalog> };

export function statusDeps(runtime: RuntimeLike, options: StatusDepsOptions = {}): StatusDeps {
  const { config, pool, queue } = runtime;
  const logger = runtime.logger.child({ component: 'status' });
  return {
    pool,
    logger,
    queue,
    fortnox: options.fortnox ?? createFortnox({ pool, config, logger }),
    links: createLinkSigner({
      appSecret: config.APP_SECRET,
      baseUrl: linkBaseUrl(config, options.localUrl),
      ttlDays: config.INVOICE_LINK_TTL_DAYS,
    }),
    today: options.today ?? (() => stockholmToday()),
    now: () => new Date(),
    pollIntervalSeconds: config.STATUS_POLL_INTERVAL_SECONDS,
    requestFlush: debounced(
      () => queue.send('salesforce.writeback', {}, { singletonKey: 'flush' }),
      FLUSH_DEBOUNCE_MS,
      logger,
    ),
  };
}
