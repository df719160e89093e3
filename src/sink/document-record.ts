import type { SalesDocument } from '../core/documents.ts';
import type { SyncState } from '../core/sync-state.ts';
import { type RecordUpdate, type SyncRecord, transition } from '../db/sync-records.repo.ts';
import type { SinkContext } from './context.ts';
import type { FortnoxDocumentRecord } from './fortnox-port.ts';

/** Ledger bookkeeping shared by create and amend: what a Fortnox document says, stored on the record. */

export function amountsOf(doc: FortnoxDocumentRecord): RecordUpdate {
  return {
    fortnoxNumber: doc.DocumentNumber,
    fortnoxReference: doc.ExternalInvoiceReference1,
    fortnoxTotal: doc.Total,
    fortnoxBalance: doc.Balance,
    currency: doc.Currency,
    dueDate: doc.DueDate,
    paidDate: doc.FinalPayDate,
  };
}

/** The state a freshly created or amended document is in, as far as creation is concerned. */
export function createdState(doc: FortnoxDocumentRecord): SyncState {
  return doc.Booked ? 'booked' : 'draft';
}

/**
 * Compares Fortnox's net total with what the source expected. Outside the tolerance the record is
 * flagged and the warning travels to the source, so a rep sees "Fortnox says 1 250, the deal says 1 200".
 */
export function totalCheck(
  ctx: SinkContext,
  source: SalesDocument,
  doc: FortnoxDocumentRecord,
): { flags: Record<string, unknown>; warning?: string } {
  if (source.expectedNet === undefined || doc.Net === null) return { flags: {} };
  const difference = Math.abs(doc.Net - source.expectedNet);
  if (difference <= ctx.settings.totalTolerance) return { flags: {} };
  const format = (n: number) => n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const net = doc.Net;
  const warning = `Warning: the Fortnox net total ${format(net)} ${doc.Currency} differs from the deal amount ${format(source.expectedNet)} by more than ${format(ctx.settings.totalTolerance)}. Check prices and discounts.`;
  return { flags: { totalMismatch: { fortnoxNet: net, expectedNet: source.expectedNet } }, warning };
}

export async function storeDocument(
  ctx: SinkContext,
  record: SyncRecord,
  to: SyncState,
  fortnoxDoc: FortnoxDocumentRecord,
  source: SalesDocument,
  hash: string,
  message: string,
  request?: unknown,
): Promise<SyncRecord> {
  const check = totalCheck(ctx, source, fortnoxDoc);
  const updated = await transition(
    ctx.pool,
    record,
    to,
    {
      ...amountsOf(fortnoxDoc),
      sourceHash: hash,
      flags: check.flags,
      synced: true,
      countAttempt: true,
      error: check.warning === undefined ? null : { code: 'total_mismatch', message: check.warning },
    },
    {
      correlationId: ctx.correlationId,
      message,
      request,
      response: { DocumentNumber: fortnoxDoc.DocumentNumber, Net: fortnoxDoc.Net, Total: fortnoxDoc.Total },
    },
  );
  await ctx.notifier.documentChanged(updated);
  return updated;
}
