import { WATCHED_STATES } from '../core/sync-state.ts';
import type { Queryable } from '../db/connection.ts';
import type { WatchedRow } from './status-apply.ts';

/**
 * The status side's reads of the ledger and of `stream_checkpoints`. Only invoices we created and
 * still watch (draft … paid) are ever looked at; credited and cancelled ones are final here.
 */

interface Row {
  id: string;
  source_system: string;
  source_connection: string;
  source_object: string;
  source_id: string;
  fortnox_number: string;
  fortnox_reference: string | null;
  updated_at: Date;
}

const toWatched = (r: Row): WatchedRow => ({
  id: Number(r.id),
  source: { system: r.source_system, connection: r.source_connection, object: r.source_object, id: r.source_id },
  fortnoxNumber: r.fortnox_number,
  reference: r.fortnox_reference,
});

const SELECT = `SELECT id, source_system, source_connection, source_object, source_id, fortnox_number, fortnox_reference,
  updated_at FROM sync_records
  WHERE document_kind = 'invoice' AND fortnox_number IS NOT NULL AND state = ANY($1)`;

/** Watched invoices of a tenant, and the oldest change among them (where a first poll starts). */
export async function watchedInvoices(
  db: Queryable,
  tenantId: string,
): Promise<{ rows: WatchedRow[]; oldest: Date | undefined }> {
  const { rows } = await db.query<Row>(`${SELECT} AND tenant_id = $2 ORDER BY id`, [WATCHED_STATES, tenantId]);
  const oldest = rows.reduce<Date | undefined>(
    (min, r) => (min === undefined || r.updated_at < min ? r.updated_at : min),
    undefined,
  );
  return { rows: rows.map(toWatched), oldest };
}

export async function watchedInvoice(
  db: Queryable,
  tenantId: string,
  documentNumber: string,
): Promise<WatchedRow | undefined> {
  const { rows } = await db.query<Row>(`${SELECT} AND tenant_id = $2 AND fortnox_number = $3`, [
    WATCHED_STATES,
    tenantId,
    documentNumber,
  ]);
  return rows[0] === undefined ? undefined : toWatched(rows[0]);
}

/** Open invoices whose due date has passed (the ledger's balance is kept current by the poller). */
export async function dueInvoices(db: Queryable, today: string): Promise<WatchedRow[]> {
  const { rows } = await db.query<Row>(`${SELECT} AND due_date < $2::date AND fortnox_balance <> 0 ORDER BY id`, [
    ['booked', 'sent', 'partially_paid'],
    today,
  ]);
  return rows.map(toWatched);
}

export type CheckpointSource = 'fortnox-poll' | 'fortnox-ws' | 'fortnox-stock';

export async function readCheckpoint(
  db: Queryable,
  source: CheckpointSource,
  channel: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ position: string }>(
    'SELECT position FROM stream_checkpoints WHERE source = $1 AND channel = $2',
    [source, channel],
  );
  return rows[0]?.position;
}

export async function saveCheckpoint(
  db: Queryable,
  source: CheckpointSource,
  channel: string,
  position: string,
): Promise<void> {
  await db.query(
    `INSERT INTO stream_checkpoints (source, channel, position, updated_at) VALUES ($1, $2, $3, clock_timestamp())
     ON CONFLICT (source, channel) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
    [source, channel, position],
  );
}

/**
 * Where one WebSocket connection for `tenants` resumes: the offset most recently stored. Events of
 * a topic arrive in order on the one connection and are handled one at a time, so the newest
 * stored offset (of any tenant) is the furthest point handled; offsets themselves are opaque.
 */
export async function latestOffset(db: Queryable, tenants: readonly string[]): Promise<string | undefined> {
  const { rows } = await db.query<{ position: string }>(
    `SELECT position FROM stream_checkpoints WHERE source = 'fortnox-ws' AND channel = ANY($1) ORDER BY updated_at DESC LIMIT 1`,
    [tenants],
  );
  return rows[0]?.position;
}

/** Whether `documentNumber` is an invoice of ours in any state a PDF makes sense for. */
export async function watchedOrFinalInvoice(db: Queryable, tenantId: string, documentNumber: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM sync_records WHERE tenant_id = $1 AND document_kind = 'invoice' AND fortnox_number = $2 AND state = ANY($3) LIMIT 1`,
    [tenantId, documentNumber, [...WATCHED_STATES, 'credited', 'cancelled']],
  );
  return rows.length > 0;
}
