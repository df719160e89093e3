import type { SourceRef } from '../core/documents.ts';
import type { Logger } from '../core/logger.ts';
import { canTransition } from '../core/sync-state.ts';
import type { Queryable } from '../db/connection.ts';
import { findRecordsForSource, recordEvent, transition } from '../db/sync-records.repo.ts';
import type { FieldValues } from '../sources/source.ts';

/**
 * Memory of what each source record last received from us (`source_written`), so the write-back
 * sends changed fields only. A "synced at" stamp changes with every write and says nothing on its
 * own: such volatile fields travel along when something else changed, and never cause a write.
 */

export async function lastWritten(
  db: Queryable,
  system: string,
  connection: string,
  object: string,
  ids: readonly string[],
): Promise<Map<string, FieldValues>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ source_id: string; fields: FieldValues }>(
    `SELECT source_id, fields FROM source_written
      WHERE source_system = $1 AND source_connection = $2 AND source_object = $3 AND source_id = ANY($4)`,
    [system, connection, object, ids],
  );
  return new Map(rows.map((r) => [r.source_id, r.fields]));
}

/** The fields of `pending` that differ from `written`; undefined when only volatile ones would change. */
export function changedFields(
  pending: FieldValues,
  written: FieldValues | undefined,
  volatile: ReadonlySet<string>,
): FieldValues | undefined {
  const changed: FieldValues = {};
  let meaningful = false;
  for (const [field, value] of Object.entries(pending)) {
    if (volatile.has(field)) {
      changed[field] = value;
      continue;
    }
    if (written !== undefined && field in written && written[field] === value) continue;
    changed[field] = value;
    meaningful = true;
  }
  return meaningful ? changed : undefined;
}

export async function rememberWritten(db: Queryable, source: SourceRef, fields: FieldValues): Promise<void> {
  await db.query(
    `INSERT INTO source_written (source_system, source_connection, source_object, source_id, fields) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (source_system, source_connection, source_object, source_id)
     DO UPDATE SET fields = source_written.fields || EXCLUDED.fields, written_at = now()`,
    [source.system, source.connection, source.object, source.id, JSON.stringify(fields)],
  );
}

/** A deleted record starts from nothing if it is ever undeleted. */
export async function forgetWritten(db: Queryable, source: SourceRef): Promise<void> {
  await db.query(
    'DELETE FROM source_written WHERE source_system = $1 AND source_connection = $2 AND source_object = $3 AND source_id = $4',
    [source.system, source.connection, source.object, source.id],
  );
}

/**
 * What a refused write-back does to the ledger (the flush decides the kind, this records it):
 * - a record the source refuses to take (validation rule, bad value) is a person's problem: every
 *   ledger record of that source record becomes needs_attention with the source's message. Nothing is
 *   queued back to the source, which would only be refused again; the record returns to its state on
 *   retry or when the source record changes, like every needs_attention record.
 * - a deleted record: an audit note, and the write-back is dropped.
 */

const CORRELATION = 'source-writeback';

export async function parkRefusedWriteback(
  db: Queryable,
  source: SourceRef,
  label: string,
  code: string,
  message: string,
  logger: Logger,
): Promise<number> {
  const userMessage = `${label} refused the status update of this ${source.object} (${code}): ${message}`;
  let parked = 0;
  for (const record of await findRecordsForSource(db, source)) {
    if (record.state === 'needs_attention' || !canTransition(record.state, 'needs_attention')) {
      await recordEvent(db, record.id, { correlationId: CORRELATION, kind: 'error', message: userMessage });
      continue;
    }
    await transition(
      db,
      record,
      'needs_attention',
      { error: { code: 'source_refused', message: userMessage, remoteMessage: message } },
      { correlationId: CORRELATION, message: `needs attention: ${userMessage}`, response: { code, message } },
    );
    parked++;
  }
  logger.warn('the source refused the write-back; records need attention', { record: source.id, code, parked });
  return parked;
}

export async function dropDeletedWriteback(
  db: Queryable,
  source: SourceRef,
  label: string,
  reason: string,
  logger: Logger,
): Promise<void> {
  for (const record of await findRecordsForSource(db, source)) {
    await recordEvent(db, record.id, {
      correlationId: CORRELATION,
      kind: 'note',
      message: `the ${source.object} is deleted in ${label} (${reason}); write-back dropped`,
    });
  }
  await forgetWritten(db, source);
  logger.warn('source record gone; write-back dropped', { record: source.id, reason });
}
