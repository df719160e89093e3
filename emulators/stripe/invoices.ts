import { z } from 'zod';
import { type Customer, changed, taxIdsOf } from './customers.ts';
import { invalid, noSuch } from './errors.ts';
import { attachItem, pendingItems } from './invoice-items.ts';
import { renderInvoice } from './invoice-json.ts';
import { computeTotals, type Discount, type Invoice } from './invoice-model.ts';
import { customerOf } from './lookups.ts';
import { LATEST_API_VERSION } from './options.ts';
import { bool, expand, id, int, mergeMetadata, metadata, parseParams, str } from './params.ts';
import { newId, type StripeStore } from './store.ts';

/**
 * Invoices from draft to open (`finalize`: a number, the customer snapshot, a PaymentIntent) to
 * paid, void or uncollectible, with invoice items as their one-off lines. `metadata` is writable in
 * every status (the integration stores the Fortnox invoice number there); other fields only while
 * the invoice is a draft (description, footer and auto_advance also while it is open).
 */

const Discounts = z.array(z.strictObject({ coupon: id.optional(), discount: id.optional() })).optional();
export const InvoiceParams = z.strictObject({
  customer: id,
  auto_advance: bool.optional(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
  days_until_due: int.optional(),
  due_date: int.optional(),
  default_tax_rates: z.array(id).optional(),
  default_payment_method: id.optional(),
  discounts: Discounts,
  metadata,
  description: str.optional(),
  footer: str.optional(),
  currency: str.optional(),
  pending_invoice_items_behavior: z.enum(['exclude', 'include']).optional(),
  expand,
});

export const InvoiceUpdateParams = InvoiceParams.omit({
  customer: true,
  currency: true,
  pending_invoice_items_behavior: true,
});

export function emitInvoice(store: StripeStore, type: string, inv: Invoice, previous?: Record<string, unknown>) {
  const now = renderInvoice(store, inv, LATEST_API_VERSION);
  store.emit(type, now, previous, renderInvoice(store, inv, '2024-06-20'));
}

export function snapshot(store: StripeStore, c: Customer): Invoice['snapshot'] {
  return {
    email: c.email,
    name: c.name,
    phone: (c.phone as string | null) ?? null,
    address: c.address,
    tax_exempt: c.tax_exempt,
    tax_ids: taxIdsOf(store, c.id).map((t) => ({ type: String(t.type), value: String(t.value) })),
  };
}

export function discountsFor(
  store: StripeStore,
  list: z.infer<typeof Discounts>,
  customer: string,
  subscription: string | null,
) {
  return (list ?? []).map((d) => {
    if (d.discount) return d.discount;
    if (!d.coupon || !store.get(d.coupon, 'coupon')) throw noSuch('coupon', d.coupon ?? '', 'discounts[0][coupon]');
    const discount: Discount = {
      id: newId('di'),
      object: 'discount',
      coupon: d.coupon,
      created: store.unix(),
      customer,
      subscription,
      invoice: null,
      start: store.unix(),
      end: null,
    };
    return store.put(discount).id;
  });
}

export function newInvoice(store: StripeStore, c: Customer, o: Partial<Invoice> & { billing_reason: string }): Invoice {
  const now = store.unix();
  const inv: Invoice = {
    id: newId('in'),
    object: 'invoice',
    created: now,
    customer: c.id,
    subscription: null,
    status: 'draft',
    collection_method: 'charge_automatically',
    currency: store.opts.accountCurrency,
    period_start: now,
    period_end: now,
    due_date: null,
    days_until_due: null,
    auto_advance: false,
    automatically_finalizes_at: null,
    number: null,
    lines: [],
    default_tax_rates: [],
    discounts: [],
    metadata: {},
    description: null,
    footer: null,
    default_payment_method: null,
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    attempt_count: 0,
    attempted: false,
    amount_paid: 0,
    paid_out_of_band: false,
    payment_intent: null,
    pre_payment_credit_notes_amount: 0,
    post_payment_credit_notes_amount: 0,
    next_payment_attempt: null,
    effective_at: null,
    webhooks_delivered_at: now,
    snapshot: snapshot(store, c),
    ...o,
  };
  store.put(inv);
  emitInvoice(store, 'invoice.created', inv);
  return inv;
}

export function createInvoice(store: StripeStore, input: unknown): Invoice {
  const p = parseParams(InvoiceParams, input);
  const c = customerOf(store, p.customer);
  if (p.collection_method === 'send_invoice' && p.days_until_due === undefined && p.due_date === undefined) {
    throw invalid('Invoices with `send_invoice` collection method require either `due_date` or `days_until_due`.', {
      param: 'days_until_due',
    });
  }
  const pending = p.pending_invoice_items_behavior === 'include' ? pendingItems(store, c.id) : [];
  const inv = newInvoice(store, c, {
    billing_reason: 'manual',
    collection_method: p.collection_method ?? 'charge_automatically',
    currency: (p.currency ?? store.opts.accountCurrency).toLowerCase(),
    auto_advance: p.auto_advance ?? false,
    // Stripe finalizes an auto-advancing draft about an hour after it was created.
    automatically_finalizes_at: p.auto_advance ? store.unix() + 3600 : null,
    default_tax_rates: p.default_tax_rates ?? [],
    default_payment_method: p.default_payment_method ?? null,
    metadata: mergeMetadata({}, p.metadata),
    description: p.description ?? null,
    footer: p.footer ?? null,
    due_date: p.due_date ?? null,
    days_until_due: p.days_until_due ?? null,
    discounts: discountsFor(store, p.discounts, c.id, null),
  });
  for (const item of pending) attachItem(inv, item);
  return inv;
}

export function updateInvoice(store: StripeStore, inv: Invoice, input: unknown): Invoice {
  const p = parseParams(InvoiceUpdateParams, input);
  const touched = Object.keys(p).filter((k) => k !== 'expand');
  const allowed =
    inv.status === 'draft'
      ? null
      : inv.status === 'open'
        ? ['metadata', 'description', 'footer', 'auto_advance']
        : ['metadata'];
  const refused = allowed ? touched.find((k) => !allowed.includes(k)) : undefined;
  if (refused) {
    throw invalid(`You cannot update \`${refused}\` on an invoice with status ${inv.status}.`, {
      code: 'invoice_not_editable',
      param: refused,
    });
  }
  const before = renderInvoice(store, inv, LATEST_API_VERSION);
  inv.metadata = mergeMetadata(inv.metadata, p.metadata);
  if (p.description !== undefined) inv.description = p.description;
  if (p.footer !== undefined) inv.footer = p.footer;
  if (p.auto_advance !== undefined) inv.auto_advance = p.auto_advance;
  if (p.collection_method !== undefined) inv.collection_method = p.collection_method;
  if (p.default_tax_rates !== undefined) inv.default_tax_rates = p.default_tax_rates;
  if (p.default_payment_method !== undefined) inv.default_payment_method = p.default_payment_method;
  if (p.due_date !== undefined) inv.due_date = p.due_date;
  if (p.days_until_due !== undefined) inv.days_until_due = p.days_until_due;
  if (p.discounts !== undefined) inv.discounts = discountsFor(store, p.discounts, inv.customer, inv.subscription);
  const diff = changed(before, renderInvoice(store, inv, LATEST_API_VERSION));
  if (Object.keys(diff).length > 0) emitInvoice(store, 'invoice.updated', inv, diff);
  return inv;
}

/** The amount still to pay (0 once paid or void). */
export const amountDue = (store: StripeStore, inv: Invoice): number => computeTotals(store, inv).amountDue;
