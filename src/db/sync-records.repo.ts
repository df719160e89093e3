import type { LedgerKind, SourceRef } from '../core/documents.ts';
import { redact } from '../core/redact.ts';
import { assertTransition, isSyncState, type SyncState } from '../core/sync-state.ts';
import type { Queryable } from './connection.ts';

/**
 * The ledger: one row per source record × document kind × tenant, and its audit trail. Every state
 * change goes through `transition`, which checks the state table and writes the audit row in the
 * same statement batch, so the trail can never disagree with the record.
 */

export interface SyncRecord {
  id: number;
  source: SourceRef;
  tenantId: string;
  kind: LedgerKind;
  state: SyncState;
  previousState: SyncState | null;
  fortnoxNumber: string | null;
  fortnoxTotal: number | null;
  fortnoxBalance: number | null;
  currency: string | null;
  dueDate: string | null;
  paidDate: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  remoteMessage: string | null;
  attempts: number;
  sourceHash: string | null;
  flags: Record<string, unknown>;
  syncedAt: Date | null;
  updatedAt: Date;
  /** What a person calls the source record ("Acme AB"); null until a sync has read it. */
  label: string | null;
  /** The ExternalInvoiceReference1 (or voucher key) the Fortnox document carries. */
  fortnoxReference: string | null;
}

export type { LedgerKind } from '../core/documents.ts';

export interface Row {
  id: string;
  source_system: string;
  source_connection: string;
  source_object: string;
  source_id: string;
  tenant_id: string;
  document_kind: LedgerKind;
  state: string;
  previous_state: string | null;
  fortnox_number: string | null;
  fortnox_total: string | null;
  fortnox_balance: string | null;
  currency: string | null;
  due_date: string | null;
  paid_date: string | null;
  error_code: string | null;
  error_message: string | null;
  remote_message: string | null;
  attempts: number;
  source_hash: string | null;
  flags: Record<string, unknown>;
  synced_at: Date | null;
  updated_at: Date;
  source_label: string | null;
  fortnox_reference: string | null;
}

const toNumber = (value: string | null): number | null => (value === null ? null : Number(value));

function toState(value: string): SyncState {
  if (!isSyncState(value)) throw new Error(`unknown sync state in database: ${value}`);
  return value;
}

export function fromRow(row: Row): SyncRecord {
  return {
    id: Number(row.id),
    source: {
      system: row.source_system,
      connection: row.source_connection,
      object: row.source_object,
      id: row.source_id,
    },
    tenantId: row.tenant_id,
    kind: row.document_kind,
    state: toState(row.state),
    previousState: row.previous_state === null ? null : toState(row.previous_state),
    fortnoxNumber: row.fortnox_number,
    fortnoxTotal: toNumber(row.fortnox_total),
    fortnoxBalance: toNumber(row.fortnox_balance),
    currency: row.currency,
    dueDate: row.due_date,
    paidDate: row.paid_date,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    remoteMessage: row.remote_message,
    attempts: row.attempts,
    sourceHash: row.source_hash,
    flags: row.flags,
    syncedAt: row.synced_at,
    updatedAt: row.updated_at,
    label: row.source_label,
    fortnoxReference: row.fortnox_reference,
  };
}

// Dates come back as text so a due date never shifts a day with the server's time zone.
export const COLUMNS = `id, source_system, source_connection, source_object, source_id, tenant_id, document_kind, state, previous_state, fortnox_number,
  fortnox_total, fortnox_balance, currency, to_char(due_date, 'YYYY-MM-DD') AS due_date, to_char(paid_date, 'YYYY-MM-DD') AS paid_date,
  error_code, error_message, remote_message, attempts, source_hash, flags, synced_at, updated_at, source_label, fortnox_reference`;

/** `WHERE` over a source reference starting at parameter $1 (four parameters). */
export const SOURCE_MATCH = 'source_system = $1 AND source_connection = $2 AND source_object = $3 AND source_id = $4';
export const sourceParams = (s: SourceRef): string[] => [s.system, s.connection, s.object, s.id];

