import { z } from 'zod';
import { type Price, planOf } from './catalog.ts';
import type { Customer } from './customers.ts';
import { invalid, noSuch } from './errors.ts';
import type { Invoice, InvoiceLine } from './invoice-model.ts';
import { discountsFor, newInvoice } from './invoices.ts';
import { customerOf } from './lookups.ts';
import { bool, expand, id, int, mergeMetadata, metadata, parseParams, str } from './params.ts';
import { attemptPayment, finalize } from './payments.ts';
import { type ApiObject, type Json, newId, type StripeStore } from './store.ts';
import type { TaxRate } from './tax-rates-coupons.ts';

/**
 * Subscriptions: the first invoice (`subscription_create`) is finalized and charged at once; each
 * period end makes a `subscription_cycle` draft that Stripe finalizes and charges about an hour
 * later. Since 2025-03-31.basil the periods live on the items (`items.data[].current_period_*`).
 */

export const SubscriptionParams = z.strictObject({
  customer: id,
  items: z
    .array(z.strictObject({ price: id, quantity: int.optional(), tax_rates: z.array(id).optional(), metadata }))
    .min(1),
  default_tax_rates: z.array(id).optional(),
  default_payment_method: id.optional(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
  days_until_due: int.optional(),
  discounts: z.array(z.strictObject({ coupon: id.optional(), discount: id.optional() })).optional(),
  metadata,
  description: str.optional(),
  payment_behavior: z
    .enum(['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'])
    .optional(),
  cancel_at_period_end: bool.optional(),
  expand,
});

export interface Subscription extends ApiObject {
  object: 'subscription';
  customer: string;
  status: string;
  items: { object: 'list'; data: Json[]; has_more: false; url: string };
  latest_invoice: string | null;
  default_tax_rates: TaxRate[];
  discounts: string[];
  collection_method: 'charge_automatically' | 'send_invoice';
  days_until_due: number | null;
  cancel_at_period_end: boolean;
  metadata: Record<string, string>;
}

/** The end of a period `count` intervals after `start` (calendar months and years, as Stripe bills). */
export function addInterval(start: number, interval: string, count: number): number {
  const d = new Date(start * 1000);
  if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + count);
  else if (interval === 'year') d.setUTCFullYear(d.getUTCFullYear() + count);
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7 * count);
  else d.setUTCDate(d.getUTCDate() + count);
  return Math.floor(d.getTime() / 1000);
}

export const periodEnd = (sub: Subscription): number => Number(sub.items.data[0]?.current_period_end ?? 0);

function linesFor(store: StripeStore, sub: Subscription, currency: string): InvoiceLine[] {
  return sub.items.data.map((item) => {
    const price = item.price as Price;
    const name = String(store.objects.get(price.product)?.name ?? 'Subscription');
    return {
      id: newId('il'),
      amount: price.unit_amount * Number(item.quantity),
      currency,
      description: `${item.quantity} × ${name} (at ${(price.unit_amount / 100).toFixed(2)} ${currency.toUpperCase()} / ${price.recurring?.interval})`,
      discountable: true,
      metadata: {},
      period: { start: Number(item.current_period_start), end: Number(item.current_period_end) },
      quantity: Number(item.quantity),
      unitAmount: price.unit_amount,
      price: price.id,
      product: price.product,
      taxRates: (item.tax_rates as TaxRate[]).map((t) => t.id),
      invoiceItem: null,
      subscription: sub.id,
      subscriptionItem: String(item.id),
    };
  });
}

export function billingInvoice(
  store: StripeStore,
  sub: Subscription,
  reason: string,
  period: { start: number; end: number },
): Invoice {
  const c = customerOf(store, sub.customer);
  const currency = String(sub.currency);
  const inv = newInvoice(store, c, {
    billing_reason: reason,
    subscription: sub.id,
    collection_method: sub.collection_method,
    days_until_due: sub.days_until_due,
    currency,
    auto_advance: true,
    automatically_finalizes_at: reason === 'subscription_cycle' ? store.unix() + 3600 : null,
    default_tax_rates: sub.default_tax_rates.map((t) => t.id),
    discounts: [...sub.discounts],
    default_payment_method: (sub.default_payment_method as string | null) ?? null,
    period_start: period.start,
    period_end: period.end,
    lines: linesFor(store, sub, currency),
  });
  sub.latest_invoice = inv.id;
  return inv;
}

export function createSubscription(store: StripeStore, input: unknown): Subscription {
  const p = parseParams(SubscriptionParams, input);
  const c: Customer = customerOf(store, p.customer);
  const now = store.unix();
  const prices = p.items.map((i, n) => {
    const price = store.get<Price>(i.price, 'price');
    if (!price) throw noSuch('price', i.price, `items[${n}][price]`);
    if (!price.recurring)
      throw invalid(
        `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
        { param: `items[${n}][price]` },
      );
    return price;
  });
  const currency = prices[0]?.currency ?? store.opts.accountCurrency;
  if (prices.some((x) => x.currency !== currency))
    throw invalid('All prices on a subscription must have the same currency.', { param: 'items' });
  const taxRate = (tid: string): TaxRate => {
    const r = store.get<TaxRate>(tid, 'tax_rate');
    if (!r) throw noSuch('tax_rate', tid, 'default_tax_rates');
    return r;
  };
  const sid = newId('sub');
  const items = p.items.map((i, n) => {
    const price = prices[n] as Price;
    return {
      created: now,
      discounts: [],
      id: newId('si'),
      metadata: mergeMetadata({}, i.metadata),
      object: 'subscription_item',
      price: { ...price },
      quantity: i.quantity ?? 1,
      subscription: sid,
      tax_rates: (i.tax_rates ?? []).map(taxRate),
      plan: planOf(price),
      current_period_end: addInterval(now, price.recurring?.interval ?? 'month', price.recurring?.interval_count ?? 1),
      current_period_start: now,
      billing_thresholds: null,
    };
  });
  const sub: Subscription = {
    id: sid,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: p.cancel_at_period_end ?? false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: p.collection_method ?? 'charge_automatically',
    created: now,
    currency,
    customer: c.id,
    customer_account: null,
    days_until_due: p.days_until_due ?? null,
    default_payment_method: p.default_payment_method ?? null,
    default_source: null,
    default_tax_rates: (p.default_tax_rates ?? []).map(taxRate),
    description: p.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      issuer: { type: 'self' },
      custom_fields: null,
      description: null,
      footer: null,
    },
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${sid}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, p.metadata),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: p.collection_method === 'send_invoice' ? 'active' : 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    trial_start: null,
  };
  sub.discounts = discountsFor(store, p.discounts, c.id, sid);
  store.put(sub);
  store.emit('customer.subscription.created', sub);
  const inv = billingInvoice(store, sub, 'subscription_create', { start: now, end: now });
  finalize(store, inv);
  if (
    sub.collection_method === 'charge_automatically' &&
    inv.status === 'open' &&
    p.payment_behavior !== 'default_incomplete'
  ) {
    attemptPayment(store, inv);
  }
  return sub;
}
