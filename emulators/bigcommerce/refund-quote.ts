import { z } from 'zod';
import { BcError } from './errors.ts';
import type { Order, RefundItem } from './model.ts';
import { lineDiscountedInc, refundable, unitRefundValue } from './order-totals.ts';
import type { Store } from './store.ts';
import { type Cents, cents, taxInside, taxOnTop, v3Money } from './values.ts';

/**
 * Refund quotes [BC-O3 `/payment_actions/refund_quotes`; refunds.mdx]: what refunding these items
 * gives back, its tax, and the refund methods (each an array of payment options) the amount can go
 * to. Items are addressed by order_product id (PRODUCT), order address id (SHIPPING, HANDLING),
 * the order id (ORDER, tax not recalculated) or the fee id (FEE).
 */
export const RefundItemInput = z.object({
  item_type: z.enum(['PRODUCT', 'GIFT_WRAPPING', 'SHIPPING', 'HANDLING', 'ORDER', 'FEE', 'TAX']),
  item_id: z.number(),
  quantity: z.number().int().positive().optional(),
  amount: z.number().nonnegative().optional(),
  reason: z.string().max(1000).optional(),
});
export const QuoteBody = z.object({ items: z.array(RefundItemInput).min(1) });

export interface PaymentOption {
  provider_id: string;
  provider_description: string;
  amount: number;
  offline: boolean;
  offline_provider: boolean;
  offline_reason: string;
}

export interface Quote {
  total: Cents;
  tax: Cents;
  orderLevel: Cents;
  perItem: Cents[];
  methods: PaymentOption[][];
}

const invalid = (title: string): BcError => new BcError(422, title);

/** Already given back per item (type:id) by earlier refunds of this order. */
function alreadyRefunded(store: Store, o: Order): Map<string, Cents> {
  const out = new Map<string, Cents>();
  for (const r of store.refunds.values()) {
    if (r.orderId !== o.id) continue;
    r.items.forEach((it, i) => {
      const key = `${it.item_type}:${it.item_id}`;
      out.set(key, (out.get(key) ?? 0) + (r.itemAmounts[i] ?? 0));
    });
  }
  return out;
}

function amountOf(it: RefundItem): Cents {
  if (it.amount === undefined) throw invalid(`${it.item_type} item ${it.item_id} needs an amount.`);
  return cents(it.amount);
}

function itemValue(o: Order, it: RefundItem, done: Map<string, Cents>): { gross: Cents; tax: Cents } {
  const before = done.get(`${it.item_type}:${it.item_id}`) ?? 0;
  const grossUp = (amount: Cents, rate: number) => (o.taxInclusive ? amount : amount + taxOnTop(amount, rate));
  switch (it.item_type) {
    case 'PRODUCT': {
      const l = o.lines.find((x) => x.id === it.item_id);
      if (!l) throw invalid(`Order product ${it.item_id} is not part of order ${o.id}.`);
      const q = it.quantity;
      if (q === undefined) throw invalid(`PRODUCT item ${it.item_id} needs a quantity.`);
      const left = l.quantity - l.quantityRefunded;
      if (q > left) throw invalid(`Only ${left} of order product ${it.item_id} can be refunded, not ${q}.`);
      const unit = unitRefundValue(l);
      // The last units take what rounding left, so a line refunded in parts gives back exactly its total.
      const gross = q === left ? lineDiscountedInc(l) - l.refundAmount : unit.gross * q;
      return { gross, tax: taxInside(gross, l.taxRate) };
    }
    case 'SHIPPING':
    case 'HANDLING': {
      const a = o.addresses.find((x) => x.id === it.item_id);
      if (!a) throw invalid(`Order address ${it.item_id} is not part of order ${o.id}.`);
      const cap = it.item_type === 'SHIPPING' ? a.shippingInc : a.handlingInc;
      const gross = grossUp(amountOf(it), a.shippingTaxRate);
      if (gross > cap - before) throw invalid(`At most ${v3Money(cap - before)} of ${it.item_type} can be refunded.`);
      return { gross, tax: taxInside(gross, a.shippingTaxRate) };
    }
    case 'FEE': {
      const f = o.fees.find((x) => x.id === it.item_id);
      if (!f) throw invalid(`Fee ${it.item_id} is not part of order ${o.id}.`);
      const gross = amountOf(it);
      if (gross > f.costInc - before)
        throw invalid(`At most ${v3Money(f.costInc - before)} of fee ${f.id} can be refunded.`);
      return { gross, tax: 0 };
    }
    case 'ORDER':
      if (it.item_id !== o.id) throw invalid(`ORDER items must name the order (${o.id}), not ${it.item_id}.`);
      return { gross: amountOf(it), tax: 0 };
    case 'TAX':
      return { gross: amountOf(it), tax: amountOf(it) };
    case 'GIFT_WRAPPING':
      throw invalid(`Order ${o.id} has no gift wrapping to refund.`);
  }
}

/** Where money can go back: each captured gateway, a custom (offline) refund, store credit for registered shoppers. */
function refundMethods(store: Store, o: Order, total: Cents): PaymentOption[][] {
  const byGateway = new Map<string, Cents>();
  for (const t of store.transactions) {
    if (t.orderId !== o.id) continue;
    const sign = t.event === 'refund' ? -1 : t.event === 'capture' || t.event === 'purchase' ? 1 : 0;
    byGateway.set(t.gateway, (byGateway.get(t.gateway) ?? 0) + sign * t.amount);
  }
  const option = (id: string, description: string, amount: Cents, offline: boolean): PaymentOption => ({
    provider_id: id,
    provider_description: description,
    amount: v3Money(amount),
    offline,
    offline_provider: offline,
    offline_reason: offline ? 'This is an offline payment provider.' : '',
  });
  const methods: PaymentOption[][] = [];
  for (const [gateway, left] of byGateway) {
    if (left > 0) methods.push([option(gateway, gateway, Math.min(left, total), false)]);
  }
  if (o.customerId !== 0 && !byGateway.has('storecredit'))
    methods.push([option('storecredit', 'Store Credit', total, false)]);
  methods.push([option('custom', 'Custom', total, true)]);
  return methods;
}

export function quoteRefund(store: Store, o: Order, items: RefundItem[]): Quote {
  const done = alreadyRefunded(store, o);
  const values = items.map((it) => itemValue(o, it, done));
  const total = values.reduce((a, v) => a + v.gross, 0);
  if (total > refundable(o)) {
    throw invalid(
      `The refund of ${v3Money(total)} exceeds the ${v3Money(refundable(o))} left to refund on order ${o.id}.`,
    );
  }
  return {
    total,
    tax: values.reduce((a, v) => a + v.tax, 0),
    orderLevel: items.reduce((a, it, i) => a + (it.item_type === 'ORDER' ? (values[i]?.gross ?? 0) : 0), 0),
    perItem: values.map((v) => v.gross),
    methods: refundMethods(store, o, total),
  };
}

/** The quote as `POST …/refund_quotes` answers it [refunds.mdx example]. */
export const quoteJson = (o: Order, q: Quote): Record<string, unknown> => ({
  total_refund_amount: v3Money(q.total),
  total_refund_tax_amount: v3Money(q.tax),
  rounding: 0,
  adjustment: 0,
  is_tax_included: o.taxInclusive,
  order_level_refund_amount: v3Money(q.orderLevel),
  refund_methods: q.methods,
});
