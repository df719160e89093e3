import type Stripe from 'stripe';
import type { Credit, Line, Payment, SourceRef } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import { paymentMethodName } from '../shop/settings.ts';
import type { CreditRead, PaymentRead, ReadContext } from '../source.ts';
import { fromMinor, minorText, stripeDay } from './amounts.ts';
import { isMissing, stripeFailure } from './client.ts';
import { stripeSettingsSchema } from './config.ts';
import { productOf, stripeRef, type TaxRateLookup } from './invoice-read.ts';
import { invoiceLines, creditNoteLines as noteLinesOf } from './lines.ts';

/**
 * Stripe money as the sinks want it, read as it is now:
 * - a credit note → a Credit against its invoice, line by line when every line credits an invoice
 *   line at an exclusive tax rate, else its total (VAT included);
 * - a refund → a Credit of its amount against the invoice its PaymentIntent paid, unless a credit
 *   note carries it (a post-payment credit note refunds through a refund of its own, or links one
 *   made before): that money is credited once — by the refund when it was credited before the credit
 *   note came (the credit note then credits only the rest), else by the credit note;
 * - an invoice's payment (object `payment`, the invoice's id) → a Payment on the payment method
 *   Stripe charged (`card`, `klarna`, `sepa_debit` …, or `out_of_band`), named through the shop
 *   setting `paymentMethods` and mapped to a Fortnox mode of payment by the core's `paymentModes`.
 */

const day = stripeDay;

async function found<T>(what: string, get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw stripeFailure(error, what);
  }
}

export interface StripeMoneyAccess {
  client(ctx: ReadContext): Stripe;
  rates(ctx: ReadContext): TaxRateLookup;
  /** Whether the refund has a Fortnox credit of its own (refund-ledger.ts). */
  refundCredited(refund: SourceRef): Promise<boolean>;
}

/** A linked refund's id; none for a PaymentRecord refund (money returned outside Stripe's payments). */
const refundIdOf = (r: Stripe.CreditNote.Refund): string | undefined =>
  r.type === 'payment_record_refund' ? undefined : typeof r.refund === 'string' ? r.refund : r.refund?.id;

