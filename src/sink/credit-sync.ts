import type { Credit } from '../core/documents.ts';
import { AppError } from '../core/errors.ts';
import { defined } from '../core/optional.ts';
import { creditFacts } from '../db/record-facts.repo.ts';
import { getRecord, type SyncRecord, transition } from '../db/sync-records.repo.ts';
import { NeedsAttentionError } from './attention.ts';
import type { SinkContext } from './context.ts';
import { adoptCredit, finishCreditInvoice, resumeCredit } from './credit-adopt.ts';
import { type CreditPlan, creditedBefore, creditReference, finish } from './credit-record.ts';
import { creditedRows, creditedTotal, negativeRows } from './credit-rows.ts';
import type { FortnoxInvoiceDetail } from './fortnox-port.ts';
import { parkMoney, waitingError } from './money-parking.ts';
import { liveInvoice, type MoneyState, wasSending, withMoneyRecord } from './money-record.ts';
import { heldByPreview, holdForPreview, previewHash } from './preview.ts';
import { transitionNotified } from './record-outcome.ts';

/**
 * A refund or credit note → a Fortnox credit invoice against the original invoice, exactly once:
 * - the credit's ledger row moves to `creating` (with what is about to be sent) before anything is sent;
 *   a row that was ever in `creating` first looks for what an earlier attempt made (credit-adopt.ts),
 *   and a row that has its credit invoice's number is only finished, never credited again;
 * - never credited: `PUT /invoices/{n}/credit` (a full credit invoice), then, for a partial refund, its
 *   rows are cut down to what was refunded — the credit invoice is unbooked until then;
 * - already credited (the action works once): a new invoice with negative rows naming the original
 *   (setting `repeatCredit`, unverified practice) or a person decides;
 * - the original not booked: wait for booking (retried when Fortnox reports it booked), or cancel the
 *   draft for a full refund (setting `creditUnbooked`).
 * Work is serialised on the original's lease too: two refunds of one order never race for its credit.
 */
export async function syncCredit(ctx: SinkContext, credit: Credit, original: SyncRecord): Promise<SyncRecord> {
  const target = { original: credit.original, source: credit.source, kind: 'credit' as const, label: credit.title };
  const facts = creditFacts(credit);
  return withMoneyRecord(ctx, { ...target, facts }, async (state) => {
    // Fortnox has this refund's credit invoice: finish a parked record (its booking was refused, say);
    // never credit again, whatever its state (a credit invoice cancelled in Fortnox was a person's choice).
    if (state.record.fortnoxNumber !== null)
      return state.record.state === 'needs_attention' ? resumeCredit(ctx, original, state) : state.record;
    // Skipped: the refund was settled by cancelling the unbooked draft; nothing is left to do.
    if (state.record.state === 'skipped') return state.record;
    return creditOnce(ctx, credit, original, state);
  });
}

