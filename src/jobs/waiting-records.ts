import type pg from 'pg';
import type { SourceRef } from '../core/documents.ts';
import { recordsWaitingFor } from '../db/record-waits.repo.ts';
import type { JobCatalog } from './catalog.ts';
import type { JobQueue } from './queue.ts';

/**
 * A source record's invoice was created or changed state in Fortnox: the credits and payments parked
 * waiting for it (a refund that came before its order, a payment before booking) are sent again.
 * One still blocked simply parks again, so a spurious retry costs a read and nothing else.
 * Given `client` (a transaction's), the jobs are queued in that transaction: they exist exactly when
 * the change that wakes them was committed, so a crash right after it cannot lose the wake-up.
 */
export async function retryWaiting(
  pool: pg.Pool,
  queue: JobQueue<JobCatalog>,
  source: SourceRef,
  correlationId: string,
  codes?: readonly string[],
  client?: pg.PoolClient,
): Promise<number> {
  const waiting = await recordsWaitingFor(client ?? pool, source, codes);
  const db =
    client === undefined
      ? undefined
      : { executeSql: async (text: string, values?: unknown[]) => client.query(text, values) };
  for (const record of waiting) {
    await queue.send(
      'document.sync',
      { source: record, reason: 'original_changed' },
      { correlationId, ...(db === undefined ? {} : { db }) },
    );
  }
  return waiting.length;
}