export function stripeMoneyReaders(access: StripeMoneyAccess) {
  const { refundCredited } = access;
  async function creditNoteLines(
    rates: TaxRateLookup,
    noteLines: Stripe.CreditNoteLineItem[],
    invoiceLines: Stripe.InvoiceLineItem[],
    currency: string,
  ): Promise<Line[] | undefined> {
    const lines: Line[] = [];
    for (const line of noteLines) {
      const source = invoiceLines.find((l) => l.id === line.invoice_line_item);
      if (line.type !== 'invoice_line_item' || source === undefined) return undefined;
      const taxes = (line.taxes ?? []).filter((t) => t.amount !== 0);
      const known = await Promise.all(
        taxes.map((t) => {
          const id = t.tax_rate_details?.tax_rate;
          return typeof id === 'string' ? rates(id) : Promise.resolve(undefined);
        }),
      );
      if (known.some((r) => r === undefined || r.inclusive)) return undefined;
      const quantity = line.quantity ?? 1;
      lines.push({
        description: source.description ?? line.description ?? 'Subscription',
        quantity,
        unitPrice: fromMinor(line.amount - line.discount_amount, currency) / quantity,
        vatRate: known.reduce((sum, r) => sum + r!.percentage, 0),
        ...defined({ productCode: productOf(source) }),
      });
    }
    return lines.length === 0 ? undefined : lines;
  }

  async function readCreditNote(s: Stripe, rates: TaxRateLookup, ref: SourceRef): Promise<CreditRead> {
    const note = await found(`GET credit_notes/${ref.id}`, () => s.creditNotes.retrieve(ref.id));
    if (note === undefined || note.status === 'void') return { kind: 'gone' };
    const invoiceId = typeof note.invoice === 'string' ? note.invoice : note.invoice.id!;
    const invoice = await found(`GET invoices/${invoiceId}`, () => s.invoices.retrieve(invoiceId));
    if (invoice === undefined) return { kind: 'gone' };
    // Refunds it links that were credited on their own before it came: that money is in Fortnox already.
    let before = 0;
    for (const r of note.refunds) {
      const id = refundIdOf(r);
      if (id !== undefined && (await refundCredited(stripeRef(ref.connection, 'refund', id))))
        before += r.amount_refunded;
    }
    if (before >= note.total) return { kind: 'gone' };
    const lines =
      before > 0
        ? undefined
        : await creditNoteLines(rates, await noteLinesOf(s, note), await invoiceLines(s, invoice), note.currency);
    const credit: Credit = {
      source: ref,
      original: stripeRef(ref.connection, 'invoice', invoiceId),
      title: `Credit note ${note.number}`,
      currency: note.currency.toUpperCase(),
      date: day(note.effective_at ?? note.created),
      ...(lines === undefined ? { amount: fromMinor(note.total - before, note.currency) } : { lines }),
      ...defined({ reason: note.memo ?? note.reason ?? undefined }),
    };
    return { kind: 'credit', credit };
  }

  /** The invoice a PaymentIntent paid (basil: through invoice_payments), if any. */
  async function invoiceOfPayment(s: Stripe, paymentIntent: string): Promise<string | undefined> {
    const list = await s.invoicePayments
      .list({ payment: { type: 'payment_intent', payment_intent: paymentIntent }, limit: 1 })
      .catch((error: unknown) => {
        throw stripeFailure(error, 'GET invoice_payments');
      });
    return list.data[0]?.invoice as string | undefined;
  }

  async function readRefund(s: Stripe, ref: SourceRef): Promise<CreditRead> {
    const refund = await found(`GET refunds/${ref.id}`, () => s.refunds.retrieve(ref.id, { expand: ['charge'] }));
    if (refund === undefined || refund.status === 'failed' || refund.status === 'canceled') return { kind: 'gone' };
    const title = `Refund ${refund.id}`;
    if (refund.status !== 'succeeded') {
      const message = `${title} is ${refund.status} in Stripe; it is credited in Fortnox once Stripe reports it succeeded.`;
      return { kind: 'blocked', title, code: 'refund_pending', message };
    }
    const charge = typeof refund.charge === 'object' ? refund.charge : undefined;
    const intent = refund.payment_intent ?? charge?.payment_intent ?? null;
    const pi = typeof intent === 'string' ? intent : intent?.id;
    const invoiceId = pi === undefined ? undefined : await invoiceOfPayment(s, pi);
    // A refund of a payment no invoice asked for (a one-off charge) is not ours to credit.
    if (invoiceId === undefined) return { kind: 'gone' };
    const notes = await s.creditNotes.list({ invoice: invoiceId, limit: 100 }).catch((error: unknown) => {
      throw stripeFailure(error, 'GET credit_notes');
    });
    const carried = notes.data.some((n) => n.status !== 'void' && n.refunds.some((r) => refundIdOf(r) === refund.id));
    // Credited before a credit note linked it: its credit stands (and is finished if in doubt).
    if (carried && !(await refundCredited(ref))) return { kind: 'gone' };
    const invoice = await found(`GET invoices/${invoiceId}`, () => s.invoices.retrieve(invoiceId));
    if (invoice === undefined) return { kind: 'gone' };
    const number = invoice.number ?? invoiceId;
    if (refund.amount > invoice.amount_paid) {
      const message = `${title} of invoice ${number} is ${minorText(refund.amount, refund.currency)} ${refund.currency.toUpperCase()}, more than the ${minorText(invoice.amount_paid, invoice.currency)} paid; a credit larger than what was paid cannot be made. Check the refund in Stripe.`;
      return { kind: 'blocked', title, code: 'refund_too_large', message };
    }
    const credit: Credit = {
      source: ref,
      original: stripeRef(ref.connection, 'invoice', invoiceId),
      title: `${title} of invoice ${number}`,
      currency: refund.currency.toUpperCase(),
      date: day(refund.created),
      amount: fromMinor(refund.amount, refund.currency),
      ...defined({ reason: refund.reason ?? undefined }),
    };
    return { kind: 'credit', credit };
  }

  async function readCredit(ctx: ReadContext, ref: SourceRef): Promise<CreditRead> {
    if (ref.object === 'credit_note') return readCreditNote(access.client(ctx), access.rates(ctx), ref);
    if (ref.object === 'refund') return readRefund(access.client(ctx), ref);
    return { kind: 'gone' };
  }

  /** What paid the invoice: Stripe's payment method type of the charge, or `out_of_band`. */
  async function methodOf(s: Stripe, invoice: Stripe.Invoice): Promise<{ method: string; reference?: string }> {
    const list = await s.invoicePayments
      .list({ invoice: invoice.id!, status: 'paid', limit: 10 })
      .catch((error: unknown) => {
        throw stripeFailure(error, 'GET invoice_payments');
      });
    const pi = list.data.map((p) => p.payment.payment_intent).find((x) => x !== undefined && x !== null);
    const id = typeof pi === 'string' ? pi : pi?.id;
    // Marked paid outside Stripe (basil has no `paid_out_of_band`): no PaymentIntent paid it.
    if (id === undefined) return { method: 'out_of_band' };
    const intent = await found(`GET payment_intents/${id}`, () =>
      s.paymentIntents.retrieve(id, { expand: ['latest_charge'] }),
    );
    const charge = typeof intent?.latest_charge === 'object' ? intent.latest_charge : undefined;
    return { method: charge?.payment_method_details?.type ?? 'card', reference: charge?.id ?? id };
  }

  async function readPayment(ctx: ReadContext, ref: SourceRef): Promise<PaymentRead> {
    const s = access.client(ctx);
    const invoice = await found(`GET invoices/${ref.id}`, () => s.invoices.retrieve(ref.id));
    if (invoice === undefined || invoice.status === 'draft' || invoice.status === 'void') return { kind: 'gone' };
    const title = `Payment of invoice ${invoice.number ?? ref.id}`;
    if (invoice.status !== 'paid') {
      const message = `Invoice ${invoice.number ?? ref.id} is not paid yet (status ${invoice.status}); its payment is registered once Stripe reports it paid.`;
      return { kind: 'blocked', title, code: 'not_paid', message };
    }
    // Nothing was received (a zero invoice, or one a credit note settled): nothing to register.
    if (invoice.amount_paid === 0) return { kind: 'gone' };
    const settings = stripeSettingsSchema.parse(ctx.connection.settings ?? {});
    const { method, reference } = await methodOf(s, invoice);
    const payment: Payment = {
      source: ref,
      document: stripeRef(ref.connection, 'invoice', ref.id),
      method: paymentMethodName(settings, method),
      amount: fromMinor(invoice.amount_paid, invoice.currency),
      currency: invoice.currency.toUpperCase(),
      date: day(invoice.status_transitions.paid_at ?? invoice.created),
      ...defined({ reference }),
    };
    return { kind: 'payment', payment };
  }

  return { readCredit, readPayment };
}
