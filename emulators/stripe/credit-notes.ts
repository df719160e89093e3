import { type Credited, CreditNoteParams, creditedLines, totalOf } from './credit-note-lines.ts';
import type { Customer } from './customers.ts';
import { invalid, noSuch } from './errors.ts';
import { computeTotals, type Invoice } from './invoice-model.ts';
import { emitInvoice } from './invoices.ts';
import { embeddedList } from './list.ts';
import { invoiceOf } from './lookups.ts';
import { mergeMetadata, parseParams } from './params.ts';
import { markPaid } from './payments.ts';
import { createRefund } from './refunds.ts';
import { type ApiObject, type Json, newId, type StripeStore } from './store.ts';
import type { TaxRate } from './tax-rates-coupons.ts';

/**
 * Credit notes against an open invoice (`pre_payment`: lowers what is due) or a paid one
 * (`post_payment`: settled by `refund_amount` to the card, `credit_amount` to the customer balance
 * and `out_of_band_amount`, which must add up to the credit note's total; credit to the balance when
 * none is given — UNVERIFIED default). Lines credit invoice lines by quantity or amount with their
 * tax prorated, or add custom lines; an `amount` alone is spread over the invoice's lines.
 */

export function createCreditNote(store: StripeStore, input: unknown): ApiObject {
  const p = parseParams(CreditNoteParams, input);
  const inv = invoiceOf(store, p.invoice, 'invoice');
  if (inv.status !== 'open' && inv.status !== 'paid') {
    throw invalid(`You can only create a credit note for an invoice with status open or paid, not ${inv.status}.`, {
      param: 'invoice',
    });
  }
  const lines = creditedLines(store, inv, p);
  const total = lines.reduce((s, l) => s + totalOf(l), 0);
  const invoiceTotal = computeTotals(store, inv).total;
  const available = invoiceTotal - inv.pre_payment_credit_notes_amount - inv.post_payment_credit_notes_amount;
  if (total > available) {
    throw invalid(`The credit note total (${total}) exceeds the amount available to credit (${available}).`, {
      param: 'amount',
    });
  }
  const post = inv.status === 'paid';
  const given = [p.refund_amount, p.credit_amount, p.out_of_band_amount, p.refunds].some((x) => x !== undefined);
  if (!post && given)
    throw invalid('Refunds and credits can only be issued against paid invoices.', { param: 'refund_amount' });
  const refunds = linkedRefunds(store, inv, p.refunds ?? []);
  const linked = refunds.reduce((s, r) => s + Number(r.amount_refunded), 0);
  const refundAmount = p.refund_amount ?? 0;
  const outOfBand = p.out_of_band_amount ?? 0;
  const creditAmount = p.credit_amount ?? (post && !given ? total : 0);
  if (post && linked + refundAmount + creditAmount + outOfBand !== total) {
    throw invalid(
      `The sum of credit amount, refund amount and out of band amount (${linked + refundAmount + creditAmount + outOfBand}) must equal the credit note amount (${total}).`,
    );
  }
  if (refundAmount > 0) {
    const refund = createRefund(store, { payment_intent: inv.payment_intent ?? '', amount: String(refundAmount) });
    refunds.push({ amount_refunded: refundAmount, payment_record_refund: null, refund: refund.id, type: 'refund' });
  }
  let balanceTxn: string | null = null;
  if (creditAmount > 0) {
    const customer = store.get<Customer>(inv.customer, 'customer');
    if (customer) customer.balance -= creditAmount;
    balanceTxn = newId('cbtxn');
  }
  const seq = store.all<ApiObject>('credit_note').filter((c) => c.invoice === inv.id).length + 1;
  const id = newId('cn');
  const taxes = lines.flatMap((l) => l.taxes);
  const note: ApiObject = {
    id,
    object: 'credit_note',
    amount: total,
    amount_shipping: 0,
    created: store.unix(),
    currency: inv.currency,
    customer: inv.customer,
    customer_account: null,
    customer_balance_transaction: balanceTxn,
    discount_amount: lines.reduce((s, l) => s + l.discount, 0),
    discount_amounts: [],
    effective_at: store.unix(),
    invoice: inv.id,
    lines: embeddedList(
      lines.map((l) => lineJson(store, l)),
      `/v1/credit_notes/${id}/lines`,
    ),
    livemode: false,
    memo: p.memo ?? null,
    metadata: mergeMetadata({}, p.metadata),
    number: `${inv.number}-CN-${String(seq).padStart(2, '0')}`,
    out_of_band_amount: post ? outOfBand : null,
    pdf: `https://pay.stripe.com/credit_notes/acct_demo/test_${id}/pdf`,
    post_payment_amount: post ? total : 0,
    pre_payment_amount: post ? 0 : total,
    pretax_credit_amounts: [],
    reason: p.reason ?? null,
    refunds,
    shipping_cost: null,
    status: 'issued',
    subtotal: lines.reduce((s, l) => s + l.amount, 0),
    subtotal_excluding_tax: lines.reduce((s, l) => s + l.amount, 0),
    total,
    total_excluding_tax: total - taxes.reduce((s, t) => s + t.amount, 0),
    total_taxes: taxes.map(taxJson),
    type: post ? 'post_payment' : 'pre_payment',
    voided_at: null,
  };
  store.put(note);
  const before = { pre: inv.pre_payment_credit_notes_amount, post: inv.post_payment_credit_notes_amount };
  if (post) inv.post_payment_credit_notes_amount += total;
  else inv.pre_payment_credit_notes_amount += total;
  store.emit('credit_note.created', note);
  // A pre-payment credit that leaves nothing due settles the invoice.
  if (!post && computeTotals(store, inv).amountDue === 0) markPaid(store, inv, false);
  emitInvoice(store, 'invoice.updated', inv, {
    pre_payment_credit_notes_amount: before.pre,
    post_payment_credit_notes_amount: before.post,
  });
  return note;
}

