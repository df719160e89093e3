import type pg from 'pg';
import type { Config } from '../../config.ts';
import { AppError } from '../../core/errors.ts';
import { getRecord } from '../../db/sync-records.repo.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { enqueueRetry } from '../../jobs/retry-records.ts';
import type { ConnectionDirectory } from '../../sources/source.ts';
import type { RecordRow } from './dashboard-view.ts';

/** The ledger as the dashboard lists it, and its Retry (which only enqueues; the worker does the work). */

export interface DashboardDeps {
  pool: pg.Pool;
  config: Config;
  queue: JobQueue<JobCatalog>;
  connections: ConnectionDirectory;
}

/** HTTP Basic carries no user name worth trusting; the dashboard has one admin until sign-in exists. */
export const ACTOR = 'dashboard admin';

const RECORD_COLUMNS = `id, source_system, source_connection, source_object, source_id, source_label, document_kind,
  tenant_id, state, fortnox_number, error_message, remote_message, updated_at`;

type Row = {
  id: string;
  source_system: string;
  source_connection: string;
  source_object: string;
  source_id: string;
  source_label: string | null;
  document_kind: string;
  tenant_id: string;
  state: string;
  fortnox_number: string | null;
  error_message: string | null;
  remote_message: string | null;
  updated_at: Date;
};

const toRecord = (r: Row): RecordRow => ({
  id: Number(r.id),
  sourceSystem: r.source_system,
  sourceConnection: r.source_connection,
  sourceObject: r.source_object,
  sourceId: r.source_id,
  label: r.source_label,
  kind: r.document_kind,
  tenantId: r.tenant_id,
  state: r.state,
  fortnoxNumber: r.fortnox_number,
  errorMessage: r.error_message,
  remoteMessage: r.remote_message,
  updatedAt: r.updated_at,
});

export async function listRecords(pool: pg.Pool, state: string | undefined, limit: number): Promise<RecordRow[]> {
  const { rows } = await pool.query<Row>(
    `SELECT ${RECORD_COLUMNS} FROM sync_records WHERE ($1::text IS NULL OR state = $1) ORDER BY updated_at DESC LIMIT $2`,
    [state ?? null, limit],
  );
  return rows.map(toRecord);
}

/** A record id from a URL (`/…/records/:id/…`): digits a bigint holds, or undefined (never NaN to Postgres). */
export function recordIdParam(value: unknown): number | undefined {
  const raw = String(value ?? '');
  return /^\d{1,18}$/.test(raw) ? Number(raw) : undefined;
}

/** Enqueues the job that redoes a record; answers what was queued, for the notice. */
export async function retryRecord(
  deps: { pool: pg.Pool; queue: JobQueue<JobCatalog> },
  id: number,
  correlationId: string,
): Promise<string> {
  const record = await getRecord(deps.pool, id);
  if (record === undefined)
    throw new AppError(`No sync record ${id}`, {
      code: 'not_found',
      category: 'not_found',
      retryable: false,
      userMessage: `There is no record ${id}.`,
    });
  await enqueueRetry(deps.queue, record, correlationId);
  return `${record.source.object} ${record.label ? `“${record.label}”` : record.source.id} will be tried again in a moment.`;
}
