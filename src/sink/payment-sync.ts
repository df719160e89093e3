import type { Payment } from '../core/documents.ts';
import type { PaymentMode } from '../core/settings.ts';
import { paymentFacts } from '../db/record-facts.repo.ts';
import { getRecord, type SyncRecord, transition } from '../db/sync-records.repo.ts';
import { NeedsAttentionError } from './attention.ts';
import type { SinkContext } from './context.ts';
import type { FortnoxInvoiceDetail, FortnoxPaymentFields, FortnoxPaymentRecord } from './fortnox-port.ts';
import { parkMoney, waitingError } from './money-parking.ts';
import { liveInvoice, type MoneyState, wasSending, withMoneyRecord } from './money-record.ts';
import { adoptPayment } from './payment-adopt.ts';
import { paymentMode } from './payment-modes.ts';
import { heldByPreview, holdForPreview, previewHash } from './preview.ts';
import { transitionNotified } from './record-outcome.ts';

/**
 * Money received → a Fortnox invoice payment on the invoice of the document paid, exactly once:
 * the ledger row (kind 'payment') moves to `creating` before the POST; a row that was ever in
 * `creating` looks among the invoice's payments for the one an earlier attempt made (payment-adopt.ts),
 * and a row that has its payment's number never registers again — parked after it (booking the
 * payment was refused), a retry only books it.
 * It waits until the invoice is booked (Fortnox may refuse payments on drafts, and a draft may still
 * change); the status side sends it again when Fortnox reports the invoice booked.
 */

const PAYMENT_DONE = new Set(['draft', 'booked']);

/** A payment on an invoice still a draft waits; booking the invoice sends it again. */
export function waitingForBooking(invoiceNumber: string) {
  return waitingError(
    'waiting_for_booking',
    `Invoice ${invoiceNumber} is not booked yet, so the payment cannot be registered. It is registered by itself once the invoice is booked in Fortnox.`,
  );
}

export async function syncPayment(ctx: SinkContext, payment: Payment, invoiceRecord: SyncRecord): Promise<SyncRecord> {
  const label = `payment ${payment.reference ?? payment.source.id}`;
  const target = { original: payment.document, source: payment.source, kind: 'payment' as const, label };
  return withMoneyRecord(ctx, { ...target, facts: paymentFacts(payment) }, async (state) => {
    if (state.record.fortnoxNumber !== null) return registered(ctx, state, invoiceRecord);
    return payOnce(ctx, payment, invoiceRecord, state);
  });
}

/** Fortnox has this record's payment: its state is read back (a parked row) and it is booked if wanted. */
async function registered(ctx: SinkContext, state: MoneyState, invoiceRecord: SyncRecord): Promise<SyncRecord> {
  if (PAYMENT_DONE.has(state.record.state)) return bookkeepIfWanted(ctx, state.record);
  const number = state.record.fortnoxNumber!;
  const invoice = invoiceRecord.fortnoxNumber!;
  const found = (await ctx.fortnox.invoicePayments(invoice)).find((p) => p.Number === number);
  if (found === undefined) {
    throw new NeedsAttentionError(
      `Payment ${number}, registered for this earlier, is no longer on invoice ${invoice} in Fortnox. It is not registered again by itself; register it by hand in Fortnox if the money is still to be recorded.`,
      'payment_gone',
    );
  }
  return store(ctx, state, found, `payment ${number}, registered earlier, read back`);
}

