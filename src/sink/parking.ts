import type pg from 'pg';
import type { SourceRef } from '../core/documents.ts';
import { withTransaction } from '../db/connection.ts';
import { claimRecord, linkCustomer, UNROUTED_TENANT } from '../db/ledger-claim.repo.ts';
import { findRecordsForSource, type LedgerKind, type SyncRecord, transition } from '../db/sync-records.repo.ts';
import { park } from './attention.ts';
import type { SourceNotifier } from './context.ts';

/**
 * Parking for outcomes that stop a sync before a Fortnox document can be made: no customer on the
 * deal, no Fortnox company to send it to. Every outcome that tells a person "needs attention" has a
 * ledger row in `needs_attention` (message, reason code, Fortnox's text where there is one), so the
 * dashboard lists it with Retry and a fix — a change in the source, connecting Fortnox, a setting —
 * can find it again. A record that never got a document and whose source no longer wants one
 * (the deal left the won stages) is released as `skipped` instead of waiting forever.
 */

export interface ParkingContext {
  pool: pg.Pool;
  correlationId: string;
  notifier: SourceNotifier;
}

export interface ParkTarget {
  source: SourceRef;
  kind: LedgerKind;
  /** The tenant the record belongs to, or undefined when no Fortnox company could be chosen. */
  tenantId: string | undefined;
  label?: string;
  /** The document's customer (source record id): a change to it retries the document too. */
  customerSourceId?: string;
}

/** Claims the record (under its tenant, or unrouted) and parks it with the error's plain message. */
export async function parkBeforeDocument(ctx: ParkingContext, target: ParkTarget, error: unknown): Promise<SyncRecord> {
  const key = { source: target.source, tenantId: target.tenantId ?? UNROUTED_TENANT, kind: target.kind };
  const record = await withTransaction(ctx.pool, async (client) => {
    const claimed = await claimRecord(client, key, target.label);
    if (target.customerSourceId !== undefined) await linkCustomer(client, claimed.id, target.customerSourceId);
    return claimed;
  });
  const parked = await park(ctx, record, error);
  if (parked.kind === 'customer') await ctx.notifier.customerFailed(parked.source, parked.errorMessage ?? '');
  else await ctx.notifier.documentChanged(parked);
  return parked;
}

/** True for a record that is parked (or waiting) and never reached Fortnox. */
export function neverSent(record: SyncRecord): boolean {
  return record.fortnoxNumber === null && (record.state === 'needs_attention' || record.state === 'pending');
}

/**
 * The source no longer wants a document (deal lost, order cancelled): parked records that never
 * reached Fortnox have nothing to undo, so they leave the attention list as `skipped`.
 */
export async function releaseUnsent(ctx: ParkingContext, source: SourceRef, reason: string): Promise<number> {
  let released = 0;
  for (const record of await findRecordsForSource(ctx.pool, source)) {
    if (record.kind === 'customer' || !neverSent(record)) continue;
    const skipped = await transition(
      ctx.pool,
      record,
      'skipped',
      { error: null },
      { correlationId: ctx.correlationId, message: `nothing to send: ${reason}` },
    );
    await ctx.notifier.documentChanged(skipped);
    released++;
  }
  return released;
}
