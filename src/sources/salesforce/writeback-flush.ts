import type { Connection } from 'jsforce';
import type pg from 'pg';
import { AppError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { withTransaction } from '../../db/connection.ts';
import type { FieldValues } from './writeback-outbox.ts';

/**
 * Sends queued field updates to Salesforce: changes to one record are merged (later wins), up to
 * 200 records go in one `PATCH /composite/sobjects` call per object type with allOrNone=false, and
 * each record's outcome is handled on its own. Rows are locked with SKIP LOCKED, so two flushes
 * never send the same change.
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
    for (const [object, entries] of byObject) {
      const payload = entries.map(([key, entry]) => ({ Id: key.slice(object.length + 1), ...entry.fields }));
      const results = await conn.sobject(object).update(payload, { allOrNone: false });
      for (const [index, result] of results.entries()) {
        const [key, entry] = entries[index]!;
        if (result.success) {
          sent++;
          await client.query('DELETE FROM source_writebacks WHERE id = ANY($1)', [entry.ids]);
          continue;
        }
        failed++;
        const error = ((result as { errors?: SaveError[] }).errors ?? [])[0] ?? {};
        const code = error.errorCode ?? error.statusCode ?? 'UNKNOWN';
        const context = { record: key, code, message: error.message };
        if (TRANSIENT.has(code) && entry.attempts < 10) {
          logger.info('salesforce write-back deferred', context);
          await client.query(
            `UPDATE source_writebacks SET attempts = attempts + 1, last_error = $2, available_at = now() + make_interval(secs => least(300, 2 ^ attempts)) WHERE id = ANY($1)`,
            [entry.ids, `${code}: ${error.message ?? ''}`],
          );
        } else {
          // A deleted record or a refused value will not change by retrying: record it and move on.
          logger.warn(GONE.has(code) ? 'salesforce record gone; write-back dropped' : 'salesforce refused the write-back', context);
          await client.query('DELETE FROM source_writebacks WHERE id = ANY($1)', [entry.ids]);
        }
      }
    }
    return { sent, failed, more: rows.length > 0 && records.length === BATCH };
  }).catch((error: unknown) => {
    const code = (error as { errorCode?: string; name?: string }).errorCode ?? (error as { name?: string }).name;
    if (code === 'REQUEST_LIMIT_EXCEEDED') {
      throw new AppError('Salesforce API limit reached; write-backs wait', { code: 'salesforce_limit', category: 'rate_limit', retryable: true, retryAfterMs: 60_000, cause: error });
    }
    throw error;
  });
}
