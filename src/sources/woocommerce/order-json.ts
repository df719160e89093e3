import { z } from 'zod';

/**
 * The parts of WooCommerce's REST order (and refund) JSON the adapter reads. Money is as the API
 * mixes it — 2-decimal strings for totals, unrounded strings per tax rate — so it is kept as text
 * here and turned into numbers in one place (`order-read.ts`). Unknown fields are ignored.
 */

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');
const amount = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? '0' : String(v)));
const meta = z.array(z.object({ key: z.string(), value: z.unknown() })).default([]);
const taxes = z.array(z.object({ id: z.number(), total: amount, subtotal: amount })).default([]);

export const wooAddress = z.object({
  first_name: text,
  last_name: text,
  company: text,
  address_1: text,
  address_2: text,
  city: text,
  postcode: text,
  country: text,
  email: text,
  phone: text,
});

const lineItem = z.object({
  id: z.number(),
  name: text,
  sku: text,
  quantity: z.number(),
  subtotal: amount,
  subtotal_tax: amount,
  total: amount,
  total_tax: amount,
  taxes,
  meta_data: meta,
});

const otherLine = z.object({
  id: z.number(),
  total: amount,
  total_tax: amount,
  taxes,
});

export const wooOrderJson = z.object({
  id: z.number(),
  number: z.string(),
  status: z.string(),
  currency: z.string(),
  created_via: text,
  date_created: z.string(),
  date_modified_gmt: text,
  date_paid: z.string().nullish(),
  total: amount,
  prices_include_tax: z.boolean(),
  customer_id: z.number().default(0),
  billing: wooAddress,
  payment_method: text,
  transaction_id: text,
  meta_data: meta,
  line_items: z.array(lineItem).default([]),
  shipping_lines: z.array(otherLine.extend({ method_title: text })).default([]),
  fee_lines: z.array(otherLine.extend({ name: text })).default([]),
  refunds: z.array(z.object({ id: z.number(), total: amount })).default([]),
});

export type WooOrderJson = z.infer<typeof wooOrderJson>;
export type WooLineItem = z.infer<typeof lineItem>;

export const wooRefundJson = z.object({
  id: z.number(),
  date_created: z.string(),
  amount,
  reason: text,
  line_items: z.array(lineItem).default([]),
});

export type WooRefundJson = z.infer<typeof wooRefundJson>;

export const wooTaxRate = z.object({ id: z.number(), country: text, rate: amount, name: text, class: text });
export type WooTaxRate = z.infer<typeof wooTaxRate>;

export function metaValue(
  list: readonly { key: string; value: unknown }[],
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const found = list.find((m) => m.key === key)?.value;
    if (typeof found === 'string' && found.trim() !== '') return found.trim();
    if (typeof found === 'number') return String(found);
  }
  return undefined;
}
