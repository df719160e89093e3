import type { Chaos } from '../kit/index.ts';
import type { Charge } from './charges.ts';
import { createCreditNote } from './credit-notes.ts';
import { attachPaymentMethod, type Customer } from './customers.ts';
import type { Endpoint, Forgery, StripeEvents } from './events.ts';
import { renderInvoice } from './invoice-json.ts';
import type { Invoice } from './invoice-model.ts';
import { invoiceOf } from './lookups.ts';
import { LATEST_API_VERSION } from './options.ts';
import { pay, voidInvoice } from './payments.ts';
import { createRefund } from './refunds.ts';
import type { Json, StripeStore } from './store.ts';
import { cancelSubscription, updateSubscription } from './subscription-changes.ts';
import { createSubscription, periodEnd, type Subscription } from './subscriptions.ts';

/**
 * What happens on Stripe's side outside the integration's requests: a customer subscribes, time
 * passes to the next renewal, a customer pays or their card starts failing, support refunds or
 * credits, webhooks misbehave. The handle, `/__control` and the page all pull these.
 */
export interface StripeLevers {
  subscribe(o: { customer: string; price: string; taxRate?: string | undefined; coupon?: string | undefined }): Json;
  /** Moves the clock past the subscription's period end and the hour Stripe waits before finalizing. */
  renew(subscriptionId: string): Json;
  pay(invoiceId: string, o?: { outOfBand?: boolean }): Json;
  /** The customer cancels (at once, or at the period end). */
  cancel(subscriptionId: string, o?: { atPeriodEnd?: boolean }): Json;
  /** Finance voids an open invoice. */
  voidInvoice(invoiceId: string): Json;
  /** The customer's default card from now on (`pm_card_chargeCustomerFail` makes renewals fail). */
  setCard(customerId: string, token: string): Json;
  refund(invoiceId: string, amount?: number): Json;
  creditNote(invoiceId: string, o?: { amount?: number; refund?: boolean }): Json;
  endpoint(o: {
    url: string;
    enabledEvents?: string[] | undefined;
    apiVersion?: string | undefined;
    secret?: string | undefined;
  }): Endpoint;
  setChaos(chaos: Partial<Chaos>): Chaos;
  forge(endpointId: string, how: Forgery, eventId?: string): void;
  resend(eventId: string, endpointId: string): void;
  flushRetries(): void;
  invoice(invoiceId: string): Json;
}

const call = <T>(store: StripeStore, work: () => T): T => {
  store.request = { id: null, idempotency_key: null };
  return work();
};

export function stripeLevers(store: StripeStore, events: StripeEvents): StripeLevers {
  const chargeOf = (inv: Invoice): Charge => {
    const pi = inv.payment_intent ? store.objects.get(inv.payment_intent) : undefined;
    const charge = typeof pi?.latest_charge === 'string' ? store.get<Charge>(pi.latest_charge, 'charge') : undefined;
    if (charge?.status === 'succeeded') return charge;
    throw new Error(`invoice ${inv.id} has no successful charge`);
  };
  const render = (inv: Invoice): Json => renderInvoice(store, inv, LATEST_API_VERSION);
  return {
    subscribe: (o) =>
      call(store, () => {
        const params: Json = { customer: o.customer, items: [{ price: o.price }] };
        if (o.taxRate) params.default_tax_rates = [o.taxRate];
        if (o.coupon) params.discounts = [{ coupon: o.coupon }];
        return structuredClone(createSubscription(store, params)) as Json;
      }),
    renew: (subscriptionId) => {
      const sub = store.get<Subscription>(subscriptionId, 'subscription');
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      const end = periodEnd(sub);
      store.clock.set(end * 1000);
      store.clock.advance(3_601_000);
      const latest = sub.latest_invoice ? store.get<Invoice>(sub.latest_invoice, 'invoice') : undefined;
      return latest ? render(latest) : {};
    },
    cancel: (subscriptionId, o = {}) =>
      call(store, () => {
        const sub = store.get<Subscription>(subscriptionId, 'subscription');
        if (!sub) throw new Error(`no subscription ${subscriptionId}`);
        const done = o.atPeriodEnd
          ? updateSubscription(store, sub, { cancel_at_period_end: 'true' })
          : cancelSubscription(store, sub);
        return structuredClone(done) as Json;
      }),
    voidInvoice: (invoiceId) => call(store, () => render(voidInvoice(store, invoiceOf(store, invoiceId)))),
    pay: (invoiceId, o = {}) =>
      call(store, () => render(pay(store, invoiceOf(store, invoiceId), { outOfBand: o.outOfBand }))),
    setCard: (customerId, token) =>
      call(store, () => {
        const c = store.get<Customer>(customerId, 'customer');
        if (!c) throw new Error(`no customer ${customerId}`);
        c.invoice_settings.default_payment_method = attachPaymentMethod(store, token, c.id).id;
        return structuredClone(c) as Json;
      }),
    refund: (invoiceId, amount) =>
      call(store, () => {
        const charge = chargeOf(invoiceOf(store, invoiceId));
        return createRefund(store, { charge: charge.id, ...(amount ? { amount: String(amount) } : {}) }) as Json;
      }),
    creditNote: (invoiceId, o = {}) =>
      call(store, () => {
        const inv = invoiceOf(store, invoiceId);
        const left =
          Number(render(inv).total) - inv.pre_payment_credit_notes_amount - inv.post_payment_credit_notes_amount;
        const amount = String(o.amount ?? left);
        const settle =
          inv.status === 'paid' ? { [o.refund === false ? 'credit_amount' : 'refund_amount']: amount } : {};
        return createCreditNote(store, { invoice: inv.id, amount, ...settle }) as Json;
      }),
    endpoint: (o) =>
      events.createEndpoint(
        {
          url: o.url,
          enabled_events: o.enabledEvents ?? ['*'],
          ...(o.apiVersion ? { api_version: o.apiVersion } : {}),
        },
        o.secret,
      ),
    setChaos: (chaos) => events.dispatcher.setChaos(chaos),
    forge: (endpointId, how, eventId) => events.forge(endpointId, eventId, how),
    resend: (eventId, endpointId) => events.resend(eventId, endpointId),
    flushRetries: () => events.dispatcher.flushRetries(),
    invoice: (invoiceId) => render(invoiceOf(store, invoiceId)),
  };
}

export const latestInvoices = (store: StripeStore): Invoice[] =>
  store.all<Invoice>('invoice').sort((a, b) => b.created - a.created || store.order(b.id) - store.order(a.id));

export const subscriptions = (store: StripeStore): Subscription[] => store.all<Subscription>('subscription');
