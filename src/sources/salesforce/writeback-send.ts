import type { Connection } from 'jsforce';
import type { Logger } from '../../core/logger.ts';
import type { WritebackBatch, WritebackItem, WritebackResult } from '../source.ts';

/**
 * Sends one batch of write-backs to Salesforce: one `PATCH /composite/sobjects` per object type
 * (up to 200 records) with allOrNone=false, and each record's result said in the core's words:
 * UNABLE_TO_LOCK_ROW passes with time, a deleted record is gone, any other refusal is a person's
 * problem, and REQUEST_LIMIT_EXCEEDED pauses the whole queue (the 24-hour allowance frees up slowly).
 */

export const BATCH = 200;
/** How long the whole queue waits after REQUEST_LIMIT_EXCEEDED. */
export const LIMIT_BACKOFF_SECONDS = 600;

const TRANSIENT = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE']);
const GONE = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'NOT_FOUND']);

interface SaveError {
  errorCode?: string;
  statusCode?: string;
  message?: string;
}

function resultOf(result: { success: boolean; errors?: unknown }): WritebackResult {
  if (result.success) return { kind: 'written' };
  const error = ((result.errors as SaveError[] | undefined) ?? [])[0] ?? {};
  const code = error.errorCode ?? error.statusCode ?? 'UNKNOWN';
  const message = error.message ?? code;
  if (TRANSIENT.has(code)) return { kind: 'retry_later', reason: `${code}: ${message}` };
  if (GONE.has(code)) return { kind: 'gone', reason: code };
  return { kind: 'refused', code, message };
}

export async function sendWritebacks(
  conn: Connection,
  items: readonly WritebackItem[],
  logger: Logger,
): Promise<WritebackBatch> {
  const results: WritebackResult[] = new Array(items.length);
  const byObject = Map.groupBy(items.entries(), ([, item]) => item.source.object);
  try {
    for (const [object, entries] of byObject) {
      const payload = entries.map(([, item]) => ({ Id: item.source.id, ...item.fields }));
      const saved = await conn.sobject(object).update(payload, { allOrNone: false });
      for (const [n, result] of saved.entries()) {
        const [index] = entries[n]!;
        results[index] = resultOf(result as { success: boolean; errors?: unknown });
      }
    }
  } catch (error) {
    const code = (error as { errorCode?: string; name?: string }).errorCode ?? (error as { name?: string }).name;
    if (code !== 'REQUEST_LIMIT_EXCEEDED') throw error;
    logger.warn('salesforce API limit reached; write-back queue paused', { seconds: LIMIT_BACKOFF_SECONDS });
    return { kind: 'pause', seconds: LIMIT_BACKOFF_SECONDS, reason: 'REQUEST_LIMIT_EXCEEDED' };
  }
  return { kind: 'results', results };
}
