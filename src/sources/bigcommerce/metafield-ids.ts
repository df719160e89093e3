import type { Queryable } from '../../db/connection.ts';

/**
 * Where our status metafield lives on each order (`bigcommerce_order_reads.metafield_id`). A stale id
 * (the merchant deleted the metafield) only costs the find the write-back did before.
 */
export interface MetafieldIds {
  of(orderIds: readonly string[]): Promise<Map<string, number>>;
  note(orderId: string, metafieldId: number | null): Promise<void>;
}

export function metafieldIds(db: Queryable, connection: string): MetafieldIds {
  return {
    of: async (orderIds) => {
      const ids = orderIds.map(Number).filter(Number.isSafeInteger);
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<{ order_id: string; metafield_id: string }>(
        `SELECT order_id, metafield_id FROM bigcommerce_order_reads
          WHERE connection = $1 AND order_id = ANY($2::bigint[]) AND metafield_id IS NOT NULL`,
        [connection, ids],
      );
      return new Map(rows.map((r) => [String(r.order_id), Number(r.metafield_id)]));
    },
    note: async (orderId, metafieldId) => {
      await db.query(
        `INSERT INTO bigcommerce_order_reads (connection, order_id, metafield_id) VALUES ($1, $2, $3)
         ON CONFLICT (connection, order_id) DO UPDATE SET metafield_id = EXCLUDED.metafield_id`,
        [connection, Number(orderId), metafieldId],
      );
    },
  };
}
