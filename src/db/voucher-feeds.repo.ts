import type { SourceRef } from '../core/documents.ts';
import type { Queryable } from './connection.ts';

/**
 * One input per business location and day (voucher_feeds): the first source connection that posts
 * a day owns it. Claimed in the ledger claim's transaction, so two inputs racing for one day cannot
 * both win.
 */

export interface FeedOwner {
  system: string;
  connection: string;
}

/** Claims (tenant, location, day) for the source's connection; answers the owner when another input has it. */
export async function claimFeed(
  db: Queryable,
  tenantId: string,
  location: string,
  day: string,
  source: SourceRef,
): Promise<FeedOwner | undefined> {
  await db.query(
    `INSERT INTO voucher_feeds (tenant_id, location, day, source_system, source_connection)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [tenantId, location, day, source.system, source.connection],
  );
  const { rows } = await db.query<{ source_system: string; source_connection: string }>(
    `SELECT source_system, source_connection FROM voucher_feeds WHERE tenant_id = $1 AND location = $2 AND day = $3`,
    [tenantId, location, day],
  );
  const owner = rows[0];
  if (owner === undefined) return undefined;
  if (owner.source_system === source.system && owner.source_connection === source.connection) return undefined;
  return { system: owner.source_system, connection: owner.source_connection };
}
