import type pg from 'pg';
import type { SourceRef } from '../core/documents.ts';
import type { Queryable } from './connection.ts';
import {
  COLUMNS,
  fromRow,
  type LedgerKey,
  type Row,
  SOURCE_MATCH,
  type SyncRecord,
  sourceParams,
} from './sync-records.repo.ts';

/**
 * Claiming a ledger row (the step before anything is sent to Fortnox) and the links between rows:
 * which customer a document belongs to, and which parked documents a fixed customer releases.
 */

/**
 * Tenant of a record parked before any Fortnox company could be chosen (none connected, several and
 * no default). The row exists so the dashboard lists it with Retry; once a tenant is chosen it moves there.
 */
export const UNROUTED_TENANT = 'unrouted';

/**
 * Creates the ledger row if missing and returns it locked for the rest of the transaction. A row the
 * same source record got while unrouted moves to the tenant now chosen (with its audit trail), so a
 * parked deal and its later invoice are one record, never two. `label` refreshes the name people see.
 */
export async function claimRecord(client: pg.PoolClient, key: LedgerKey, label?: string): Promise<SyncRecord> {
  const ids = [...sourceParams(key.source), key.tenantId, key.kind];
  if (key.tenantId !== UNROUTED_TENANT) await adoptUnrouted(client, key);
  await client.query(
    `INSERT INTO sync_records (source_system, source_connection, source_object, source_id, tenant_id, document_kind, source_label)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ON CONSTRAINT sync_records_one_per_source
     DO UPDATE SET source_label = EXCLUDED.source_label
       WHERE EXCLUDED.source_label IS NOT NULL AND sync_records.source_label IS DISTINCT FROM EXCLUDED.source_label`,
    [...ids, label ?? null],
  );
  const { rows } = await client.query<Row>(
    `SELECT ${COLUMNS} FROM sync_records WHERE ${SOURCE_MATCH} AND tenant_id = $5 AND document_kind = $6 FOR UPDATE`,
    ids,
  );
  return fromRow(rows[0]!);
}

async function adoptUnrouted(client: pg.PoolClient, key: LedgerKey): Promise<void> {
  const source = sourceParams(key.source);
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM sync_records WHERE ${SOURCE_MATCH} AND document_kind = $5 AND tenant_id = $6 FOR UPDATE`,
    [...source, key.kind, UNROUTED_TENANT],
  );
  const unrouted = rows[0];
  if (unrouted === undefined) return;
  const same = `o.source_system = $3 AND o.source_connection = $4 AND o.source_object = $5 AND o.source_id = $6 AND o.document_kind = $7`;
  const moved = await client.query(
    `UPDATE sync_records SET tenant_id = $2, updated_at = now() WHERE id = $1
        AND NOT EXISTS (SELECT 1 FROM sync_records o WHERE ${same} AND o.tenant_id = $2)`,
    [unrouted.id, key.tenantId, ...source, key.kind],
  );
  if (moved.rowCount === 1) return;
  // The tenant already has a row (routed before, parked unrouted later): keep that one and its trail.
  await client.query(
    `UPDATE sync_events SET sync_record_id = (SELECT o.id FROM sync_records o WHERE ${same} AND o.tenant_id = $2)
      WHERE sync_record_id = $1`,
    [unrouted.id, key.tenantId, ...source, key.kind],
  );
  await client.query('DELETE FROM sync_records WHERE id = $1', [unrouted.id]);
}

/** Remembers which customer a document belongs to (see `documentsWaitingFor`). */
export async function linkCustomer(db: Queryable, recordId: number, customerSourceId: string): Promise<void> {
  await db.query(
    `UPDATE sync_records SET customer_source_id = $2 WHERE id = $1 AND customer_source_id IS DISTINCT FROM $2`,
    [recordId, customerSourceId],
  );
}

/** Documents parked for a person whose customer is this source record: a fixed customer retries them. */
export async function documentsWaitingFor(db: Queryable, customer: SourceRef): Promise<SourceRef[]> {
  const { rows } = await db.query<{
    source_system: string;
    source_connection: string;
    source_object: string;
    source_id: string;
  }>(
    `SELECT DISTINCT source_system, source_connection, source_object, source_id FROM sync_records
      WHERE source_system = $1 AND source_connection = $2 AND customer_source_id = $3
        AND document_kind <> 'customer' AND state = 'needs_attention'`,
    [customer.system, customer.connection, customer.id],
  );
  return rows.map((row) => ({
    system: row.source_system,
    connection: row.source_connection,
    object: row.source_object,
    id: row.source_id,
  }));
}