async function creditOnce(
  ctx: SinkContext,
  credit: Credit,
  original: SyncRecord,
  state: MoneyState,
): Promise<SyncRecord> {
  const reference = creditReference(credit.source);
  const number = original.fortnoxNumber!;
  // Any earlier attempt that got as far as `creating` may have credited, even if it parked since.
  if (state.record.state === 'creating' || (await wasSending(ctx, state.record))) {
    const adopted = await adoptCredit(ctx, credit, original, state.record, reference);
    if (adopted !== undefined) return adopted;
  }
  const invoice = await liveInvoice(ctx, number, {
    what: 'there is nothing to credit. Check the invoice in Fortnox.',
    code: 'credit_original_gone',
  });
  if (credit.currency !== invoice.Currency) {
    throw new NeedsAttentionError(
      `The refund is in ${credit.currency} but invoice ${number} is in ${invoice.Currency}; a credit must be in the invoice's currency. Check the refund in the source system.`,
      'credit_currency_mismatch',
    );
  }
  const rows = creditedRows(credit, invoice, ctx.words);
  const total = creditedTotal(rows, invoice.VATIncluded);
  const tolerance = ctx.settings.totalTolerance;
  const before = await creditedBefore(ctx, number, state.record.id);
  if (total > invoice.Total - before + tolerance) {
    const left =
      before === 0
        ? ''
        : ` (${Math.round((invoice.Total - before) * 100) / 100} ${invoice.Currency} after earlier refunds)`;
    throw new NeedsAttentionError(
      `The refund (${total} ${invoice.Currency}) is larger than what invoice ${number} (${invoice.Total} ${invoice.Currency}) has left to credit${left}. Check the refund in the source system.`,
      'credit_too_large',
    );
  }
  const full = Math.abs(total - invoice.Total) <= tolerance;
  if (!invoice.Booked) return unbooked(ctx, credit, original, state, invoice, full);
  const credited = invoice.CreditInvoiceReference !== null;
  if (credited && ctx.settings.repeatCredit === 'needs_attention') {
    throw new NeedsAttentionError(
      `Invoice ${number} was already credited (by invoice ${invoice.CreditInvoiceReference}); Fortnox credits an invoice once. Make this refund by hand in Fortnox, or choose “a new invoice with negative rows” for second refunds in the settings.`,
      'credit_repeat',
    );
  }
  const plan: CreditPlan = { how: credited ? 'negative_invoice' : 'credit_action', full, total };
  const sending = credited
    ? {
        CustomerNumber: invoice.CustomerNumber,
        Currency: invoice.Currency,
        DocumentDate: ctx.today(),
        ExternalInvoiceReference1: reference,
        ExternalInvoiceReference2: reference,
        Remarks: `Kreditering av faktura ${number}`,
        VATIncluded: invoice.VATIncluded,
        Rows: negativeRows(rows),
      }
    : undefined;
  if (await heldByPreview(ctx, credit.source, state.record)) {
    // What the credit would be: Fortnox's credit action on the invoice (its rows cut to the refund), or the negative invoice.
    return holdForPreview(
      ctx,
      state.record,
      { ...plan, original: number, rows, ...defined({ invoice: sending }) },
      previewHash,
    );
  }
  state.record = await transition(
    ctx.pool,
    state.record,
    'creating',
    { error: null },
    {
      correlationId: ctx.correlationId,
      message: credited ? `crediting invoice ${number} with a negative invoice` : `crediting invoice ${number}`,
      request: { ...plan, original: number, ...defined({ invoice: sending }) },
    },
  );
  let made: FortnoxInvoiceDetail | undefined;
  if (sending === undefined) {
    const after = await ctx.fortnox.creditInvoice(number);
    if (after.CreditInvoiceReference === null) {
      throw new AppError(`Fortnox credited invoice ${number} but named no credit invoice`, {
        code: 'credit_without_reference',
        category: 'unavailable',
        retryable: true,
      });
    }
    made = await finishCreditInvoice(ctx, credit, after.CreditInvoiceReference, plan, reference);
  } else {
    const created = await ctx.fortnox.createDocument('invoice', sending);
    made = await ctx.fortnox.getInvoice(created.DocumentNumber);
  }
  return finish(ctx, state, original, made!, plan, `credit invoice ${made!.DocumentNumber} for invoice ${number}`);
}

/** The original is still a draft: wait for booking, or cancel it for a full refund (setting). */
async function unbooked(
  ctx: SinkContext,
  credit: Credit,
  original: SyncRecord,
  state: MoneyState,
  invoice: FortnoxInvoiceDetail,
  full: boolean,
): Promise<SyncRecord> {
  const number = invoice.DocumentNumber;
  if (!full || ctx.settings.creditUnbooked !== 'cancel_draft') {
    const error = waitingError(
      'waiting_for_booking',
      `Invoice ${number} is not booked yet, so it cannot be credited. The credit is made by itself once the invoice is booked in Fortnox.`,
    );
    return parkMoney(ctx, state.record, error, credit.original);
  }
  if (await heldByPreview(ctx, credit.source, state.record))
    return holdForPreview(ctx, state.record, { how: 'cancel_unbooked_draft', original: number, full }, previewHash);
  const cancelled = await ctx.fortnox.cancelDocument('invoice', number);
  const current = await getRecord(ctx.pool, original.id);
  if (current !== undefined && current.state !== 'cancelled') {
    await transitionNotified(
      ctx,
      current,
      'cancelled',
      { fortnoxBalance: cancelled.Balance, flags: { ...current.flags, creditedByRefund: true }, synced: true },
      { correlationId: ctx.correlationId, message: `draft cancelled: fully refunded (${credit.title})` },
    );
  }
  if (state.record.state === 'creating')
    state.record = await transition(ctx.pool, state.record, 'pending', {}, note(ctx));
  state.record = await transitionNotified(
    ctx,
    state.record,
    'skipped',
    { error: null },
    {
      correlationId: ctx.correlationId,
      message: `nothing to credit: the unbooked draft ${number} was cancelled instead`,
    },
  );
  return state.record;
}

const note = (ctx: SinkContext) => ({ correlationId: ctx.correlationId, message: 'starting over' });
