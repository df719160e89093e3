import type pg from 'pg';
import type { SourceRef } from '../../core/documents.ts';
import { type Queryable, withTransaction } from '../../db/connection.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import { jobIdFor } from '../../jobs/job-ids.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Entity, PlannedJob } from './relevance.ts';
import {
  DEFAULT_SALESFORCE_SETTINGS,
  ORG_CONNECTION,
  type SalesforceSettings,
  salesforceSettingsSchema,
} from './settings.ts';

/**
 * The listener's Postgres side. `commit` is invariant 2 in one place: the jobs an event caused and
 * the channel's new checkpoint are written in one transaction (pg-boss `send` with our client as
 * `db`), so a crash either keeps both or neither, and the event is replayed.
 */

export const SOURCE = 'salesforce';

export interface Checkpoint {
  /** A replay id, or '-1' when the channel resumes by reconciliation since `resumeFrom`. */
  position: string;
  /** Salesforce time of the last event handled (or of the last reconciliation). */
  resumeFrom: Date;
}

/** A job with the id that makes it idempotent: the same event or record state never enqueues twice. */
export interface KeyedJob extends PlannedJob {
  key: string;
}

export interface Reconciliation {
  reason: string;
  since: Date | undefined;
  recordIds: string[] | undefined;
  recordsRead: number;
}

/** The core job an intent becomes: Opportunities and Orders are documents, Accounts customers. */
export function coreJobOf(job: PlannedJob): {
  name: 'document.sync' | 'customer.sync';
  payload: { source: SourceRef; reason: string };
} {
  // 801 is the Order key prefix in every org (as 006 is the Opportunity's).
  const object =
    job.name === 'customer.sync'
      ? 'Account'
      : job.name === 'article.sync'
        ? 'Product2'
        : job.recordId.startsWith('801')
          ? 'Order'
          : 'Opportunity';
  const source = { system: SOURCE, connection: ORG_CONNECTION, object, id: job.recordId };
  if (job.name === 'customer.sync') return { name: 'customer.sync', payload: { source, reason: 'sync' } };
  if (job.name === 'article.sync') return { name: 'document.sync', payload: { source, reason: 'sync' } };
  return { name: 'document.sync', payload: { source, reason: job.name === 'invoice.create' ? 'create' : 'amend' } };
}

export class StreamStore {
  readonly #pool: pg.Pool;
  readonly #queue: JobQueue<JobCatalog>;

  constructor(pool: pg.Pool, queue: JobQueue<JobCatalog>) {
    this.#pool = pool;
    this.#queue = queue;
  }

  async readCheckpoint(channel: string): Promise<Checkpoint | undefined> {
    const { rows } = await this.#pool.query<{ position: string; resume_from: Date }>(
      `SELECT position, COALESCE(event_at, updated_at) AS resume_from FROM stream_checkpoints WHERE source = $1 AND channel = $2`,
      [SOURCE, channel],
    );
    const row = rows[0];
    return row && { position: row.position, resumeFrom: row.resume_from };
  }

  /**
   * The won stages saved for the org connection (on the dashboard); a stored value that does not
   * validate falls back to the default rather than stopping the stream.
   */
  async wonStages(db: Queryable = this.#pool): Promise<{ stages: string[]; invalid: boolean }> {
    const { settings, invalid } = await this.settings(db);
    return { stages: settings.wonStages, invalid };
  }

  /** The org connection's settings; the defaults when what is stored does not validate. */
  async settings(db: Queryable = this.#pool): Promise<{ settings: SalesforceSettings; invalid: boolean }> {
    const { rows } = await db.query<{ settings: unknown }>(
      `SELECT settings FROM source_connections WHERE system = $1 AND key = $2`,
      [SOURCE, ORG_CONNECTION],
    );
    const parsed = salesforceSettingsSchema.safeParse(rows[0]?.settings ?? {});
    return parsed.success
      ? { settings: parsed.data, invalid: false }
      : { settings: DEFAULT_SALESFORCE_SETTINGS, invalid: true };
  }

  /**
   * Which of `ids` the ledger already knows: a customer (Account) or invoice/order (Opportunity, Order) row,
   * and for Accounts also the customer of a parked deal — its change may be what fixes the deal.
   */
  async ledger(entity: Entity, ids: readonly string[], db: Queryable = this.#pool): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const kinds = entity === 'Account' ? ['customer'] : ['invoice', 'order'];
    const { rows } = await db.query<{ source_id: string }>(
      `SELECT source_id FROM sync_records
        WHERE source_system = $1 AND source_connection = $5 AND source_object = $2 AND source_id = ANY($3)
          AND document_kind = ANY($4)
       UNION
       SELECT customer_source_id FROM sync_records
        WHERE $2 = 'Account' AND source_system = $1 AND source_connection = $5 AND customer_source_id = ANY($3)
          AND state = 'needs_attention'`,
      [SOURCE, entity, ids, kinds, ORG_CONNECTION],
    );
    return new Set(rows.map((r) => r.source_id));
  }

  /** Enqueues `jobs` and moves the checkpoint in one transaction; resolves with the jobs actually new. */
  async commit(
    channel: string,
    update: { jobs: readonly KeyedJob[]; position: string; eventAt: Date | undefined; reconciliation?: Reconciliation },
  ): Promise<number> {
    return withTransaction(this.#pool, async (client) => {
      const db = { executeSql: async (text: string, values?: unknown[]) => client.query(text, values) };
      let created = 0;
      for (const job of update.jobs) {
        const core = coreJobOf(job);
        const id = await this.#queue.send(core.name, core.payload, { id: jobIdFor(job.key), db });
        if (id !== null) created++;
      }
      await client.query(
        `INSERT INTO stream_checkpoints (source, channel, position, event_at, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (source, channel) DO UPDATE
           SET position = EXCLUDED.position, event_at = COALESCE(EXCLUDED.event_at, stream_checkpoints.event_at), updated_at = now()`,
        [SOURCE, channel, update.position, update.eventAt ?? null],
      );
      const r = update.reconciliation;
      if (r !== undefined) {
        await client.query(
          `INSERT INTO stream_reconciliations (source, channel, reason, since, record_ids, records_read, jobs_enqueued)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [SOURCE, channel, r.reason, r.since ?? null, r.recordIds ?? null, r.recordsRead, created],
        );
      }
      return created;
    });
  }
}
