import type pg from 'pg';
import { z } from 'zod';
import { withTransaction } from '../../db/connection.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import { jobIdFor } from '../../jobs/job-ids.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { OBJECTS, SYSTEM } from './ids.ts';
import { knownVersions } from './order-versions.ts';
import type { Bookkeeping } from './settings.ts';

/**
 * The feed's Postgres side. Invariant 2 in one place: the jobs a batch of messages caused and the
 * feed's new checkpoint are written in one transaction, so a crash keeps both or neither and the
 * batch is read again (its jobs are keyed, so nothing is queued twice).
 */

/** Where the Messages feed of one project stands. */
export const checkpointSchema = z.object({
  /** `createdAt` of the newest message handled; the next read starts a little before it. */
  at: z.string(),
  /** When the feed was last read successfully: a reader away longer than the retention missed messages. */
  readAt: z.string().optional(),
  /** Ids of the messages handled inside the overlap window (read again, skipped). */
  seen: z.array(z.string()).default([]),
  /** The last sequence number handled per resource (bounded), to notice gaps. */
  seq: z.record(z.string(), z.number()).default({}),
});
export type FeedCheckpoint = z.infer<typeof checkpointSchema>;

export interface FeedJob {
  name: 'document.sync' | 'customer.sync';
  object: string;
  id: string;
  /** What makes the job idempotent: the same resource version never enqueues twice. */
  key: string;
  reason: string;
  /** An order's version: a job that read it (or a newer one) and stored its outcome makes this one needless. */
  version?: number;
}

export interface ReconciliationRow {
  reason: string;
  since: Date | undefined;
  recordIds: string[] | undefined;
  recordsRead: number;
}

export class FeedStore {
  readonly #pool: pg.Pool;
  readonly #queue: JobQueue<JobCatalog>;

  constructor(pool: pg.Pool, queue: JobQueue<JobCatalog>) {
    this.#pool = pool;
    this.#queue = queue;
  }

  async read(channel: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ position: string }>(
      `SELECT position FROM stream_checkpoints WHERE source = $1 AND channel = $2`,
      [SYSTEM, channel],
    );
    return rows[0]?.position;
  }

  async readFeed(connection: string): Promise<FeedCheckpoint | undefined> {
    const raw = await this.read(`${connection}:messages`);
    if (raw === undefined) return undefined;
    const parsed = checkpointSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  }

  /** The customers the ledger knows (synced, or waited on by a parked order): only their changes matter. */
  async knownCustomers(connection: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.#pool.query<{ id: string }>(
      `SELECT source_id AS id FROM sync_records
        WHERE source_system = $1 AND source_connection = $2 AND document_kind = 'customer' AND source_id = ANY($3)
       UNION
       SELECT customer_source_id FROM sync_records
        WHERE source_system = $1 AND source_connection = $2 AND customer_source_id = ANY($3) AND state = 'needs_attention'`,
      [SYSTEM, connection, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Enqueues `jobs` and moves `channel` to `position` in one transaction; answers how many jobs were new. */
  async commit(
    connection: string,
    channel: string,
    update: { jobs: readonly FeedJob[]; position: string; reconciliation?: ReconciliationRow },
  ): Promise<number> {
    return withTransaction(this.#pool, async (client) => {
      const db = { executeSql: async (text: string, values?: unknown[]) => client.query(text, values) };
      let created = 0;
      const orders = update.jobs.filter((j) => j.version !== undefined).map((j) => j.id);
      const known = await knownVersions(client, connection, orders);
      for (const job of update.jobs) {
        if (job.version !== undefined && (known.get(job.id) ?? -1) >= job.version) continue;
        const source = { system: SYSTEM, connection, object: job.object, id: job.id };
        const id = await this.#queue.send(job.name, { source, reason: job.reason }, { id: jobIdFor(job.key), db });
        if (id !== null) created++;
      }
      await client.query(
        `INSERT INTO stream_checkpoints (source, channel, position, event_at, updated_at) VALUES ($1, $2, $3, now(), now())
         ON CONFLICT (source, channel) DO UPDATE SET position = EXCLUDED.position, event_at = now(), updated_at = now()`,
        [SYSTEM, `${connection}:${channel}`, update.position],
      );
      const r = update.reconciliation;
      if (r !== undefined) {
        await client.query(
          `INSERT INTO stream_reconciliations (source, channel, reason, since, record_ids, records_read, jobs_enqueued)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [SYSTEM, `${connection}:${channel}`, r.reason, r.since ?? null, r.recordIds ?? null, r.recordsRead, created],
        );
      }
      return created;
    });
  }
}

/** The job that re-reads an order at a version (messages and reconciliation derive the same key). */
export function orderJob(connection: string, id: string, version: number, reason: string): FeedJob {
  return {
    name: 'document.sync',
    object: OBJECTS.order,
    id,
    key: `${SYSTEM}|${connection}|order|${id}|v${version}`,
    reason,
    version,
  };
}

/**
 * The job of a capture or refund (one per transaction and state): a payment or credit of the order's
 * invoice, or — bookkeeping model "voucher" — a voucher of its own.
 */
export function moneyJob(
  connection: string,
  type: 'Charge' | 'Refund',
  id: string,
  state: string,
  model: Bookkeeping = 'invoice',
): FeedJob {
  const object = model === 'voucher' ? OBJECTS.transaction : type === 'Charge' ? OBJECTS.capture : OBJECTS.refund;
  return { name: 'document.sync', object, id, key: `${SYSTEM}|${connection}|${object}|${id}|${state}`, reason: object };
}