async function payOnce(
  ctx: SinkContext,
  payment: Payment,
  invoiceRecord: SyncRecord,
  state: MoneyState,
): Promise<SyncRecord> {
  const mode = await paymentMode(ctx, payment.method);
  const number = invoiceRecord.fortnoxNumber!;
  const notBooked = () => parkMoney(ctx, state.record, waitingForBooking(number), payment.document);
  // The ledger follows the invoice's state (WebSocket and poll), and booking it sends waiting payments
  // again: a draft by the ledger needs no read of Fortnox to know the payment must wait.
  // Read again under the invoice's lease, which the status side also holds while it applies a booking.
  const ledgerState = (await getRecord(ctx.pool, invoiceRecord.id))?.state ?? invoiceRecord.state;
  // Any earlier attempt that got as far as `creating` may have registered it, even if it parked since.
  const mayHaveSent = state.record.state === 'creating' || (await wasSending(ctx, state.record));
  if (ledgerState === 'draft' && !mayHaveSent) return notBooked();
  const invoice = await liveInvoice(ctx, number, {
    what: 'the payment cannot be registered on it. Register it by hand in Fortnox if it belongs elsewhere.',
    code: 'payment_invoice_gone',
  });
  const fields = paymentFields(payment, invoice, mode);
  if (mayHaveSent) {
    const adopted = await adoptPayment(ctx, state.record, fields);
    if (adopted !== undefined)
      return store(ctx, state, adopted, `adopted payment ${adopted.Number} an earlier attempt registered`);
  }
  if (!invoice.Booked) return notBooked();
  checkAmount(payment, invoice);
  if (await heldByPreview(ctx, payment.source, state.record))
    return holdForPreview(ctx, state.record, fields, previewHash);
  state.record = await transition(
    ctx.pool,
    state.record,
    'creating',
    { error: null },
    { correlationId: ctx.correlationId, message: `registering a payment on invoice ${number}`, request: fields },
  );
  const created = await ctx.fortnox.createInvoicePayment(fields);
  return store(ctx, state, created, `registered payment ${created.Number} on invoice ${number}`);
}

function paymentFields(payment: Payment, invoice: FortnoxInvoiceDetail, mode: PaymentMode): FortnoxPaymentFields {
  if (payment.currency !== invoice.Currency) {
    throw new NeedsAttentionError(
      `The payment is in ${payment.currency} but invoice ${invoice.DocumentNumber} is in ${invoice.Currency}; Fortnox registers a payment in the invoice's currency. Register it by hand in Fortnox.`,
      'payment_currency_mismatch',
    );
  }
  const base = {
    InvoiceNumber: Number(invoice.DocumentNumber),
    PaymentDate: payment.date,
    ModeOfPayment: mode.code,
    ModeOfPaymentAccount: mode.account,
  };
  // Amount is in SEK; a foreign-currency invoice is paid in its currency and Fortnox converts at its rate. [unverified rate used]
  return invoice.Currency === 'SEK' ? { ...base, Amount: payment.amount } : { ...base, AmountCurrency: payment.amount };
}

function checkAmount(payment: Payment, invoice: FortnoxInvoiceDetail): void {
  if (!(payment.amount > 0)) {
    throw new NeedsAttentionError(
      `The payment amount is ${payment.amount} ${payment.currency}; only money received (above zero) is registered as a payment. A refund becomes a credit instead.`,
      'payment_amount_invalid',
    );
  }
  if (payment.amount > invoice.Balance + 0.005) {
    throw new NeedsAttentionError(
      `The payment of ${payment.amount} ${payment.currency} is more than the ${invoice.Balance} ${invoice.Currency} still open on invoice ${invoice.DocumentNumber}. Check whether it was paid twice, or register the difference by hand in Fortnox.`,
      'payment_exceeds_balance',
    );
  }
}

async function store(
  ctx: SinkContext,
  state: MoneyState,
  payment: FortnoxPaymentRecord,
  message: string,
): Promise<SyncRecord> {
  state.record = await transition(
    ctx.pool,
    state.record,
    payment.Booked ? 'booked' : 'draft',
    {
      fortnoxNumber: payment.Number,
      fortnoxTotal: payment.AmountCurrency ?? payment.Amount,
      currency: payment.Currency,
      paidDate: payment.PaymentDate,
      error: null,
      synced: true,
      countAttempt: true,
    },
    { correlationId: ctx.correlationId, message, response: payment },
  );
  await ctx.notifier.documentChanged(state.record);
  return bookkeepIfWanted(ctx, state.record);
}

/** Books a registered payment (its voucher: debit the mode of payment's account, credit receivables). */
async function bookkeepIfWanted(ctx: SinkContext, record: SyncRecord): Promise<SyncRecord> {
  if (!ctx.settings.bookkeepPayments || record.state !== 'draft' || record.fortnoxNumber === null) return record;
  const booked = await ctx.fortnox.bookkeepInvoicePayment(record.fortnoxNumber);
  const updated = await transitionNotified(
    ctx,
    record,
    'booked',
    { synced: true },
    { correlationId: ctx.correlationId, message: `bookkept payment ${booked.Number}` },
  );
  return updated;
}
