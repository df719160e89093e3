import type { Queryable } from './connection.ts';

/**
 * Stock from Fortnox to the sources (migrations 1763800036201): each company's levels as last read,
 * and per source connection what was last sent per SKU or that the SKU is unknown there.
 */

export interface StockRow {
  sku: string;
  quantity: number;
}

/** The levels read from Fortnox (newest wins); returns how many changed. */
export async function saveStockLevels(db: Queryable, tenantId: string, levels: readonly StockRow[]): Promise<number> {
  if (levels.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO stock_levels (tenant_id, article_number, quantity)
     SELECT $1, sku, quantity FROM unnest($2::text[], $3::numeric[]) AS t(sku, quantity)
     ON CONFLICT (tenant_id, article_number) DO UPDATE SET quantity = EXCLUDED.quantity, read_at = now()
      WHERE stock_levels.quantity IS DISTINCT FROM EXCLUDED.quantity`,
    [tenantId, levels.map((l) => l.sku), levels.map((l) => l.quantity)],
  );
  return rowCount ?? 0;
}

/** Levels this connection has not been sent (never, or since they changed), in SKU order. */
export async function pendingStock(
  db: Queryable,
  tenantId: string,
  system: string,
  connection: string,
): Promise<StockRow[]> {
  const { rows } = await db.query<{ sku: string; quantity: string }>(
    `SELECT l.article_number AS sku, l.quantity FROM stock_levels l
       LEFT JOIN stock_pushes p ON p.system = $2 AND p.connection = $3 AND p.sku = l.article_number
      WHERE l.tenant_id = $1 AND (p.sku IS NULL OR p.quantity <> l.quantity OR p.tenant_id <> l.tenant_id)
      ORDER BY l.article_number`,
    [tenantId, system, connection],
  );
  return rows.map((r) => ({ sku: r.sku, quantity: Number(r.quantity) }));
}

/**
 * Records one batch's outcome. Returns the SKUs newly found unknown (not already reported as
 * unknown): those are the ones a person is told about.
 */
export async function recordStockPush(
  db: Queryable,
  o: {
    tenantId: string;
    system: string;
    connection: string;
    sent: readonly StockRow[];
    refused: readonly { sku: string; reason: string }[];
  },
): Promise<string[]> {
  const refused = new Map(o.refused.map((r) => [r.sku, r.reason]));
  const { rows: before } = await db.query<{ sku: string }>(
    `SELECT sku FROM stock_pushes WHERE system = $1 AND connection = $2 AND state = 'unknown' AND sku = ANY($3::text[])`,
    [o.system, o.connection, [...refused.keys()]],
  );
  const known = new Set(before.map((r) => r.sku));
  await db.query(
    `INSERT INTO stock_pushes (system, connection, sku, tenant_id, quantity, state, message)
     SELECT $1, $2, sku, $3, quantity, state, message
       FROM unnest($4::text[], $5::numeric[], $6::text[], $7::text[]) AS t(sku, quantity, state, message)
     ON CONFLICT (system, connection, sku) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, quantity = EXCLUDED.quantity,
       state = EXCLUDED.state, message = EXCLUDED.message, updated_at = now()`,
    [
      o.system,
      o.connection,
      o.tenantId,
      o.sent.map((s) => s.sku),
      o.sent.map((s) => s.quantity),
      o.sent.map((s) => (refused.has(s.sku) ? 'unknown' : 'pushed')),
      o.sent.map((s) => refused.get(s.sku) ?? null),
    ],
  );
  return [...refused.keys()].filter((sku) => !known.has(sku));
}

/** SKUs of a connection the source does not know (for the operator). */
export async function unknownSkus(
  db: Queryable,
  system: string,
  connection: string,
): Promise<{ sku: string; quantity: number; message: string | null }[]> {
  const { rows } = await db.query<{ sku: string; quantity: string; message: string | null }>(
    `SELECT sku, quantity, message FROM stock_pushes WHERE system = $1 AND connection = $2 AND state = 'unknown' ORDER BY sku`,
    [system, connection],
  );
  return rows.map((r) => ({ sku: r.sku, quantity: Number(r.quantity), message: r.message }));
}