const taxJson = (t: Credited['taxes'][number]): Json => ({
  amount: t.amount,
  tax_behavior: t.inclusive ? 'inclusive' : 'exclusive',
  tax_rate_details: { tax_rate: t.rate },
  taxability_reason: 'not_available',
  taxable_amount: t.taxable,
  type: 'tax_rate_details',
});

function lineJson(store: StripeStore, l: Credited): Json {
  return {
    id: newId('cnli'),
    object: 'credit_note_line_item',
    amount: l.amount,
    description: l.description,
    discount_amount: l.discount,
    discount_amounts: [],
    ...(l.invoiceLine ? { invoice_line_item: l.invoiceLine } : {}),
    livemode: false,
    metadata: {},
    pretax_credit_amounts: [],
    quantity: l.quantity,
    tax_rates: l.taxes.flatMap((t) => store.get<TaxRate>(t.rate, 'tax_rate') ?? []),
    taxes: l.taxes.map(taxJson),
    type: l.type,
    unit_amount: l.unitAmount,
    unit_amount_decimal: l.unitAmount === null ? null : String(l.unitAmount),
  };
}

/**
 * Existing refunds of the invoice's payment linked to a new credit note (`refunds[]`), each for
 * `amount_refunded` (default: all of it), never more of a refund than no other credit note links.
 * The error wording is the emulator's own (UNVERIFIED).
 */
function linkedRefunds(
  store: StripeStore,
  inv: Invoice,
  links: { refund: string; amount_refunded?: number | undefined }[],
): Json[] {
  return links.map((link, i) => {
    const refund = store.get<ApiObject>(link.refund, 'refund');
    if (!refund) throw noSuch('refund', link.refund, `refunds[${i}][refund]`);
    if (refund.payment_intent !== inv.payment_intent) {
      throw invalid(`Refund ${link.refund} is not a refund of invoice ${inv.id}'s payment.`, {
        param: `refunds[${i}][refund]`,
      });
    }
    const used = store
      .all<ApiObject>('credit_note')
      .flatMap((n) => n.refunds as Json[])
      .filter((r) => r.refund === link.refund)
      .reduce((s, r) => s + Number(r.amount_refunded), 0);
    const amount = link.amount_refunded ?? Number(refund.amount) - used;
    if (amount <= 0 || used + amount > Number(refund.amount)) {
      throw invalid(
        `The amount linked to refund ${link.refund} exceeds what is left of it (${Number(refund.amount) - used}).`,
        {
          param: `refunds[${i}][amount_refunded]`,
        },
      );
    }
    return { amount_refunded: amount, payment_record_refund: null, refund: link.refund, type: 'refund' };
  });
}

export function voidCreditNote(store: StripeStore, note: ApiObject): ApiObject {
  if (note.status === 'void') throw invalid('This credit note is already void.');
  if ((note.refunds as unknown[]).length > 0) throw invalid('You cannot void a credit note that has refunds.');
  const inv = invoiceOf(store, String(note.invoice), 'invoice');
  if (note.type === 'post_payment') inv.post_payment_credit_notes_amount -= Number(note.total);
  else inv.pre_payment_credit_notes_amount -= Number(note.total);
  note.status = 'void';
  note.voided_at = store.unix();
  store.emit('credit_note.voided', note);
  return note;
}
