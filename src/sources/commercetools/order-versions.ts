import type { Queryable } from '../../db/connection.ts';
import { OBJECTS, SYSTEM } from './ids.ts';

/**
 * What we know of each order's version (`commercetools_order_versions`). commercetools bumps an
 * order's version on every change, ours included: the status write-back's `updateSyncInfo` sends a
 * message of its own, and the periodic reconciliation lists every order changed in its window. Both
 * used to queue a fresh read of orders we had just read (639 at once in the 1,000-order bench).
 *
 * Neither skip can lose a change: a job reads the order as it is now, so having read version X it has
 * seen every change up to X; and our write-back only moves the mark from exactly the version a job
 * read, so a change another integration made in between is still read. A read only counts once its
 * outcome is stored: the order's ledger record is settled (not pending or creating) and a sync attempt
 * was recorded on it after the read (`last_attempt_at`; a status change from Fortnox, which only moves
 * `updated_at`, proves nothing). A job that read the order and then failed for good leaves it to be
 * read again; a read that needed nothing sent is read once more by the next reconciliation (harmless).
 */

/** A job read the order at `version`; moves forward only. */
export async function noteOrderRead(
  db: Queryable,
  connection: string,
  orderId: string,
  version: number,
): Promise<void> {
  await db.query(
    `INSERT INTO commercetools_order_versions (connection, order_id, version, read_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (connection, order_id) DO UPDATE SET version = EXCLUDED.version, read_at = EXCLUDED.read_at
      WHERE commercetools_order_versions.version < EXCLUDED.version`,
    [connection, orderId, version],
  );
}

/** Our write-back turned version `from` into `to`: known, if `from` is what a job last read. */
export async function noteOwnWrite(
  db: Queryable,
  connection: string,
  orderId: string,
  from: number,
  to: number,
): Promise<void> {
  await db.query(
    `UPDATE commercetools_order_versions SET version = $4 WHERE connection = $1 AND order_id = $2 AND version = $3`,
    [connection, orderId, from, to],
  );
}

/** The known version of each order named: read by a job whose outcome is in the ledger since. */
export async function knownVersions(
  db: Queryable,
  connection: string,
  orderIds: readonly string[],
): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await db.query<{ order_id: string; version: number }>(
    `SELECT v.order_id, v.version FROM commercetools_order_versions v
      WHERE v.connection = $1 AND v.order_id = ANY($2::text[])
        AND EXISTS (SELECT 1 FROM sync_records r
                     WHERE r.source_system = $3 AND r.source_connection = $1 AND r.source_object = $4
                       AND r.source_id = v.order_id AND r.state NOT IN ('pending', 'creating')
                       AND r.last_attempt_at >= v.read_at)`,
    [connection, orderIds, SYSTEM, OBJECTS.order],
  );
  return new Map(rows.map((r) => [r.order_id, r.version]));
}
