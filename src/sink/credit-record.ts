import type { SourceRef } from '../core/documents.ts';
import { MAX_REFERENCE_LENGTH } from '../core/references.ts';
import { canTransition } from '../core/sync-state.ts';
import { getRecord, type SyncRecord } from '../db/sync-records.repo.ts';
import { NeedsAttentionError } from './attention.ts';
import type { SinkContext } from './context.ts';
import type { FortnoxDocumentRecord, FortnoxInvoiceDetail } from './fortnox-port.ts';
import { transitionNotified } from './record-outcome.ts';

/** Ledger bookkeeping of credits: their reference, what the credit invoice says, the original marked credited. */

export interface CreditPlan {
  how: 'credit_action' | 'negative_invoice';
  /** The refund equals the invoice's total: the credit invoice keeps every row. */
  full: boolean;
  total: number;
}

/**
 * ExternalInvoiceReference2 of the credit invoice: `{system}:{connection}:{object}:{id}`. The object is
 * part of it because refund ids and order ids of one store may be equal, and a credit invoice made by
 * the credit action keeps the original's ExternalInvoiceReference1.
 */
export function creditReference(source: SourceRef): string {
  const reference = `${source.system}:${source.connection}:${source.object}:${source.id}`;
  if (reference.length > MAX_REFERENCE_LENGTH) {
    throw new NeedsAttentionError(
      `The refund's id is too long to be named in Fortnox (${reference.length} characters, at most ${MAX_REFERENCE_LENGTH}); it cannot be matched safely, so nothing was sent.`,
      'reference_too_long',
    );
  }
  return reference;
}

/** Stores the credit invoice on the credit's record and tells the source. */
export async function storeCredit(
  ctx: SinkContext,
  record: SyncRecord,
  creditInvoice: FortnoxDocumentRecord,
  originalNumber: string,
  message: string,
  request?: unknown,
): Promise<SyncRecord> {
  const updated = await transitionNotified(
    ctx,
    record,
    creditInvoice.Booked ? 'booked' : 'draft',
    {
      fortnoxNumber: creditInvoice.DocumentNumber,
      fortnoxTotal: creditInvoice.Total,
      fortnoxBalance: creditInvoice.Balance,
      currency: creditInvoice.Currency,
      // Which invoice it credits: later refunds of the same invoice may only take back what is left.
      flags: { ...record.flags, creditOf: originalNumber },
      error: null,
      synced: true,
      countAttempt: true,
    },
    {
      correlationId: ctx.correlationId,
      message,
      request,
      response: { DocumentNumber: creditInvoice.DocumentNumber, Total: creditInvoice.Total },
    },
  );
  return updated;
}

/** What earlier credits of this tenant took back from invoice `originalNumber` (a positive amount). */
export async function creditedBefore(ctx: SinkContext, originalNumber: string, recordId: number): Promise<number> {
  const { rows } = await ctx.pool.query<{ total: string | null }>(
    `SELECT sum(abs(fortnox_total)) AS total FROM sync_records
      WHERE tenant_id = $1 AND document_kind = 'credit' AND id <> $2 AND flags->>'creditOf' = $3
        AND fortnox_number IS NOT NULL`,
    [ctx.tenantId, recordId, originalNumber],
  );
  return Number(rows[0]?.total ?? 0);
}

/**
 * The original's record learns it was credited by a refund (`creditedByRefund`): Fortnox then shows it
 * credited — at once for a full refund, at the next status poll for a partial one — and that must not
 * read as "replaced, invoice again" when the order changes later (document-create.ts).
 */
export async function markOriginalCredited(
  ctx: SinkContext,
  original: SyncRecord,
  creditNumber: string,
  full: boolean,
): Promise<void> {
  const current = await getRecord(ctx.pool, original.id);
  if (current === undefined) return;
  const to = full && canTransition(current.state, 'credited') ? 'credited' : current.state;
  if (to === current.state && current.flags.creditedByRefund === true) return;
  await transitionNotified(
    ctx,
    current,
    to,
    { flags: { ...current.flags, creditedByRefund: true }, ...(to === current.state ? {} : { synced: true }) },
    { correlationId: ctx.correlationId, message: `credited by invoice ${creditNumber} for a refund` },
    to !== current.state,
  );
}

/** Stores the credit invoice, bookkeeps it when invoices are bookkept at once, marks a fully credited original. */
export async function finish(
  ctx: SinkContext,
  state: { record: SyncRecord },
  original: SyncRecord,
  made: FortnoxInvoiceDetail,
  plan: CreditPlan,
  message: string,
): Promise<SyncRecord> {
  const number = original.fortnoxNumber ?? '';
  state.record = await storeCredit(ctx, state.record, made, number, `created ${message}`);
  if (ctx.settings.bookkeep && !made.Booked) {
    const booked = await ctx.fortnox.bookkeepInvoice(made.DocumentNumber);
    state.record = await storeCredit(ctx, state.record, booked, number, `bookkept ${message}`);
  }
  if (plan.how === 'credit_action') await markOriginalCredited(ctx, original, made.DocumentNumber, plan.full);
  return state.record;
}
