import type { Queryable } from '../../db/connection.ts';
import { SYSTEM } from './customer-map.ts';
import { OBJECTS } from './ids.ts';

/**
 * What jobs know of each order (`bigcommerce_order_reads`). A checkout is heard twice: by its
 * webhooks and by the next reconciliation poll, whose job id is the order's `date_modified`, not the
 * callback's hash. A second read costs three requests of a quota every app of the store shares and
 * learns nothing; so the poll asks here first:
 *
 * - read at this `date_modified` already (BigCommerce's own clock on both sides): skip;
 * - hinted by a webhook within `HINT_GRACE_MS` and not read since: its job is waiting (coalescing
 *   delays it, a backlog more); leave the order to it and list it again next round.
 *
 * Neither can lose an order: a change after the read is a newer `date_modified`, and a deferred order
 * holds the poll's checkpoint back until a round finds it read (or the grace over, and enqueues it).
 *
 * A read is noted when the order is fetched, before anything reaches Fortnox; the job may then fail
 * for good (Fortnox down longer than the retry budget). So a read counts only once its outcome is
 * stored: the order's ledger record exists and is settled (not `pending`/`creating`), or the read
 * needed nothing sent (an unfinished checkout, an order that wants no document).
 */

export const HINT_GRACE_MS = 5 * 60_000;

/**
 * Moves forward only: a slow job finishing after a newer read never moves the mark back.
 * `nothingToSend`: this version of the order needs no document, so no ledger record will settle it.
 */
export async function noteOrderRead(
  db: Queryable,
  connection: string,
  orderId: number,
  modified: Date,
  nothingToSend = false,
): Promise<void> {
  if (Number.isNaN(modified.getTime())) return;
  await db.query(
    `INSERT INTO bigcommerce_order_reads (connection, order_id, date_modified, nothing_to_send) VALUES ($1, $2, $3, $4)
     ON CONFLICT (connection, order_id) DO UPDATE
       SET date_modified = EXCLUDED.date_modified, nothing_to_send = EXCLUDED.nothing_to_send
      WHERE bigcommerce_order_reads.date_modified IS NULL OR bigcommerce_order_reads.date_modified < EXCLUDED.date_modified`,
    [connection, orderId, modified.toISOString(), nothingToSend],
  );
}

/** A webhook named these orders: their jobs are queued. */
export async function noteOrdersHinted(db: Queryable, connection: string, orderIds: readonly number[]): Promise<void> {
  if (orderIds.length === 0) return;
  await db.query(
    `INSERT INTO bigcommerce_order_reads (connection, order_id, hinted_at) SELECT $1, id, now() FROM unnest($2::bigint[]) AS id
     ON CONFLICT (connection, order_id) DO UPDATE SET hinted_at = now()`,
    [connection, orderIds],
  );
}

export interface OrderMarks {
  /** The newest version a job read and whose outcome is stored (see above). */
  read?: Date;
  hintedAt?: Date;
}

export async function orderMarks(
  db: Queryable,
  connection: string,
  orderIds: readonly number[],
): Promise<Map<number, OrderMarks>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await db.query<{
    order_id: string;
    date_modified: Date | null;
    hinted_at: Date | null;
    settled: boolean;
  }>(
    `SELECT r.order_id, r.date_modified, r.hinted_at,
            CASE WHEN l.records = 0 THEN r.nothing_to_send ELSE l.unsettled = 0 END AS settled
       FROM bigcommerce_order_reads r
       CROSS JOIN LATERAL (
         SELECT count(*) AS records, count(*) FILTER (WHERE s.state IN ('pending', 'creating')) AS unsettled
           FROM sync_records s
          WHERE s.source_system = $3 AND s.source_connection = r.connection AND s.source_object = $4
            AND s.source_id = r.order_id::text) l
      WHERE r.connection = $1 AND r.order_id = ANY($2::bigint[])`,
    [connection, orderIds, SYSTEM, OBJECTS.order],
  );
  return new Map(
    rows.map((r) => [
      Number(r.order_id),
      {
        ...(r.date_modified && r.settled ? { read: new Date(r.date_modified) } : {}),
        ...(r.hinted_at ? { hintedAt: new Date(r.hinted_at) } : {}),
      },
    ]),
  );
}

/** What the poll does with a listed order: enqueue it, or leave it (read already / its hinted job waits). */
export function pollVerdict(marks: OrderMarks | undefined, modified: Date, now: number): 'enqueue' | 'read' | 'hinted' {
  if (marks?.read !== undefined && marks.read.getTime() >= modified.getTime()) return 'read';
  if (marks?.hintedAt !== undefined && now - marks.hintedAt.getTime() < HINT_GRACE_MS) return 'hinted';
  return 'enqueue';
}