export interface LedgerKey {
  source: SourceRef;
  tenantId: string;
  kind: LedgerKind;
}

export async function findRecord(db: Queryable, key: LedgerKey): Promise<SyncRecord | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM sync_records WHERE ${SOURCE_MATCH} AND tenant_id = $5 AND document_kind = $6`,
    [...sourceParams(key.source), key.tenantId, key.kind],
  );
  return rows[0] === undefined ? undefined : fromRow(rows[0]);
}

export async function findRecordsForSource(db: Queryable, source: SourceRef): Promise<SyncRecord[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM sync_records WHERE ${SOURCE_MATCH} ORDER BY id`,
    sourceParams(source),
  );
  return rows.map(fromRow);
}

export async function getRecord(db: Queryable, id: number): Promise<SyncRecord | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM sync_records WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : fromRow(rows[0]);
}

/** Fields a transition may set alongside the state. `undefined` leaves a column as it is. */
export interface RecordUpdate {
  fortnoxNumber?: string | null;
  fortnoxTotal?: number | null;
  fortnoxBalance?: number | null;
  currency?: string | null;
  dueDate?: string | null;
  paidDate?: string | null;
  error?: { code: string; message: string; remoteMessage?: string | null } | null;
  sourceHash?: string | null;
  fortnoxReference?: string | null;
  flags?: Record<string, unknown>;
  countAttempt?: boolean;
  synced?: boolean;
}

export interface AuditEntry {
  correlationId: string;
  message: string;
  request?: unknown;
  response?: unknown;
}

const COLUMN_OF: Record<string, string> = {
  fortnoxNumber: 'fortnox_number',
  fortnoxTotal: 'fortnox_total',
  fortnoxBalance: 'fortnox_balance',
  currency: 'currency',
  dueDate: 'due_date',
  paidDate: 'paid_date',
  sourceHash: 'source_hash',
  fortnoxReference: 'fortnox_reference',
  flags: 'flags',
};

/** Moves a record to `to` (checked against the state table), updates fields and writes the audit row. */
export async function transition(
  client: Queryable,
  record: SyncRecord,
  to: SyncState,
  update: RecordUpdate,
  audit: AuditEntry,
): Promise<SyncRecord> {
  assertTransition(record.state, to);
  const sets = ['state = $2', 'updated_at = now()'];
  const values: unknown[] = [record.id, to];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (to !== record.state) set('previous_state', record.state);
  for (const [key, column] of Object.entries(COLUMN_OF)) {
    const value = update[key as keyof RecordUpdate];
    if (value !== undefined) set(column, key === 'flags' ? JSON.stringify(value) : value);
  }
  if (update.error !== undefined) {
    set('error_code', update.error?.code ?? null);
    set('error_message', update.error?.message ?? null);
    set('remote_message', update.error?.remoteMessage ?? null);
  }
  if (update.countAttempt === true) sets.push('attempts = attempts + 1', 'last_attempt_at = now()');
  if (update.synced === true) sets.push('synced_at = now()');
  const { rows } = await client.query<Row>(
    `UPDATE sync_records SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    values,
  );
  await recordEvent(client, record.id, {
    ...audit,
    kind: to === record.state ? 'update' : 'transition',
    fromState: record.state,
    toState: to,
  });
  return fromRow(rows[0]!);
}

export async function recordEvent(
  db: Queryable,
  recordId: number,
  entry: AuditEntry & { kind: string; fromState?: SyncState | null; toState?: SyncState | null },
): Promise<void> {
  await db.query(
    `INSERT INTO sync_events (sync_record_id, correlation_id, kind, from_state, to_state, message, request, response)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      recordId,
      entry.correlationId,
      entry.kind,
      entry.fromState ?? null,
      entry.toState ?? null,
      entry.message,
      entry.request === undefined ? null : JSON.stringify(redact(entry.request)),
      entry.response === undefined ? null : JSON.stringify(redact(entry.response)),
    ],
  );
}
