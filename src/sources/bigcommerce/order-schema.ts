import { z } from 'zod';

/**
 * The parts of BigCommerce's V2 order, order products and shipping addresses we read, and V3
 * refunds and transactions. V2 money is a decimal string (4 dp or unpadded: "62.6793", "8"), V3
 * money a JSON number [reference A8]; both become numbers rounded to the cent here, once.
 */

export function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

function toAmount(v: string | number | null | undefined, ctx: z.RefinementCtx): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v.trim());
  if (Number.isFinite(n)) return n;
  ctx.addIssue({ code: 'custom', message: `not an amount: ${String(v)}` });
  return z.NEVER;
}

const amountInput = z.union([z.string(), z.number(), z.null()]).optional();
/** A V2 decimal string (or a number: the API accepts either on input and examples show both); absent is 0. */
export const money = amountInput.transform((v, ctx) => toAmount(v, ctx) ?? 0);
/** The same, but absent stays absent (a field older stores do not send). */
export const maybeMoney = amountInput.transform((v, ctx) => toAmount(v, ctx));

const text = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v.trim() === '' ? undefined : v.trim()));

export const addressSchema = z
  .object({
    first_name: text,
    last_name: text,
    company: text,
    street_1: text,
    street_2: text,
    city: text,
    zip: text,
    country: text,
    country_iso2: text,
    phone: text,
    email: text,
    form_fields: z.array(z.object({ name: z.string(), value: z.unknown() }).loose()).nullish(),
  })
  .loose();
export type BcAddress = z.infer<typeof addressSchema>;

export const feeSchema = z
  .object({
    id: z.number(),
    display_name_customer: text,
    display_name_merchant: text,
    cost_ex_tax: money,
    cost_inc_tax: money,
    cost_tax: money,
  })
  .loose();

export const orderSchema = z
  .object({
    id: z.number().int(),
    customer_id: z.number().int().nullish(),
    date_created: z.string(),
    date_modified: z.string(),
    status_id: z.number().int(),
    status: text,
    is_tax_inclusive_pricing: z.boolean().nullish(),
    total_ex_tax: money,
    total_inc_tax: money,
    wrapping_cost_ex_tax: money,
    wrapping_cost_inc_tax: money,
    wrapping_cost_tax: money,
    currency_code: text,
    default_currency_code: text,
    payment_method: text,
    payment_status: text,
    refunded_amount: money,
    channel_id: z.number().int().nullish(),
    is_deleted: z.boolean().nullish(),
    staff_notes: z.string().nullish(),
    billing_address: addressSchema.nullish(),
    fees: z.array(feeSchema).nullish(),
  })
  .loose();
export type BcOrder = z.infer<typeof orderSchema>;

export const orderProductSchema = z
  .object({
    id: z.number().int(),
    name: text,
    name_customer: text,
    sku: text,
    quantity: z.number(),
    price_ex_tax: money,
    price_inc_tax: money,
    price_tax: money,
    total_ex_tax: money,
    total_inc_tax: money,
    total_tax: money,
    discounted_total_inc_tax: maybeMoney,
    applied_discounts: z.array(z.object({ name: text, code: text, amount: money }).loose()).nullish(),
    parent_order_product_id: z.number().nullish(),
  })
  .loose();
export type BcOrderProduct = z.infer<typeof orderProductSchema>;

export const shippingAddressSchema = z
  .object({
    id: z.number().int(),
    shipping_method: text,
    cost_ex_tax: money,
    cost_inc_tax: money,
    cost_tax: money,
    handling_cost_ex_tax: money,
    handling_cost_inc_tax: money,
    handling_cost_tax: money,
    country_iso2: text,
  })
  .loose();
export type BcShippingAddress = z.infer<typeof shippingAddressSchema>;

export const refundSchema = z
  .object({
    id: z.number().int(),
    order_id: z.number().int(),
    created: z.string(),
    reason: text,
    total_amount: z.number(),
    total_tax: z.number().nullish(),
    items: z.array(
      z
        .object({
          item_type: z.string(),
          item_id: z.number().int(),
          quantity: z.number().nullish(),
          requested_amount: z.union([z.number(), z.string()]).nullish(),
        })
        .loose(),
    ),
  })
  .loose();
export type BcRefund = z.infer<typeof refundSchema>;

export const transactionSchema = z
  .object({
    id: z.number().int(),
    order_id: z.union([z.string(), z.number()]),
    event: z.string(),
    method: text,
    amount: z.number(),
    currency: text,
    gateway: text,
    gateway_transaction_id: text,
    date_created: z.string(),
    status: text,
  })
  .loose();
export type BcTransaction = z.infer<typeof transactionSchema>;

/** An RFC-2822 or ISO date as YYYY-MM-DD (UTC, as BigCommerce prints it). */
export function isoDate(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? new Date().toISOString().slice(0, 10) : date.toISOString().slice(0, 10);
}
