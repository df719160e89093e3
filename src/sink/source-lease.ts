import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';
import type { SourceRef } from '../core/documents.ts';
import { AppError } from '../core/errors.ts';

/** A dead holder's lease lingers this long; a live one renews it well before. */
export const LEASE_SECONDS = 30;
const RENEW_MS = 5_000;
/** Longer than a lease: the retry of a killed worker's job waits the lease out instead of failing into backoff. */
const WAIT_MS = (LEASE_SECONDS + 5) * 1000;

interface Lease {
  pool: pg.Pool;
  key: string;
  /** Unique to this acquisition, never reused: a second run of the same job cannot pass for the holder. */
  token: string;
}

/**
 * The leases held by the work running now (this async call chain): a lock taken inside it is
 * re-entrant, and a Fortnox write proves it still holds them. A sibling job in the same process
 * (the same correlation id, even) is another chain and waits.
 */
const context = new AsyncLocalStorage<readonly Lease[]>();

async function tryLease(pool: pg.Pool, key: string, token: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO source_leases (key, owner, until) VALUES ($1, $2, now() + make_interval(secs => $3))
     ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, until = EXCLUDED.until
     WHERE source_leases.until < now() OR source_leases.owner = EXCLUDED.owner`,
    [key, token, LEASE_SECONDS],
  );
  return rowCount === 1;
}

/** Extends a held lease; false when it ran out and another job took it. */
async function extend(lease: Lease): Promise<boolean> {
  const { rowCount } = await lease.pool.query(
    `UPDATE source_leases SET until = now() + make_interval(secs => $3) WHERE key = $1 AND owner = $2`,
    [lease.key, lease.token, LEASE_SECONDS],
  );
  return rowCount === 1;
}

function leaseLost(key: string): AppError {
  return new AppError(`The lease on ${key} ran out and another job took the record`, {
    code: 'lease_lost',
    category: 'conflict',
    retryable: true,
    userMessage: 'Another update of this record took over; it will be retried.',
  });
}

/**
 * Serialises all work on one source record across workers and dynos: two jobs for the same
 * source record (a duplicate event, create racing amend) run one after the other, never side by
 * side. A lease row, not a lock held on a connection, so waiting jobs cost no connections.
 *
 * Each acquisition has its own token. Two jobs for one record must never share a lease — not a
 * record queued twice by one "retry all" (one correlation id), not a job put back on the queue while
 * its first run is still alive: both would find the record `creating`, and both would post. So the
 * second waits, and a killed worker's lease is left to run out (LEASE_SECONDS after its last renewal).
 */
export async function withSourceLock<T>(
  pool: pg.Pool,
  source: SourceRef,
  work: () => Promise<T>,
  /** Narrows the lease to one Fortnox company: a customer is a separate record in each. */
  scope: { tenantId?: string } = {},
): Promise<T> {
  const { tenantId } = scope;
  const record = `${source.system}:${source.connection}:${source.object}:${source.id}`;
  const key = tenantId === undefined ? record : `${record}@${tenantId}`;
  // Re-entrant: work that already holds the lease (it read the record under it) goes straight on.
  const holding = context.getStore() ?? [];
  if (holding.some((l) => l.key === key)) return work();
  const lease: Lease = { pool, key, token: randomUUID() };
  const deadline = Date.now() + WAIT_MS;
  while (!(await tryLease(pool, key, lease.token))) {
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
  const renew = setInterval(() => void extend(lease).catch(() => undefined), RENEW_MS);
  try {
    return await context.run([...holding, lease], work);
  } finally {
    clearInterval(renew);
    await pool.query('DELETE FROM source_leases WHERE key = $1 AND owner = $2', [key, lease.token]);
  }
}

/**
 * Called before every Fortnox write: the job proves it still holds its leases (and extends them),
 * or the write is not sent. Renewals run in the background, but a process starved of its database
 * for a lease's length may have lost the record to another job without knowing.
 */
export async function fenceHeldLeases(): Promise<void> {
  for (const lease of context.getStore() ?? []) {
    if (!(await extend(lease))) throw leaseLost(lease.key);
  }
}
