import type { Price } from './catalog.ts';
import { type ComputedLine, computeTotals, type Invoice, type LineTax } from './invoice-model.ts';
import { embeddedLines, embeddedList } from './list.ts';
import type { Json, StripeStore } from './store.ts';
import type { TaxRate } from './tax-rates-coupons.ts';
import { isBasil } from './versions.ts';

/**
 * An invoice in the shape of the API version asked for. From 2025-03-31.basil: `parent`
 * (subscription_details/quote_details), line `parent`, `pricing` and `taxes`, `total_taxes`, no
 * `payment_intent`/`charge`/`paid`. Before: `total_tax_amounts`, line `tax_amounts`/`tax_rates`/`price`,
 * `subscription_details`, `paid`, `payment_intent`, `charge` (docs.stripe.com/changelog/basil).
 */

const taxJson = (t: LineTax): Json => ({
  amount: t.amount,
  tax_behavior: t.inclusive ? 'inclusive' : 'exclusive',
  tax_rate_details: { tax_rate: t.rate },
  taxability_reason: 'not_available',
  taxable_amount: t.taxableAmount,
  type: 'tax_rate_details',
});

function lineJson(inv: Invoice, c: ComputedLine): Json {
  const l = c.line;
  const fromSubscription = l.subscriptionItem !== null;
  return {
    amount: l.amount,
    currency: l.currency,
    description: l.description,
    discount_amounts: c.discountAmounts,
    discountable: l.discountable,
    discounts: c.discountAmounts.map((d) => d.discount),
    id: l.id,
    invoice: inv.id,
    livemode: false,
    metadata: l.metadata,
    object: 'line_item',
    period: { end: l.period.end, start: l.period.start },
    quantity: l.quantity,
    subscription: null,
    pretax_credit_amounts: [],
    taxes: c.taxes.map(taxJson),
    parent: {
      invoice_item_details: fromSubscription
        ? null
        : {
            invoice_item: l.invoiceItem,
            proration: false,
            proration_details: { credited_items: null },
            subscription: inv.subscription,
          },
      subscription_item_details: fromSubscription
        ? {
            invoice_item: null,
            proration: false,
            proration_details: { credited_items: null },
            subscription: l.subscription,
            subscription_item: l.subscriptionItem,
          }
        : null,
      type: fromSubscription ? 'subscription_item_details' : 'invoice_item_details',
    },
    pricing: {
      ...(l.price ? { price_details: { price: l.price, product: l.product } } : {}),
      type: 'price_details',
      unit_amount_decimal: String(l.unitAmount),
    },
    subtotal: l.amount,
    quantity_decimal: null,
  };
}

