import type { SalesDocument } from '../core/documents.ts';
import type { SyncState } from '../core/sync-state.ts';
import { type AuditEntry, type RecordUpdate, type SyncRecord, transition } from '../db/sync-records.repo.ts';
import type { SinkContext } from './context.ts';
import type { FortnoxDocumentRecord } from './fortnox-port.ts';
import { transitionNotified } from './record-outcome.ts';

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

const money = (n: number) => n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Compares Fortnox's net total with what the source expected. Outside the tolerance the record is
 * flagged and the warning travels to the source, so a rep sees "Fortnox says 1 250, the deal says 1 200".
 */
function netCheck(ctx: SinkContext, source: SalesDocument, doc: FortnoxDocumentRecord) {
  if (source.expectedNet === undefined || doc.Net === null) return undefined;
  if (Math.abs(doc.Net - source.expectedNet) <= ctx.settings.totalTolerance) return undefined;
  return {
    flags: { totalMismatch: { fortnoxNet: doc.Net, expectedNet: source.expectedNet } },
    warning: `Warning: the Fortnox net total ${money(doc.Net)} ${doc.Currency} differs from the deal amount ${money(source.expectedNet)} by more than ${money(ctx.settings.totalTolerance)}. Check prices and discounts.`,
  };
}

/**
 * Compares the total the source charged (VAT included, e.g. a webshop order's) with Fortnox's.
 * Fortnox rounds an invoice to whole kronor and shows the difference as RoundOff; that part is
 * expected, so what is checked is Fortnox's total before its rounding: beyond the tolerance, the
 * rows did not add up to what the customer paid (a discount or tax the mapping missed).
 */
function grossCheck(ctx: SinkContext, source: SalesDocument, doc: FortnoxDocumentRecord) {
  if (source.expectedTotal === undefined) return undefined;
  const roundOff = doc.RoundOff ?? 0;
  const beforeRounding = Math.round((doc.Total - roundOff) * 100) / 100;
  if (Math.abs(beforeRounding - source.expectedTotal) <= ctx.settings.totalTolerance) return undefined;
  const rounded = roundOff === 0 ? '' : ` (${money(doc.Total)} after Fortnox's rounding of ${money(roundOff)})`;
  return {
    flags: { totalMismatch: { fortnoxTotal: doc.Total, roundOff, expectedTotal: source.expectedTotal } },
    warning: `Warning: the Fortnox total ${money(beforeRounding)} ${doc.Currency}${rounded} differs from the total of ${source.title}, ${money(source.expectedTotal)}, by more than ${money(ctx.settings.totalTolerance)}. Check its discounts, shipping and tax rates against the Fortnox rows.`,
  };
}

export function totalCheck(
  ctx: SinkContext,
  source: SalesDocument,
  doc: FortnoxDocumentRecord,
): { flags: Record<string, unknown>; warning?: string } {
  return netCheck(ctx, source, doc) ?? grossCheck(ctx, source, doc) ?? { flags: {} };
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
  const updated = await transitionNotified(
    ctx,
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
  return updated;
}

/**
 * Moves a record to the state it is sent in. A skipped record is reopened first, with its own
 * reason: the state machine has no skipped → creating, because "wanted again" is an event of its own.
 */
export async function beginSending(
  ctx: SinkContext,
  record: SyncRecord,
  to: SyncState,
  update: RecordUpdate,
  audit: Omit<AuditEntry, 'correlationId'>,
  reopened: string,
): Promise<SyncRecord> {
  const correlationId = ctx.correlationId;
  const open =
    record.state === 'skipped'
      ? await transition(ctx.pool, record, 'pending', {}, { correlationId, message: reopened })
      : record;
  return transition(ctx.pool, open, to, update, { ...audit, correlationId });
}
