import { z } from 'zod';
import type { TaxRate } from './catalog.ts';
import type { Customer } from './customers.ts';
import { invalid, noSuch } from './errors.ts';
import { computeTotals, type Invoice } from './invoice-model.ts';
import { emitInvoice, invoiceOf } from './invoices.ts';
import { embeddedList } from './list.ts';
import { expand, id, int, mergeMetadata, metadata, parseParams, str } from './params.ts';
import { markPaid } from './payments.ts';
import { createRefund } from './refunds.ts';
import { type ApiObject, type Json, newId, type StripeStore } from './store.ts';

/**
 * Credit notes against an open invoice (`pre_payment`: lowers what is due) or a paid one
 * (`post_payment`: settled by `refund_amount` to the card, `credit_amount` to the customer balance
 * and `out_of_band_amount`, which must add up to the credit note's total; credit to the balance when
 * none is given — UNVERIFIED default). Lines credit invoice lines by quantity or amount with their
 * tax prorated, or add custom lines; an `amount` alone is spread over the invoice's lines.
 */

const Line = z.strictObject({
  type: z.enum(['invoice_line_item', 'custom_line_item']),
  invoice_line_item: id.optional(),
  quantity: int.optional(),
  amount: int.optional(),
  unit_amount: int.optional(),
  description: str.optional(),
  tax_rates: z.array(id).optional(),
});

export const CreditNoteParams = z.strictObject({
  invoice: id,
  lines: z.array(Line).optional(),
  amount: int.optional(),
  refund_amount: int.optional(),
  credit_amount: int.optional(),
  out_of_band_amount: int.optional(),
  reason: z.enum(['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory']).optional(),
  memo: str.optional(),
  metadata,
  expand,
});

interface Credited {
  amount: number;
  discount: number;
  taxes: { amount: number; rate: string; inclusive: boolean; taxable: number }[];
  quantity: number | null;
  unitAmount: number | null;
  description: string | null;
  invoiceLine: string | null;
  type: 'invoice_line_item' | 'custom_line_item';
}

function creditedLines(store: StripeStore, inv: Invoice, p: z.infer<typeof CreditNoteParams>): Credited[] {
  const totals = computeTotals(store, inv);
  const fromLine = (lineId: string, share: (amount: number, quantity: number) => number, quantity: number | null) => {
    const c = totals.lines.find((l) => l.line.id === lineId);
    if (!c) throw noSuch('invoice line item', lineId, 'lines[0][invoice_line_item]');
    const f = share(c.line.amount, c.line.quantity);
    return {
      amount: Math.round(c.line.amount * f),
      discount: Math.round(c.discountAmounts.reduce((s, d) => s + d.amount, 0) * f),
      taxes: c.taxes.map((t) => ({
        amount: Math.round(t.amount * f),
        rate: t.rate,
        inclusive: t.inclusive,
        taxable: Math.round(t.taxableAmount * f),
      })),
      quantity,
      unitAmount: c.line.unitAmount,
      description: c.line.description,
      invoiceLine: c.line.id,
      type: 'invoice_line_item' as const,
    };
  };
  if (p.lines?.length) {
    return p.lines.map((l) => {
      if (l.type === 'invoice_line_item') {
        if (!l.invoice_line_item)
          throw invalid('Missing required param: lines[0][invoice_line_item].', { code: 'parameter_missing' });
        return fromLine(
          l.invoice_line_item,
          (amount, qty) =>
            l.amount !== undefined ? l.amount / Math.max(1, amount) : (l.quantity ?? qty) / Math.max(1, qty),
          l.quantity ?? null,
        );
      }
      const quantity = l.quantity ?? 1;
      const amount = (l.unit_amount ?? 0) * quantity;
      const rates = (l.tax_rates ?? []).flatMap((r) => store.get<TaxRate>(r, 'tax_rate') ?? []);
      return {
        amount,
        discount: 0,
        taxes: rates.map((r) => ({
          amount: Math.round((amount * r.percentage) / 100),
          rate: r.id,
          inclusive: r.inclusive,
          taxable: amount,
        })),
        quantity,
        unitAmount: l.unit_amount ?? 0,
        description: l.description ?? null,
        invoiceLine: null,
        type: 'custom_line_item' as const,
      };
    });
  }
  if (p.amount === undefined) throw invalid('You must pass either `amount` or `lines`.', { param: 'amount' });
  const f = p.amount / Math.max(1, totals.total);
  const spread = totals.lines.map((c) => fromLine(c.line.id, () => f, null));
  // Rounding per line must not change the total asked for: the first line takes the difference.
  const first = spread[0];
  if (first) first.amount += p.amount - spread.reduce((s, l) => s + totalOf(l), 0);
  return spread;
}

const totalOf = (l: Credited): number =>
  l.amount - l.discount + l.taxes.filter((t) => !t.inclusive).reduce((s, t) => s + t.amount, 0);

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
  const given = [p.refund_amount, p.credit_amount, p.out_of_band_amount].some((x) => x !== undefined);
  if (!post && given)
    throw invalid('Refunds and credits can only be issued against paid invoices.', { param: 'refund_amount' });
  const refundAmount = p.refund_amount ?? 0;
  const outOfBand = p.out_of_band_amount ?? 0;
  const creditAmount = p.credit_amount ?? (post && !given ? total : 0);
  if (post && refundAmount + creditAmount + outOfBand !== total) {
    throw invalid(
      `The sum of credit amount, refund amount and out of band amount (${refundAmount + creditAmount + outOfBand}) must equal the credit note amount (${total}).`,
    );
  }
  const refunds: Json[] = [];
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
