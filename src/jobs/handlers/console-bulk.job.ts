import type pg from 'pg';
import { AppError, toAppError } from '../../core/errors.ts';
import { decideRetry } from '../../core/retry-policy.ts';
import { canTransition } from '../../core/sync-state.ts';
import { type BulkAction, getBulkAction, updateBulkAction } from '../../db/bulk-actions.repo.ts';
import { withTransaction } from '../../db/connection.ts';
import { type ConsoleRecord, filterClause, listConsoleRecords } from '../../db/console-records.repo.ts';
import { COLUMNS, fromRow, type Row, transition } from '../../db/sync-records.repo.ts';
import { type JobCatalog, jobCatalog } from '../catalog.ts';
import type { JobContext, JobQueue } from '../queue.ts';
import { enqueueRetry } from '../retry-records.ts';

/**
 * `console.bulk`: retry or skip every record a console filter matches, in batches along the same
 * keyset the list pages by. Progress and the cursor are saved after each batch, so a retried job
 * (a deploy, a crash) continues where it stopped; retrying twice only queues an idempotent sync twice.
 */

const BATCH = 200;

/** The queue's own rule for "is there another try" (queue.ts): the last failing try says so on the row. */
const POLICY = { maxAttempts: jobCatalog['console.bulk'].queue.retryLimit + 1, baseDelayMs: 0, maxDelayMs: 0 };

type Services = { pool: pg.Pool; queue: Pick<JobQueue<JobCatalog>, 'send'> };

export function consoleBulkHandler(services: Services) {
  const { pool } = services;
  return async ({ bulkId }: { bulkId: number }, job: JobContext): Promise<void> => {
    const bulk = await getBulkAction(pool, bulkId);
    if (bulk === undefined || bulk.state === 'done') return;
    if (!bulk.filterReadable) {
      await updateBulkAction(pool, bulkId, {
        state: 'failed',
        message:
          'Nothing was done: the filter of this bulk action can no longer be read. Filter the records again and start it anew.',
      });
      return;
    }
    try {
      await run(services, bulk, job);
    } catch (error) {
      const err = toAppError(error);
      // Otherwise the row would say "running" for ever once pg-boss gives up on the job.
      if (!decideRetry(err, job.attempt, POLICY).retry) {
        const now = await getBulkAction(pool, bulkId);
        await updateBulkAction(pool, bulkId, {
          state: 'failed',
          message: `Stopped after ${now?.done ?? bulk.done} of ${now?.total ?? bulk.total ?? '?'} records (${err.message}); nothing more will be done. Start it again from the records, or ask support.`,
        });
      }
      throw error;
    }
  };
}

async function run(services: Services, bulk: BulkAction, job: JobContext): Promise<void> {
  const { pool } = services;
  const bulkId = bulk.id;
  if (bulk.total === null) {
    const { where, params } = filterClause(bulk.filter);
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_records WHERE ${where}`,
      params,
    );
    bulk.total = rows[0]?.n ?? 0;
  }
  await updateBulkAction(pool, bulkId, { state: 'running', total: bulk.total });
  let { cursor, done } = bulk;
  let leftAlone = 0;
  for (;;) {
    if (job.signal.aborted)
      throw new AppError('bulk action interrupted by shutdown', {
        code: 'interrupted',
        category: 'unavailable',
        retryable: true,
      });
    const page = await listConsoleRecords(pool, bulk.filter, { limit: BATCH, ...(cursor ? { after: cursor } : {}) });
    if (bulk.action === 'retry') await retryAll(services.queue, page.records, bulk.correlationId);
    else
      leftAlone += await skipAll(
        pool,
        page.records,
        `skipped by ${bulk.actor} (bulk action ${bulkId}): ${bulk.reason ?? ''}`,
        bulk.correlationId,
      );
    done += page.records.length;
    // A walked page can come back short, even empty, with `next` where its search stopped: going on
    // from its last record (or the old cursor) would read the same window again, for ever.
    cursor = page.next ?? page.records.at(-1)?.cursor ?? cursor;
    await updateBulkAction(pool, bulkId, { done, ...(cursor ? { cursor } : {}) });
    if (page.next === undefined) break;
  }
  const acted = done - leftAlone;
  const message =
    bulk.action === 'retry'
      ? `${acted} record${acted === 1 ? '' : 's'} queued to be tried again.`
      : `${acted} record${acted === 1 ? '' : 's'} skipped.${leftAlone > 0 ? ` ${leftAlone} already had a Fortnox document or were skipped before, and were left as they are.` : ''}`;
  await updateBulkAction(pool, bulkId, { state: 'done', message });
  job.logger.info('bulk action done', { bulkId, action: bulk.action, done });
}

async function retryAll(queue: Pick<JobQueue<JobCatalog>, 'send'>, records: ConsoleRecord[], correlationId: string) {
  // A source record routed to two tenants is one sync job, not two.
  const seen = new Set<string>();
  for (const r of records) {
    const source = { system: r.system, connection: r.connection, object: r.object, id: r.sourceId };
    const key = `${r.kind === 'customer'}\u0000${JSON.stringify(source)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await enqueueRetry(
      queue,
      { source, kind: r.kind === 'customer' ? 'customer' : 'invoice' },
      correlationId,
      'bulk retry',
    );
  }
}

/** Skips each record that may be skipped; answers how many were left as they are. */
async function skipAll(pool: pg.Pool, records: ConsoleRecord[], message: string, correlationId: string) {
  let leftAlone = 0;
  for (const r of records) {
    const skipped = await withTransaction(pool, async (client) => {
      const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM sync_records WHERE id = $1 FOR UPDATE`, [r.id]);
      const record = rows[0] === undefined ? undefined : fromRow(rows[0]);
      if (record === undefined || record.state === 'skipped' || !canTransition(record.state, 'skipped')) return false;
      await transition(client, record, 'skipped', { error: null }, { correlationId, message });
      return true;
    });
    if (!skipped) leftAlone++;
  }
  return leftAlone;
}
