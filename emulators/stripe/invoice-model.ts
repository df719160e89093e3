import type { ApiObject, StripeStore } from './store.ts';
import type { Coupon, TaxRate } from './tax-rates-coupons.ts';

/**
 * The invoice as Stripe computes it, in integer minor units: lines before discounts, discounts per
 * discountable line (a percentage per line, a fixed amount spread by line amount), tax per line and
 * rate (inclusive rates contained in the amount, exclusive ones added; rounded half up per line),
 * totals from the lines. Rendering (invoice-json.ts) only reads what this computes.
 */

export interface InvoiceLine {
  id: string;
  amount: number;
  currency: string;
  description: string | null;
  discountable: boolean;
  metadata: Record<string, string>;
  period: { start: number; end: number };
  quantity: number;
  unitAmount: number;
  price: string | null;
  product: string | null;
  taxRates: string[];
  invoiceItem: string | null;
  subscription: string | null;
  subscriptionItem: string | null;
}

export interface Invoice extends ApiObject {
  object: 'invoice';
  customer: string;
  subscription: string | null;
  status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
  billing_reason: string;
  collection_method: 'charge_automatically' | 'send_invoice';
  currency: string;
  period_start: number;
  period_end: number;
  due_date: number | null;
  /** For `send_invoice`: the due date is set this many days after finalization (not rendered). */
  days_until_due: number | null;
  auto_advance: boolean;
  automatically_finalizes_at: number | null;
  number: string | null;
  lines: InvoiceLine[];
  default_tax_rates: string[];
  discounts: string[];
  metadata: Record<string, string>;
  description: string | null;
  footer: string | null;
  default_payment_method: string | null;
  status_transitions: {
    finalized_at: number | null;
    marked_uncollectible_at: number | null;
    paid_at: number | null;
    voided_at: number | null;
  };
  attempt_count: number;
  attempted: boolean;
  amount_paid: number;
  paid_out_of_band: boolean;
  payment_intent: string | null;
  pre_payment_credit_notes_amount: number;
  post_payment_credit_notes_amount: number;
  next_payment_attempt: number | null;
  effective_at: number | null;
  webhooks_delivered_at: number | null;
  /** The customer as it was when the invoice was finalized (drafts follow the customer). */
  snapshot: {
    email: string | null;
    name: string | null;
    phone: string | null;
    address: Record<string, unknown> | null;
    tax_exempt: string;
    tax_ids: { type: string; value: string }[];
  };
}

export interface Discount extends ApiObject {
  object: 'discount';
  coupon: string;
  customer: string;
  subscription: string | null;
  invoice: string | null;
  start: number;
  end: number | null;
}

export interface LineTax {
  amount: number;
  inclusive: boolean;
  rate: string;
  taxableAmount: number;
}

export interface ComputedLine {
  line: InvoiceLine;
  discountAmounts: { amount: number; discount: string }[];
  taxes: LineTax[];
}

export interface Totals {
  lines: ComputedLine[];
  subtotal: number;
  subtotalExcludingTax: number;
  discountTotal: number;
  totalDiscountAmounts: { amount: number; discount: string }[];
  totalTaxes: LineTax[];
  total: number;
  totalExcludingTax: number;
  amountDue: number;
  amountRemaining: number;
}

/** Spreads `amount` over `weights` in whole units, remainders to the largest shares. */
function spread(amount: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (amount * w) / sum);
  const out = raw.map(Math.floor);
  let left = amount - out.reduce((s, v) => s + v, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left -= 1;
  }
  return out;
}

export function computeTotals(store: StripeStore, inv: Invoice): Totals {
  const lines: ComputedLine[] = inv.lines.map((line) => ({ line, discountAmounts: [], taxes: [] }));
  for (const discountId of inv.discounts) {
    const d = store.get<Discount>(discountId, 'discount');
    const coupon = d && store.get<Coupon>(d.coupon, 'coupon');
    if (!coupon) continue;
    const eligible = lines.filter((l) => l.line.discountable);
    const base = eligible.map((l) => l.line.amount - l.discountAmounts.reduce((s, a) => s + a.amount, 0));
    const amounts =
      coupon.percent_off !== null
        ? base.map((b) => Math.round((b * (coupon.percent_off ?? 0)) / 100))
        : spread(
            Math.min(
              coupon.amount_off ?? 0,
              base.reduce((s, b) => s + b, 0),
            ),
            base,
          );
    for (const [i, l] of eligible.entries()) l.discountAmounts.push({ amount: amounts[i] ?? 0, discount: discountId });
  }
  let inclusiveBeforeDiscounts = 0;
  for (const l of lines) {
    const rates = (l.line.taxRates.length > 0 ? l.line.taxRates : inv.default_tax_rates)
      .map((id) => store.get<TaxRate>(id, 'tax_rate'))
      .filter((r): r is TaxRate => r !== undefined);
    const base = l.line.amount - l.discountAmounts.reduce((s, a) => s + a.amount, 0);
    const inclusive = rates.filter((r) => r.inclusive).reduce((s, r) => s + r.percentage, 0);
    const net = base / (1 + inclusive / 100);
    inclusiveBeforeDiscounts += Math.round(l.line.amount - l.line.amount / (1 + inclusive / 100));
    for (const r of rates) {
      const amount = r.inclusive ? Math.round((net * r.percentage) / 100) : Math.round((base * r.percentage) / 100);
      l.taxes.push({ amount, inclusive: r.inclusive, rate: r.id, taxableAmount: r.inclusive ? Math.round(net) : base });
    }
  }
  const sum = (xs: number[]): number => xs.reduce((s, v) => s + v, 0);
  const subtotal = sum(lines.map((l) => l.line.amount));
  const discountTotal = sum(lines.flatMap((l) => l.discountAmounts.map((a) => a.amount)));
  const exclusiveTax = sum(lines.flatMap((l) => l.taxes.filter((t) => !t.inclusive).map((t) => t.amount)));
  const inclusiveTax = sum(lines.flatMap((l) => l.taxes.filter((t) => t.inclusive).map((t) => t.amount)));
  const total = subtotal - discountTotal + exclusiveTax;
  const byDiscount = new Map<string, number>();
  for (const a of lines.flatMap((l) => l.discountAmounts))
    byDiscount.set(a.discount, (byDiscount.get(a.discount) ?? 0) + a.amount);
  const byRate = new Map<string, LineTax>();
  for (const t of lines.flatMap((l) => l.taxes)) {
    const acc = byRate.get(t.rate) ?? { amount: 0, inclusive: t.inclusive, rate: t.rate, taxableAmount: 0 };
    acc.amount += t.amount;
    acc.taxableAmount += t.taxableAmount;
    byRate.set(t.rate, acc);
  }
  const amountDue = Math.max(0, total - inv.pre_payment_credit_notes_amount);
  return {
    lines,
    subtotal,
    subtotalExcludingTax: subtotal - inclusiveBeforeDiscounts,
    discountTotal,
    totalDiscountAmounts: [...byDiscount].map(([discount, amount]) => ({ amount, discount })),
    totalTaxes: [...byRate.values()],
    total,
    totalExcludingTax: total - exclusiveTax - inclusiveTax,
    amountDue,
    amountRemaining: inv.status === 'paid' || inv.status === 'void' ? 0 : Math.max(0, amountDue - inv.amount_paid),
  };
}
