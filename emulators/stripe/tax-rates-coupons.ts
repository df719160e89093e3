import { z } from 'zod';
import { invalid } from './errors.ts';
import { bool, expand, id, int, mergeMetadata, metadata, parseParams, str } from './params.ts';
import { type ApiObject, newId, type StripeStore } from './store.ts';

/**
 * Tax rates (a percentage as a number, inclusive or exclusive) and coupons (`percent_off` or
 * `amount_off` in minor units with a currency; once, repeating or forever).
 */

const decimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, { error: 'decimal' })
  .transform(Number);

export const TaxRateParams = z.strictObject({
  display_name: str,
  percentage: decimal,
  inclusive: bool,
  country: str.optional(),
  description: str.optional(),
  jurisdiction: str.optional(),
  state: str.optional(),
  tax_type: z.enum(['vat', 'gst', 'sales_tax', 'jct', 'hst', 'pst', 'qst', 'rst', 'igst', 'lease_tax']).optional(),
  active: bool.optional(),
  metadata,
  expand,
});

export const CouponParams = z.strictObject({
  id: id.optional(),
  percent_off: decimal.optional(),
  amount_off: int.optional(),
  currency: str.optional(),
  duration: z.enum(['once', 'repeating', 'forever']).optional(),
  duration_in_months: int.optional(),
  name: str.optional(),
  max_redemptions: int.optional(),
  redeem_by: int.optional(),
  metadata,
  expand,
});

export interface TaxRate extends ApiObject {
  object: 'tax_rate';
  percentage: number;
  inclusive: boolean;
  display_name: string;
}

export interface Coupon extends ApiObject {
  object: 'coupon';
  percent_off: number | null;
  amount_off: number | null;
  duration: 'once' | 'repeating' | 'forever';
  duration_in_months: number | null;
  times_redeemed: number;
}

export function createTaxRate(store: StripeStore, input: unknown): TaxRate {
  const p = parseParams(TaxRateParams, input);
  const rate: TaxRate = {
    id: newId('txr'),
    object: 'tax_rate',
    active: p.active ?? true,
    country: p.country ?? null,
    created: store.unix(),
    description: p.description ?? null,
    display_name: p.display_name,
    effective_percentage: p.percentage,
    inclusive: p.inclusive,
    jurisdiction: p.jurisdiction ?? null,
    jurisdiction_level: null,
    livemode: false,
    metadata: mergeMetadata({}, p.metadata),
    percentage: p.percentage,
    state: p.state ?? null,
    tax_type: p.tax_type ?? null,
    flat_amount: null,
    rate_type: 'percentage',
  };
  store.put(rate);
  store.emit('tax_rate.created', rate);
  return rate;
}

export function createCoupon(store: StripeStore, input: unknown): Coupon {
  const p = parseParams(CouponParams, input);
  if ((p.percent_off === undefined) === (p.amount_off === undefined)) {
    throw invalid('You must pass exactly one of percent_off or amount_off.');
  }
  if (p.amount_off !== undefined && !p.currency)
    throw invalid('You must pass currency when passing amount_off.', { param: 'currency' });
  const coupon: Coupon = {
    id: p.id ?? newId('x').slice(-8).toUpperCase(),
    object: 'coupon',
    amount_off: p.amount_off ?? null,
    created: store.unix(),
    currency: p.currency?.toLowerCase() ?? null,
    duration: p.duration ?? 'once',
    duration_in_months: p.duration === 'repeating' ? (p.duration_in_months ?? 1) : null,
    livemode: false,
    max_redemptions: p.max_redemptions ?? null,
    metadata: mergeMetadata({}, p.metadata),
    name: p.name ?? null,
    percent_off: p.percent_off ?? null,
    redeem_by: p.redeem_by ?? null,
    times_redeemed: 0,
    valid: true,
  };
  store.put(coupon);
  store.emit('coupon.created', coupon);
  return coupon;
}
