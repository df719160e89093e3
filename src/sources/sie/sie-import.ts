import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Voucher } from '../../core/documents.ts';
import type { Queryable } from '../../db/connection.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { digestId, sieVouchers, unnumberedPerDay } from './sie-vouchers.ts';
import { parseSie4 } from './sie4-parser.ts';
import type { SieError, SieFile } from './sie4-types.ts';

/**
 * Importing an SIE4 file for a location, all or nothing: parse it (line-numbered plain errors),
 * refuse the whole file when another input (the register's API) already posts one of its days for
 * that location, else store every verification and queue `document.sync` for those that are new
 * or changed, all in one transaction. A second import of the same file stores nothing new and queues
 * nothing, so nothing is posted twice.
 */

export interface SieImportResult {
  errors: SieError[];
  warnings: string[];
  /** Verifications new or changed since the last import (or never taken up before), queued for posting. */
  queued: string[];
  /** Unchanged since an earlier import: nothing to do. */
  unchanged: string[];
  /** Days that another input feeds for this location, with the reason (then nothing was imported). */
  refused: string[];
}

export async function importSie(
  db: { pool: pg.Pool; queue: JobQueue<JobCatalog> },
  connection: string,
  location: string,
  bytes: Uint8Array,
): Promise<SieImportResult> {
  const parsed = parseSie4(bytes);
  const result: SieImportResult = { errors: [], warnings: parsed.warnings, queued: [], unchanged: [], refused: [] };
  if (!parsed.ok) return { ...result, errors: parsed.errors };
  const sha = createHash('sha256').update(bytes).digest('hex');
  const vouchers = sieVouchers(parsed.file, connection, location, await legacyIds(db.pool, connection, parsed.file));
  const days = [...new Set(vouchers.map((v) => v.date))];
  const { rows: owned } = await db.pool.query<{ day: string; source_system: string; source_connection: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, source_system, source_connection FROM voucher_feeds
      WHERE location = $1 AND day = ANY($2::date[]) AND NOT (source_system = 'sie' AND source_connection = $3)`,
    [location, days, connection],
  );
  const taken = new Map(owned.map((o) => [o.day, `${o.source_system} (connection “${o.source_connection}”)`]));
  for (const voucher of vouchers) {
    const other = taken.get(voucher.date);
    if (other !== undefined)
      result.refused.push(
        `${voucher.title}: ${voucher.date} of “${location}” is already booked from ${other}; a location is fed by one input only, so the file was not imported.`,
      );
  }
  if (result.refused.length > 0) return result;
  // One transaction, written out here: db/connection.ts loads the config, which loads this adapter.
  // The jobs are queued inside it (pg-boss on the same client): a crash or a queue error keeps both
  // the rows and their jobs or neither, so a row is never stored without its job and then reported
  // "unchanged" by the next import of the file.
  const client = await db.pool.connect();
  const executeSql = async (text: string, values?: unknown[]) => client.query(text, values);
  try {
    await client.query('BEGIN');
    const stored = [];
    for (const voucher of vouchers) stored.push({ id: voucher.source.id, changed: await store(client, voucher, sha) });
    // An unchanged verification the sink has never seen (stored by an earlier release whose queueing
    // was lost) is queued again: the file brought again is how a finance user retries.
    const unseen = await neverSynced(
      client,
      connection,
      stored.filter((v) => !v.changed).map((v) => v.id),
    );
    for (const { id, changed } of stored) {
      if (!changed && !unseen.has(id)) {
        result.unchanged.push(id);
        continue;
      }
      const source = { system: 'sie', connection, object: 'verification', id };
      await db.queue.send('document.sync', { source, reason: 'SIE import' }, { db: { executeSql } });
      result.queued.push(id);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  result.warnings.push(...(await leftOut(db.pool, connection, parsed.file)));
  return result;
}

/** Stores the verification; true when it is new or differs from what an earlier import stored. */
async function store(db: Queryable, voucher: Voucher, sha: string): Promise<boolean> {
  const { rows } = await db.query<{ changed: boolean }>(
    `INSERT INTO sie_verifications (connection, id, voucher, file_sha256) VALUES ($1, $2, $3, $4)
     ON CONFLICT (connection, id) DO UPDATE SET voucher = EXCLUDED.voucher, file_sha256 = EXCLUDED.file_sha256, imported_at = now()
       WHERE sie_verifications.voucher IS DISTINCT FROM EXCLUDED.voucher
     RETURNING true AS changed`,
    [voucher.source.connection, voucher.source.id, JSON.stringify(voucher), sha],
  );
  return rows.length > 0;
}

/** Of `ids`, those without a ledger record: never taken up by the sink. */
async function neverSynced(db: Queryable, connection: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `SELECT u.vid AS id FROM unnest($2::text[]) AS u(vid) WHERE NOT EXISTS (
       SELECT 1 FROM sync_records s WHERE s.source_system = 'sie' AND s.source_connection = $1
          AND s.source_object = 'verification' AND s.source_id = u.vid)`,
    [connection, ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** The file's verifications without series and number that an earlier release stored under `digestId`. */
async function legacyIds(db: Queryable, connection: string, file: SieFile): Promise<Set<string>> {
  const candidates = file.verifications.filter((v) => v.series === '' || v.number === '').map(digestId);
  if (candidates.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM sie_verifications WHERE connection = $1 AND id = ANY($2)',
    [connection, candidates],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * A day an earlier file had more verifications without series and number for: the ones beyond this
 * file's count stay posted, which the finance user must know (and reverse in Fortnox if they are gone).
 */
async function leftOut(db: Queryable, connection: string, file: SieFile): Promise<string[]> {
  const warnings: string[] = [];
  for (const [day, count] of unnumberedPerDay(file)) {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM sie_verifications
        WHERE connection = $1 AND CASE WHEN id ~ $2 THEN split_part(id, '-', 4)::int > $3 ELSE false END
        ORDER BY split_part(id, '-', 4)::int`,
      [connection, `^${day}-[0-9]{1,6}$`, count],
    );
    if (rows.length > 0)
      warnings.push(
        `${day}: an earlier file had ${count + rows.length} verifications without series and number for this day, this one has ${count}. ${rows.map((r) => r.id).join(', ')} stay${rows.length === 1 ? 's' : ''} posted as before; if they are no longer part of the day, reverse them in Fortnox.`,
      );
  }
  return warnings;
}
