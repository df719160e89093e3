import { type Charge, createCharge, createPaymentIntent } from './charges.ts';
import type { PaymentMethod } from './customers.ts';
import { publicPaymentMethod } from './customers.ts';
import { invalid, StripeError } from './errors.ts';
import type { Invoice } from './invoice-model.ts';
import { amountDue, emitInvoice, snapshot } from './invoices.ts';
import { customerOf } from './lookups.ts';
import { type ApiObject, newId, type StripeStore } from './store.ts';

/**
 * Finalizing and paying invoices. Finalizing numbers the invoice (`{prefix}-0001`), freezes the
 * customer snapshot and opens a PaymentIntent; paying charges the default card (invoice, then
 * subscription, then customer) and records the Charge, the InvoicePayment and the events Stripe
 * sends — `charge.succeeded`, `payment_intent.succeeded`, `invoice_payment.paid`,
 * `invoice.payment_succeeded`, `invoice.paid` — or, declined, `charge.failed`,
 * `payment_intent.payment_failed`, `invoice.payment_failed` and a retry date.
 */

const DAY = 86_400;

export function finalize(store: StripeStore, inv: Invoice): Invoice {
  if (inv.status !== 'draft') {
    throw invalid("This invoice is already finalized, you can't re-finalize a non-draft invoice.", {
      code: 'invoice_not_editable',
    });
  }
  const c = customerOf(store, inv.customer);
  const now = store.unix();
  inv.number = `${c.invoice_prefix}-${String(c.next_invoice_sequence).padStart(4, '0')}`;
  c.next_invoice_sequence += 1;
  c.currency ??= inv.currency;
  inv.snapshot = snapshot(store, c);
  inv.status = 'open';
  inv.status_transitions.finalized_at = now;
  inv.effective_at = now;
  inv.automatically_finalizes_at = null;
  if (inv.collection_method === 'send_invoice') inv.due_date ??= now + (inv.days_until_due ?? 30) * DAY;
  const due = amountDue(store, inv);
  if (due > 0) {
    const pi = createPaymentIntent(store, {
      amount: due,
      currency: inv.currency,
      customer: inv.customer,
      description: descriptionOf(inv),
    });
    inv.payment_intent = pi.id;
  }
  if (inv.collection_method === 'charge_automatically' && inv.auto_advance && due > 0) inv.next_payment_attempt = now;
  emitInvoice(store, 'invoice.finalized', inv);
  if (due === 0) markPaid(store, inv, false);
  return inv;
}

const descriptionOf = (inv: Invoice): string =>
  inv.billing_reason === 'subscription_create'
    ? 'Subscription creation'
    : inv.billing_reason === 'subscription_cycle'
      ? 'Subscription update'
      : `Invoice ${inv.number ?? ''}`.trim();

function paymentMethodFor(store: StripeStore, inv: Invoice, explicit?: string): PaymentMethod | undefined {
  const sub = inv.subscription ? store.objects.get(inv.subscription) : undefined;
  const c = customerOf(store, inv.customer);
  const id =
    explicit ??
    inv.default_payment_method ??
    (sub?.default_payment_method as string | null) ??
    c.invoice_settings.default_payment_method;
  return id ? store.get<PaymentMethod>(id, 'payment_method') : undefined;
}

/** A subscription follows its latest invoice: paid → active, failing → past_due (incomplete before the first). */
export function syncSubscription(store: StripeStore, inv: Invoice, paid: boolean): void {
  const sub = inv.subscription ? store.objects.get(inv.subscription) : undefined;
  if (!sub || sub.status === 'canceled') return;
  const next = paid ? 'active' : sub.status === 'incomplete' ? 'incomplete' : 'past_due';
  if (sub.status === next) return;
  const previous = { status: sub.status };
  sub.status = next;
  store.emit('customer.subscription.updated', sub, previous);
}

function invoicePayment(store: StripeStore, inv: Invoice, amount: number, pi: string | null): ApiObject {
  return store.put({
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: amount,
    amount_requested: amount,
    created: store.unix(),
    currency: inv.currency,
    invoice: inv.id,
    is_default: true,
    livemode: false,
    payment: pi ? { payment_intent: pi, type: 'payment_intent' } : { charge: null, type: 'charge' },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: store.unix() },
  });
}

export function markPaid(store: StripeStore, inv: Invoice, outOfBand: boolean): void {
  const due = amountDue(store, inv);
  inv.status = 'paid';
  inv.amount_paid += due;
  inv.paid_out_of_band = outOfBand;
  inv.status_transitions.paid_at = store.unix();
  inv.next_payment_attempt = null;
  if (outOfBand && inv.payment_intent) {
    const pi = store.objects.get(inv.payment_intent);
    if (pi) Object.assign(pi, { status: 'canceled', canceled_at: store.unix(), cancellation_reason: 'void_invoice' });
  }
  emitInvoice(store, 'invoice.paid', inv);
  syncSubscription(store, inv, true);
}

