import type { Connection } from 'jsforce';
import type pg from 'pg';
import type { Logger } from '../../core/logger.ts';
import { withTransaction } from '../../db/connection.ts';
import {
  changedFields,
  dropDeletedWriteback,
  lastWritten,
  parkRefusedWriteback,
  rememberWritten,
} from '../../status/writeback-ledger.ts';
import type { FieldValues } from './writeback-outbox.ts';

/**
 * Sends queued field updates to Salesforce: changes to one record are merged (later wins), up to
 * 200 records go in one `PATCH /composite/sobjects` call per object type with allOrNone=false, and
 * each record's outcome is handled on its own: UNABLE_TO_LOCK_ROW is retried later, a deleted
 * record is noted and dropped, any other refusal parks the ledger records as needs_attention, and
 * REQUEST_LIMIT_EXCEEDED pauses the whole queue. Only fields that differ from what the record last
 * got from us are sent. Rows are locked with SKIP LOCKED, so two flushes never send the same change.
 */

export const BATCH = 200;

interface Row {
  id: string;
  source_object: string;
  source_id: string;
  fields: FieldValues;
  attempts: number;
}

export interface FlushResult {
  sent: number;
  failed: number;
  /** More rows are due than one flush takes. */
  more: boolean;
}

/** Per-record Salesforce errors that pass with time; everything else will not pass by retrying. */
const TRANSIENT = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE']);
const GONE = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'NOT_FOUND']);
/** How long the whole queue waits after REQUEST_LIMIT_EXCEEDED (the 24-hour allowance frees up gradually). */
export const LIMIT_BACKOFF_SECONDS = 600;

function merge(rows: Row[]): Map<string, { object: string; ids: string[]; fields: FieldValues; attempts: number }> {
  const merged = new Map<string, { object: string; ids: string[]; fields: FieldValues; attempts: number }>();
  for (const row of rows) {
    const key = `${row.source_object}:${row.source_id}`;
    const entry = merged.get(key) ?? { object: row.source_object, ids: [], fields: {}, attempts: 0 };
    entry.ids.push(row.id);
    Object.assign(entry.fields, row.fields);
    entry.attempts = Math.max(entry.attempts, row.attempts);
    merged.set(key, entry);
  }
  return merged;
}

interface SaveError {
  errorCode?: string;
  statusCode?: string;
  message?: string;
}

export async function flushWritebacks(pool: pg.Pool, conn: Connection, logger: Logger): Promise<FlushResult> {
  return withTransaction(pool, async (client) => {
    // Enough rows for 200 records even when some records have several pending changes.
    const { rows } = await client.query<Row>(
      `SELECT id, source_object, source_id, fields, attempts FROM source_writebacks
        WHERE source_system = 'salesforce' AND available_at <= now() ORDER BY id LIMIT ${BATCH * 5} FOR UPDATE SKIP LOCKED`,
    );
    const records = [...merge(rows)].slice(0, BATCH);
    let sent = 0;
    let failed = 0;
    const byObject = new Map<string, typeof records>();
    for (const entry of records) byObject.set(entry[1].object, [...(byObject.get(entry[1].object) ?? []), entry]);
    for (const [object, all] of byObject) {
      // Changed fields only: what Salesforce already holds from us is not sent again (src/status/writeback-ledger.ts).
      const written = await lastWritten(
        client,
        'salesforce',
        object,
        all.map(([key]) => key.slice(object.length + 1)),
      );
      const entries: typeof all = [];
      for (const [key, entry] of all) {
        const changed = changedFields(entry.fields, written.get(key.slice(object.length + 1)));
        if (changed === undefined) await client.query('DELETE FROM source_writebacks WHERE id = ANY($1)', [entry.ids]);
        else entries.push([key, { ...entry, fields: changed }]);
      }
      if (entries.length === 0) continue;
      const payload = entries.map(([key, entry]) => ({ Id: key.slice(object.length + 1), ...entry.fields }));
      const results = await conn.sobject(object).update(payload, { allOrNone: false });
      for (const [index, result] of results.entries()) {
        const [key, entry] = entries[index]!;
        const source = { system: 'salesforce', object, id: key.slice(object.length + 1) };
        const error = ((result as { errors?: SaveError[] }).errors ?? [])[0] ?? {};
        const code = error.errorCode ?? error.statusCode ?? 'UNKNOWN';
        if (!result.success && TRANSIENT.has(code) && entry.attempts < 10) {
          failed++;
          logger.info('salesforce write-back deferred', { record: key, code, message: error.message });
          // Rows keep their ids (and so their place in the merge order); a later flush sends them —
          // the status tick requests one every poll interval.
          await client.query(
            `UPDATE source_writebacks SET attempts = attempts + 1, last_error = $2, available_at = now() + make_interval(secs => least(300, 2 ^ attempts)) WHERE id = ANY($1)`,
            [entry.ids, `${code}: ${error.message ?? ''}`],
          );
          continue;
        }
        await client.query('DELETE FROM source_writebacks WHERE id = ANY($1)', [entry.ids]);
        if (result.success) {
          sent++;
          await rememberWritten(client, 'salesforce', object, source.id, entry.fields);
          continue;
        }
        failed++;
        if (GONE.has(code)) {
          await dropDeletedWriteback(client, source, code, logger);
        } else {
          // A validation rule, a bad value, or a lock that never clears: retrying cannot help; a person can.
          await parkRefusedWriteback(client, source, code, error.message ?? code, logger);
        }
      }
    }
    return { sent, failed, more: rows.length > 0 && records.length === BATCH };
  }).catch(async (error: unknown) => {
    const code = (error as { errorCode?: string; name?: string }).errorCode ?? (error as { name?: string }).name;
    if (code !== 'REQUEST_LIMIT_EXCEEDED') throw error;
    // The org's API allowance is spent: hold back the whole queue instead of retrying into the wall.
    const { rowCount } = await pool.query(
      `UPDATE source_writebacks SET available_at = now() + make_interval(secs => $1), last_error = 'REQUEST_LIMIT_EXCEEDED'
        WHERE source_system = 'salesforce' AND available_at < now() + make_interval(secs => $1)`,
      [LIMIT_BACKOFF_SECONDS],
    );
    logger.warn('salesforce API limit reached; write-back queue paused', {
      rows: rowCount,
      seconds: LIMIT_BACKOFF_SECONDS,
    });
    return { sent: 0, failed: 0, more: false };
  });
}
