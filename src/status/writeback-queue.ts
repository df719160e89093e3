import type pg from 'pg';
import type { SourceRef } from '../core/documents.ts';
import type { Logger } from '../core/logger.ts';
import { type Queryable, withTransaction } from '../db/connection.ts';
import type { FieldValues, SourceConnection, SourceWriteback, WritebackItem } from '../sources/source.ts';
import {
  changedFields,
  dropDeletedWriteback,
  lastWritten,
  parkRefusedWriteback,
  rememberWritten,
} from './writeback-ledger.ts';

/**
 * The one write-back path for every source. Outcomes are queued in `source_writebacks` (in the
 * transaction of the state change where there is one), and a `source.writeback` job per connection
 * sends them: changes to one record are merged (later wins), only fields that differ from what the
 * record last got from us are sent, up to the adapter's batch size per call, and each record's
 * outcome is handled on its own — retried later, dropped when the record is gone, parked when the
 * source refuses it for good — or the whole connection pauses when the source's allowance is spent.
 * Rows are locked with SKIP LOCKED, so two flushes never send the same change.
 */

export async function queueWriteback(db: Queryable, source: SourceRef, fields: FieldValues): Promise<void> {
  await db.query(
    `INSERT INTO source_writebacks (source_system, source_connection, source_object, source_id, fields)
     VALUES ($1, $2, $3, $4, $5)`,
    [source.system, source.connection, source.object, source.id, JSON.stringify(fields)],
  );
}

interface Row {
  id: string;
  source_object: string;
  source_id: string;
  fields: FieldValues;
  attempts: number;
}

interface Merged {
  source: SourceRef;
  ids: string[];
  fields: FieldValues;
  attempts: number;
}

export interface FlushResult {
  sent: number;
  failed: number;
  /** More rows are due than one flush takes. */
  more: boolean;
}

/** A record that keeps failing to lock is refused after this many tries (a lock that never clears). */
const MAX_ATTEMPTS = 10;

function merge(connection: SourceConnection, rows: Row[], limit: number): Merged[] {
  const merged = new Map<string, Merged>();
  for (const row of rows) {
    const key = `${row.source_object}\u0000${row.source_id}`;
    let entry = merged.get(key);
    if (entry === undefined) {
      if (merged.size >= limit) continue;
      const source = {
        system: connection.system,
        connection: connection.key,
        object: row.source_object,
        id: row.source_id,
      };
      entry = { source, ids: [], fields: {}, attempts: 0 };
      merged.set(key, entry);
    }
    entry.ids.push(row.id);
    Object.assign(entry.fields, row.fields);
    entry.attempts = Math.max(entry.attempts, row.attempts);
  }
  return [...merged.values()];
}

/** Drops what the record already holds; answers the items still worth sending. */
async function unsent(client: pg.PoolClient, writeback: SourceWriteback, all: Merged[]): Promise<Merged[]> {
  const volatile = new Set(writeback.volatileFields ?? []);
  const items: Merged[] = [];
  const byObject = Map.groupBy(all, (m) => m.source.object);
  for (const [object, group] of byObject) {
    const first = group[0]!.source;
    const written = await lastWritten(
      client,
      first.system,
      first.connection,
      object,
      group.map((m) => m.source.id),
    );
    for (const entry of group) {
      const changed = changedFields(entry.fields, written.get(entry.source.id), volatile);
      if (changed === undefined) await client.query('DELETE FROM source_writebacks WHERE id = ANY($1)', [entry.ids]);
      else items.push({ ...entry, fields: changed });
    }
  }
  return items;
}

export async function flushConnection(
  pool: pg.Pool,
  label: string,
  writeback: SourceWriteback,
  connection: SourceConnection,
  logger: Logger,
): Promise<FlushResult> {
  return withTransaction(pool, async (client) => {
    // Enough rows for a full batch even when some records have several pending changes.
    const { rows } = await client.query<Row>(
      `SELECT id, source_object, source_id, fields, attempts FROM source_writebacks
        WHERE source_system = $1 AND source_connection = $2 AND available_at <= now()
        ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [connection.system, connection.key, writeback.batchSize * 5],
    );
    const merged = merge(connection, rows, writeback.batchSize);
    const items = await unsent(client, writeback, merged);
    const more = rows.length > 0 && merged.length === writeback.batchSize;
    if (items.length === 0) return { sent: 0, failed: 0, more };
    const batch = await writeback.send(connection, items satisfies WritebackItem[], logger);
    if (batch.kind === 'pause') {
      // The allowance is spent: hold back the whole connection instead of retrying into the wall.
      await client.query(
        `UPDATE source_writebacks SET available_at = now() + make_interval(secs => $3), last_error = $4
          WHERE source_system = $1 AND source_connection = $2 AND available_at < now() + make_interval(secs => $3)`,
        [connection.system, connection.key, batch.seconds, batch.reason],
      );
      logger.warn('write-back paused: the source says its limit is reached', {
        seconds: batch.seconds,
        reason: batch.reason,
      });
      return { sent: 0, failed: items.length, more: false };
    }
    let sent = 0;
    let failed = 0;
    for (const [index, result] of batch.results.entries()) {
      const item = items[index]!;
      if (result.kind === 'retry_later' && item.attempts < MAX_ATTEMPTS) {
        failed++;
        logger.info('write-back deferred', { record: item.source.id, reason: result.reason });
        // Rows keep their ids (and so their place in the merge order); the status tick asks for a flush.
        await client.query(
          `UPDATE source_writebacks SET attempts = attempts + 1, last_error = $2,
              available_at = now() + make_interval(secs => least(300, 2 ^ attempts)) WHERE id = ANY($1)`,
          [item.ids, result.reason],
        );
        continue;
      }
      await client.query('DELETE FROM source_writebacks WHERE id = ANY($1)', [item.ids]);
      if (result.kind === 'written') {
        sent++;
        await rememberWritten(client, item.source, item.fields);
      } else if (result.kind === 'gone') {
        failed++;
        await dropDeletedWriteback(client, item.source, label, result.reason, logger);
      } else {
        failed++;
        const [code, message] = result.kind === 'refused' ? [result.code, result.message] : ['LOCKED', result.reason];
        await parkRefusedWriteback(client, item.source, label, code, message, logger);
      }
    }
    return { sent, failed, more };
  });
}

/** Connections with write-backs due now (the status tick asks each for a flush). */
export async function connectionsWithDueWritebacks(db: Queryable): Promise<{ system: string; connection: string }[]> {
  const { rows } = await db.query<{ source_system: string; source_connection: string }>(
    `SELECT DISTINCT source_system, source_connection FROM source_writebacks WHERE available_at <= now()`,
  );
  return rows.map((r) => ({ system: r.source_system, connection: r.source_connection }));
}
