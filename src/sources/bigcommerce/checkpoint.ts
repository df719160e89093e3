import type { Queryable } from '../../db/connection.ts';

/**
 * The reconciliation poll's position per store: the newest `date_modified` it has enqueued, in
 * `stream_checkpoints` (source `bigcommerce`, channel = connection key). It moves only after the
 * jobs it covers are queued, so a crash in between re-reads, never skips.
 */

const SOURCE = 'bigcommerce';

export async function readCheckpoint(db: Queryable, connection: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ position: string }>(
    'SELECT position FROM stream_checkpoints WHERE source = $1 AND channel = $2',
    [SOURCE, connection],
  );
  const at = rows[0] === undefined ? undefined : new Date(rows[0].position);
  return at === undefined || Number.isNaN(at.getTime()) ? undefined : at;
}

/** Moves forward only: a slower poller finishing late never moves the checkpoint back. */
export async function saveCheckpoint(
  db: Queryable,
  connection: string,
  at: Date,
  onlyIfMissing = false,
): Promise<void> {
  await db.query(
    `INSERT INTO stream_checkpoints (source, channel, position, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (source, channel) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
      WHERE NOT $4 AND stream_checkpoints.position::timestamptz < EXCLUDED.position::timestamptz`,
    [SOURCE, connection, at.toISOString(), onlyIfMissing],
  );
}
