import type { Order, OrderLine } from './model.ts';
import { type Cents, taxInside } from './values.ts';

/**
 * The sums an order reports, derived from its lines, addresses, fees and discounts so they never
 * disagree. Discounts are inc-tax amounts on lines (`applied_discounts`), so a line's
 * `discounted_total_inc_tax` is what the shopper paid for it ("can be used for accounting"
 * [BC-O2 schema]); `discount_amount` is every order discount, `coupon_discount` the coupon part.
 */
export interface Totals {
  subtotalEx: Cents;
  subtotalInc: Cents;
  subtotalTax: Cents;
  shippingEx: Cents;
  shippingInc: Cents;
  handlingEx: Cents;
  handlingInc: Cents;
  feesEx: Cents;
  feesInc: Cents;
  discount: Cents;
  couponDiscount: Cents;
  totalEx: Cents;
  totalInc: Cents;
  totalTax: Cents;
  itemsTotal: number;
  itemsShipped: number;
}

export const lineTotalInc = (l: OrderLine): Cents => l.unitInc * l.quantity;
export const lineTotalEx = (l: OrderLine): Cents => l.unitEx * l.quantity;
export const lineDiscount = (l: OrderLine): Cents => l.discounts.reduce((a, d) => a + d.amount, 0);
export const lineDiscountedInc = (l: OrderLine): Cents => lineTotalInc(l) - lineDiscount(l);

/** VAT left on a line once its discounts are taken off. */
export function lineTaxAfterDiscount(l: OrderLine): Cents {
  return lineTotalInc(l) - lineTotalEx(l) - taxInside(lineDiscount(l), l.taxRate);
}

/** Inc-tax price of one unit after discounts: what a refund of one unit gives back. */
export function unitRefundValue(l: OrderLine): { gross: Cents; tax: Cents } {
  if (l.quantity === 0) return { gross: 0, tax: 0 };
  return {
    gross: Math.round(lineDiscountedInc(l) / l.quantity),
    tax: Math.round(lineTaxAfterDiscount(l) / l.quantity),
  };
}

export function totals(o: Order): Totals {
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const subtotalEx = sum(o.lines.map(lineTotalEx));
  const subtotalInc = sum(o.lines.map(lineTotalInc));
  const shippingEx = sum(o.addresses.map((a) => a.shippingEx));
  const shippingInc = sum(o.addresses.map((a) => a.shippingInc));
  const handlingEx = sum(o.addresses.map((a) => a.handlingEx));
  const handlingInc = sum(o.addresses.map((a) => a.handlingInc));
  const feesEx = sum(o.fees.map((f) => f.costEx));
  const feesInc = sum(o.fees.map((f) => f.costInc));
  const discount = sum(o.lines.map(lineDiscount));
  const couponDiscount = sum(o.coupons.map((c) => c.discount));
  const discountTax = sum(o.lines.map((l) => taxInside(lineDiscount(l), l.taxRate)));
  const totalInc = subtotalInc + shippingInc + handlingInc + feesInc - discount;
  const totalTax =
    subtotalInc -
    subtotalEx +
    (shippingInc - shippingEx) +
    (handlingInc - handlingEx) +
    (feesInc - feesEx) -
    discountTax;
  return {
    subtotalEx,
    subtotalInc,
    subtotalTax: subtotalInc - subtotalEx,
    shippingEx,
    shippingInc,
    handlingEx,
    handlingInc,
    feesEx,
    feesInc,
    discount,
    couponDiscount,
    totalEx: totalInc - totalTax,
    totalInc,
    totalTax,
    itemsTotal: sum(o.lines.map((l) => l.quantity)),
    itemsShipped: sum(o.lines.map((l) => l.quantityShipped)),
  };
}

/** What can still be given back: the paid total less earlier refunds. */
export const refundable = (o: Order): Cents => totals(o).totalInc - o.refunded;