/** Charges the invoice's card. Declined: the invoice stays open with a retry date and a 402 is returned. */
export function attemptPayment(store: StripeStore, inv: Invoice, explicit?: string): StripeError | undefined {
  const pm = paymentMethodFor(store, inv, explicit);
  if (!pm) {
    return invalid(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method.',
      { code: 'invoice_no_payment_method' },
    );
  }
  const due = amountDue(store, inv);
  const pi = inv.payment_intent ? store.objects.get(inv.payment_intent) : undefined;
  if (!pi) return invalid('This invoice has nothing to pay.');
  const charge: Charge = createCharge(store, {
    amount: due,
    currency: inv.currency,
    customer: inv.customer,
    paymentIntent: pi.id,
    pm,
    description: descriptionOf(inv),
  });
  inv.attempt_count += 1;
  inv.attempted = true;
  pi.payment_method = pm.id;
  pi.latest_charge = charge.id;
  if (charge.status === 'succeeded') {
    Object.assign(pi, { status: 'succeeded', amount_received: due, last_payment_error: null });
    store.emit('charge.succeeded', charge);
    store.emit('payment_intent.succeeded', pi);
    store.emit('invoice_payment.paid', invoicePayment(store, inv, due, pi.id));
    const wasPaid = inv.amount_paid;
    inv.status = 'paid';
    inv.amount_paid = wasPaid + due;
    inv.status_transitions.paid_at = store.unix();
    inv.next_payment_attempt = null;
    emitInvoice(store, 'invoice.payment_succeeded', inv);
    emitInvoice(store, 'invoice.paid', inv);
    syncSubscription(store, inv, true);
    return undefined;
  }
  const error = {
    charge: charge.id,
    code: 'card_declined',
    decline_code: 'generic_decline',
    doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    message: 'Your card was declined.',
    payment_method: publicPaymentMethod(pm),
    type: 'card_error',
  };
  Object.assign(pi, { status: 'requires_payment_method', last_payment_error: error, payment_method: null });
  const retryDay = store.opts.paymentRetryDays[inv.attempt_count - 1];
  inv.next_payment_attempt = retryDay === undefined ? null : store.unix() + retryDay * DAY;
  store.emit('charge.failed', charge);
  store.emit('payment_intent.payment_failed', pi);
  emitInvoice(store, 'invoice.payment_failed', inv);
  syncSubscription(store, inv, false);
  return new StripeError(402, 'card_error', 'Your card was declined.', {
    code: 'card_declined',
    extra: { charge: charge.id, decline_code: 'generic_decline', payment_intent: pi },
  });
}

export function pay(
  store: StripeStore,
  inv: Invoice,
  o: { outOfBand?: boolean | undefined; paymentMethod?: string | undefined },
): Invoice {
  if (inv.status === 'draft') finalize(store, inv);
  if (inv.status === 'paid') throw invalid('Invoice is already paid', { code: 'invoice_already_paid' });
  if (inv.status === 'void') throw invalid('This invoice can no longer be paid because it is void.');
  if (o.outOfBand) {
    markPaid(store, inv, true);
    return inv;
  }
  const declined = attemptPayment(store, inv, o.paymentMethod);
  if (declined) throw declined;
  return inv;
}

export function voidInvoice(store: StripeStore, inv: Invoice): Invoice {
  if (inv.status !== 'open' && inv.status !== 'uncollectible') {
    throw invalid(`You can only void invoices with status open or uncollectible, not ${inv.status}.`, {
      code: 'invoice_not_editable',
    });
  }
  inv.status = 'void';
  inv.status_transitions.voided_at = store.unix();
  inv.next_payment_attempt = null;
  const pi = inv.payment_intent ? store.objects.get(inv.payment_intent) : undefined;
  if (pi && pi.status !== 'succeeded')
    Object.assign(pi, { status: 'canceled', canceled_at: store.unix(), cancellation_reason: 'void_invoice' });
  emitInvoice(store, 'invoice.voided', inv);
  return inv;
}

export function markUncollectible(store: StripeStore, inv: Invoice): Invoice {
  if (inv.status !== 'open') {
    throw invalid(`You can only mark open invoices as uncollectible, not ${inv.status}.`, {
      code: 'invoice_not_editable',
    });
  }
  inv.status = 'uncollectible';
  inv.status_transitions.marked_uncollectible_at = store.unix();
  inv.next_payment_attempt = null;
  emitInvoice(store, 'invoice.marked_uncollectible', inv);
  return inv;
}
