import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';
import type { SourceRef } from '../core/documents.ts';
import { AppError } from '../core/errors.ts';

const LEASE_SECONDS = 60;
const RENEW_MS = 20_000;
const WAIT_MS = 15_000;
/** Leases this process holds, by key → owner. */
const held = new Map<string, string>();

async function tryLease(pool: pg.Pool, key: string, owner: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO source_leases (key, owner, until) VALUES ($1, $2, now() + make_interval(secs => $3))
     ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, until = EXCLUDED.until
     WHERE source_leases.until < now() OR source_leases.owner = EXCLUDED.owner`,
    [key, owner, LEASE_SECONDS],
  );
  return rowCount === 1;
}

/**
 * Serialises all work on one source record across workers and dynos: two jobs for the same
 * source record (a duplicate event, create racing amend) run one after the other, never side by
 * side. A lease row, not a lock held on a connection, so waiting jobs cost no connections. `owner`
 * is the job's correlation id: the retry of a job whose worker died takes its own lease back at
 * once instead of waiting for it to run out.
 */
export async function withSourceLock<T>(
  pool: pg.Pool,
  source: SourceRef,
  work: () => Promise<T>,
  owner: string = randomUUID(),
): Promise<T> {
  const key = `${source.system}:${source.connection}:${source.object}:${source.id}`;
  // Re-entrant: a job that already holds the lease (it read the record under it) goes straight on.
  if (held.get(key) === owner) return work();
  const deadline = Date.now() + WAIT_MS;
  while (!(await tryLease(pool, key, owner))) {
    if (Date.now() > deadline) {
      throw new AppError(`Another job is working on ${key}`, {
        code: 'record_busy',
        category: 'conflict',
        retryable: true,
        userMessage: 'Another update of this record is in progress; it will be retried.',
      });
    }
    await delay(250); // a lease row raises no event; 250 ms is short next to a Fortnox round trip
  }
  held.set(key, owner);
  const renew = setInterval(() => void tryLease(pool, key, owner).catch(() => undefined), RENEW_MS);
  try {
    return await work();
  } finally {
    clearInterval(renew);
    held.delete(key);
    await pool.query('DELETE FROM source_leases WHERE key = $1 AND owner = $2', [key, owner]);
  }
}
