import { z } from 'zod';
import { invalid, noSuch } from './errors.ts';
import { computeTotals, type Invoice } from './invoice-model.ts';
import { expand, id, int, metadata, str } from './params.ts';
import type { StripeStore } from './store.ts';
import type { TaxRate } from './tax-rates-coupons.ts';

/**
 * What a credit note credits: invoice lines by quantity or amount, their discounts and taxes
 * prorated; custom lines with their own tax rates; or an amount alone spread over the invoice.
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

/** An existing refund linked to the credit note (`type` defaults to `refund`; PaymentRecords are not emulated). */
const LinkedRefund = z.strictObject({
  refund: id,
  amount_refunded: int.optional(),
  type: z.literal('refund').optional(),
});

export const CreditNoteParams = z.strictObject({
  invoice: id,
  refunds: z.array(LinkedRefund).optional(),
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

export interface Credited {
  amount: number;
  discount: number;
  taxes: { amount: number; rate: string; inclusive: boolean; taxable: number }[];
  quantity: number | null;
  unitAmount: number | null;
  description: string | null;
  invoiceLine: string | null;
  type: 'invoice_line_item' | 'custom_line_item';
}

export function creditedLines(store: StripeStore, inv: Invoice, p: z.infer<typeof CreditNoteParams>): Credited[] {
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

export const totalOf = (l: Credited): number =>
  l.amount - l.discount + l.taxes.filter((t) => !t.inclusive).reduce((s, t) => s + t.amount, 0);
