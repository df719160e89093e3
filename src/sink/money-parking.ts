import type { LedgerKind, SourceRef } from '../core/documents.ts';
import { withTransaction } from '../db/connection.ts';
import { claimRecord, UNROUTED_TENANT } from '../db/ledger-claim.repo.ts';
import { setWait } from '../db/record-waits.repo.ts';
import { findRecordsForSource, type SyncRecord } from '../db/sync-records.repo.ts';
import { NeedsAttentionError, park } from './attention.ts';
import type { ParkingContext } from './parking.ts';

/**
 * Parking for credits and payments. Most of what stops them passes by itself — the original invoice
 * does not exist yet, or is not booked — so the record names the source record it waits for and is
 * sent again when that record's invoice is created or booked (jobs/waiting-records.ts). The message
 * says so, in case it never happens.
 */

/** Codes of parked records that retry by themselves when their original changes. */
export const WAITING_CODES = ['waiting_for_original', 'waiting_for_booking'] as const;

export function waitingError(code: (typeof WAITING_CODES)[number], message: string): NeedsAttentionError {
  return new NeedsAttentionError(message, code);
}

/** Parks `record` with `error`; with `waitsFor`, a change of that source record sends it again. */
export async function parkMoney(
  ctx: ParkingContext,
  record: SyncRecord,
  error: unknown,
  waitsFor: SourceRef | null = null,
): Promise<SyncRecord> {
  await setWait(ctx.pool, record.id, waitsFor);
  const parked = await park(ctx, record, error);
  await ctx.notifier.documentChanged(parked);
  return parked;
}

/** Claims the record (under `tenantId`, or unrouted while the original's tenant is unknown) and parks it. */
export async function parkMoneyBefore(
  ctx: ParkingContext,
  target: { source: SourceRef; kind: LedgerKind; tenantId: string | undefined; label: string },
  error: unknown,
  waitsFor: SourceRef | null = null,
): Promise<SyncRecord> {
  const key = { source: target.source, tenantId: target.tenantId ?? UNROUTED_TENANT, kind: target.kind };
  const record = await withTransaction(ctx.pool, (client) => claimRecord(client, key, target.label));
  return parkMoney(ctx, record, error, waitsFor);
}

/**
 * The ledger record of the sales document a credit or payment is against: its invoice (or order)
 * in whichever tenant routing sent it to. Undefined while it has none.
 */
export async function originalRecord(ctx: ParkingContext, original: SourceRef): Promise<SyncRecord | undefined> {
  const records = (await findRecordsForSource(ctx.pool, original)).filter(
    (r) => (r.kind === 'invoice' || r.kind === 'order') && r.tenantId !== UNROUTED_TENANT,
  );
  return records.find((r) => r.fortnoxNumber !== null) ?? records[0];
}