/** The invoice as answered (its first lines embedded), or with `allLines` every line (its `/lines` list). */
export function renderInvoice(store: StripeStore, inv: Invoice, version: string, allLines = false): Json {
  const t = computeTotals(store, inv);
  const finalized = inv.status !== 'draft';
  const base: Json = {
    id: inv.id,
    object: 'invoice',
    account_country: store.opts.accountCountry,
    account_name: 'Demo AB',
    account_tax_ids: null,
    amount_due: t.amountDue,
    amount_overpaid: 0,
    amount_paid: inv.amount_paid,
    amount_remaining: t.amountRemaining,
    amount_shipping: 0,
    application: null,
    attempt_count: inv.attempt_count,
    attempted: inv.attempted,
    auto_advance: inv.auto_advance,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: inv.status === 'draft' ? inv.automatically_finalizes_at : null,
    billing_reason: inv.billing_reason,
    collection_method: inv.collection_method,
    created: inv.created,
    currency: inv.currency,
    custom_fields: null,
    customer: inv.customer,
    customer_account: null,
    customer_address: inv.snapshot.address,
    customer_email: inv.snapshot.email,
    customer_name: inv.snapshot.name,
    customer_phone: inv.snapshot.phone,
    customer_shipping: null,
    customer_tax_exempt: inv.snapshot.tax_exempt,
    customer_tax_ids: inv.snapshot.tax_ids.map((x) => ({ type: x.type, value: x.value })),
    default_payment_method: inv.default_payment_method,
    default_source: null,
    default_tax_rates: inv.default_tax_rates.flatMap((id) => store.get<TaxRate>(id, 'tax_rate') ?? []),
    description: inv.description,
    discounts: [...inv.discounts],
    due_date: inv.due_date,
    effective_at: inv.effective_at,
    ending_balance: finalized ? 0 : null,
    footer: inv.footer,
    from_invoice: null,
    hosted_invoice_url: finalized ? `https://invoice.stripe.com/i/acct_demo/test_${inv.id}` : null,
    invoice_pdf: finalized ? `https://pay.stripe.com/invoice/acct_demo/test_${inv.id}/pdf` : null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: embeddedList(
      t.lines.map((c) => lineJson(inv, c)),
      `/v1/invoices/${inv.id}/lines`,
    ),
    livemode: false,
    metadata: { ...inv.metadata },
    next_payment_attempt: inv.next_payment_attempt,
    number: inv.number,
    on_behalf_of: null,
    parent: inv.subscription
      ? {
          quote_details: null,
          subscription_details: { metadata: {}, subscription: inv.subscription },
          type: 'subscription_details',
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: inv.period_end,
    period_start: inv.period_start,
    post_payment_credit_notes_amount: inv.post_payment_credit_notes_amount,
    pre_payment_credit_notes_amount: inv.pre_payment_credit_notes_amount,
    receipt_number: null,
    rendering: { amount_tax_display: null, pdf: { page_size: 'auto' }, template: null, template_version: null },
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: inv.status,
    status_transitions: { ...inv.status_transitions },
    subscription: null,
    subtotal: t.subtotal,
    subtotal_excluding_tax: t.subtotalExcludingTax,
    test_clock: null,
    total: t.total,
    total_discount_amounts: t.totalDiscountAmounts,
    total_excluding_tax: t.totalExcludingTax,
    total_pretax_credit_amounts: [],
    total_taxes: t.totalTaxes.map(taxJson),
    webhooks_delivered_at: inv.webhooks_delivered_at,
  };
  const full = isBasil(version) ? base : legacy(store, inv, base, t.lines, t.totalTaxes);
  if (allLines) return full;
  const lines = full.lines as { data: Json[]; url: string };
  return { ...full, lines: embeddedLines(lines.data, lines.url) };
}

/** The pre-basil invoice (2025-02-24.acacia and older). */
function legacy(store: StripeStore, inv: Invoice, b: Json, lines: ComputedLine[], totalTaxes: LineTax[]): Json {
  const { parent: _p, total_taxes: _t, total_pretax_credit_amounts: _c, amount_overpaid: _o, ...rest } = b;
  const taxAmounts = (taxes: LineTax[]) =>
    taxes.map((x) => ({
      amount: x.amount,
      inclusive: x.inclusive,
      tax_rate: x.rate,
      taxability_reason: null,
      taxable_amount: x.taxableAmount,
    }));
  const pi = inv.payment_intent ? store.objects.get(inv.payment_intent) : undefined;
  const data = (b.lines as { data: Json[] }).data.map((l, i) => {
    const c = lines[i];
    const { parent: _lp, pricing: _pr, taxes: _lt, pretax_credit_amounts: _pc, ...line } = l;
    const price = c?.line.price ? store.get<Price>(c.line.price, 'price') : undefined;
    return {
      ...line,
      invoice_item: c?.line.invoiceItem ?? null,
      price: price ?? null,
      proration: false,
      subscription: c?.line.subscription ?? null,
      subscription_item: c?.line.subscriptionItem ?? null,
      tax_amounts: taxAmounts(c?.taxes ?? []),
      tax_rates: (c?.line.taxRates ?? []).flatMap((id) => store.get<TaxRate>(id, 'tax_rate') ?? []),
      type: c?.line.subscriptionItem ? 'subscription' : 'invoiceitem',
    };
  });
  const tax = lines.flatMap((l) => l.taxes).reduce((s, x) => s + x.amount, 0);
  return {
    ...rest,
    charge: pi ? ((pi.latest_charge as string | null) ?? null) : null,
    lines: { ...(b.lines as Json), data },
    paid: inv.status === 'paid',
    paid_out_of_band: inv.paid_out_of_band,
    payment_intent: inv.payment_intent,
    subscription: inv.subscription,
    subscription_details: inv.subscription ? { metadata: {} } : null,
    tax: lines.some((l) => l.taxes.length > 0) ? tax : null,
    total_tax_amounts: taxAmounts(totalTaxes),
  };
}
