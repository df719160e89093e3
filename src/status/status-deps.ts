import type pg from 'pg';
import type { Logger } from '../core/logger.ts';
import type { Fortnox } from '../fortnox/index.ts';
import type { JobCatalog } from '../jobs/catalog.ts';
import type { RequestFlush } from '../jobs/flush-requests.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { SourceNotifier } from '../sink/context.ts';
import type { LinkSigner } from './invoice-link.ts';
import { connectionsWithDueWritebacks } from './writeback-queue.ts';

/**
 * What the status side (poller, overdue job, WebSocket nudges, PDF links) shares in one process.
 * Built once per worker (src/worker/services.ts); the handlers and the subscriber take it instead of
 * the whole runtime.
 */
export interface StatusDeps {
  pool: pg.Pool;
  logger: Logger;
  queue: JobQueue<JobCatalog>;
  fortnox: Fortnox;
  links: LinkSigner;
  /** The one way outcomes reach the sources (the sync engine uses the same one). */
  notifier: SourceNotifier;
  /** Today in Stockholm (YYYY-MM-DD): due dates are Swedish calendar dates. */
  today: () => string;
  now: () => Date;
  pollIntervalSeconds: number;
  /** Asks for a write-back flush of one connection soon. */
  requestFlush: RequestFlush;
}

/** After many changes (a poll, the overdue run, the tick): one flush request per connection with rows due. */
export async function flushDue(deps: Pick<StatusDeps, 'pool' | 'requestFlush'>): Promise<void> {
  for (const { system, connection } of await connectionsWithDueWritebacks(deps.pool)) {
    await deps.requestFlush(system, connection);
  }
}
