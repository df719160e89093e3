import type { SourceRef } from '../core/documents.ts';
import type { Queryable } from './connection.ts';
import { sourceParams } from './sync-records.repo.ts';

/**
 * Which source record a parked credit or payment waits for (its original invoice's record), and the
 * reverse lookup a change of that record uses to send the waiting ones again.
 */

export async function setWait(db: Queryable, recordId: number, waitsFor: SourceRef | null): Promise<void> {
  const values = waitsFor === null ? [null, null, null, null] : sourceParams(waitsFor);
  await db.query(
    `UPDATE sync_records SET waits_for_system = $2, waits_for_connection = $3, waits_for_object = $4, waits_for_id = $5
      WHERE id = $1`,
    [recordId, ...values],
  );
}

/** Source records parked while waiting for `source`: each is worth another try now. */
/** `codes`: only records parked with one of these reasons (undefined: every waiting record). */
export async function recordsWaitingFor(
  db: Queryable,
  source: SourceRef,
  codes?: readonly string[],
): Promise<SourceRef[]> {
  const { rows } = await db.query<{
    source_system: string;
    source_connection: string;
    source_object: string;
    source_id: string;
  }>(
    `SELECT DISTINCT source_system, source_connection, source_object, source_id FROM sync_records
      WHERE waits_for_system = $1 AND waits_for_connection = $2 AND waits_for_object = $3 AND waits_for_id = $4
        AND state = 'needs_attention' AND ($5::text[] IS NULL OR error_code = ANY($5::text[]))`,
    [...sourceParams(source), codes === undefined ? null : [...codes]],
  );
  return rows.map((row) => ({
    system: row.source_system,
    connection: row.source_connection,
    object: row.source_object,
    id: row.source_id,
  }));
}
