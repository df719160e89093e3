import { z } from 'zod';
import { invalidParams } from './errors.ts';
import { ORDER_STATUSES } from './model.ts';

/**
 * Request bodies for orders, parsed the way the REST server treats them: unknown keys are ignored
 * (WordPress drops what the schema does not name), typed arguments are checked and a wrong one is
 * one `rest_invalid_param` 400 naming it. Money may come as a string or a number.
 */

const Money = z.union([z.string(), z.number()]);
const Int = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

export const AddressIn = z
  .object({
    first_name: z.string(),
    last_name: z.string(),
    company: z.string(),
    address_1: z.string(),
    address_2: z.string(),
    city: z.string(),
    state: z.string(),
    postcode: z.string(),
    country: z.string(),
    email: z.string(),
    phone: z.string(),
  })
  .partial();

export const MetaIn = z.object({ id: Int.optional(), key: z.string(), value: z.unknown() });

export const LineIn = z.object({
  id: Int.optional(),
  product_id: Int.optional(),
  variation_id: Int.optional(),
  sku: z.string().optional(),
  name: z.string().optional(),
  quantity: z.number().int().optional(),
  subtotal: Money.optional(),
  total: Money.optional(),
  meta_data: z.array(MetaIn).optional(),
});

export const ShippingIn = z.object({
  id: Int.optional(),
  method_id: z.string().optional(),
  method_title: z.string().optional(),
  total: Money.optional(),
  meta_data: z.array(MetaIn).optional(),
});

export const FeeIn = z.object({
  id: Int.optional(),
  name: z.string().optional(),
  total: Money.optional(),
  tax_status: z.enum(['taxable', 'none']).optional(),
  tax_class: z.string().optional(),
});

export const CouponIn = z.object({ id: Int.optional(), code: z.string().optional() });

export const OrderIn = z.object({
  parent_id: Int.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  currency: z.string().optional(),
  customer_id: Int.optional(),
  customer_note: z.string().optional(),
  billing: AddressIn.optional(),
  shipping: AddressIn.optional(),
  payment_method: z.string().optional(),
  payment_method_title: z.string().optional(),
  transaction_id: z.string().optional(),
  set_paid: z.boolean().optional(),
  meta_data: z.array(MetaIn).optional(),
  line_items: z.array(LineIn).optional(),
  shipping_lines: z.array(ShippingIn).optional(),
  fee_lines: z.array(FeeIn).optional(),
  coupon_lines: z.array(CouponIn).optional(),
});
export type OrderInput = z.infer<typeof OrderIn>;

export const RefundIn = z.object({
  amount: Money.optional(),
  reason: z.string().optional(),
  refunded_by: Int.optional(),
  meta_data: z.array(MetaIn).optional(),
  api_refund: z.boolean().optional(),
  api_restock: z.boolean().optional(),
  line_items: z
    .array(
      z.object({
        id: Int,
        quantity: z.number().optional(),
        refund_total: Money.optional(),
        refund_tax: z.array(z.object({ id: Int, refund_total: Money.optional() })).optional(),
      }),
    )
    .optional(),
});
export type RefundInput = z.infer<typeof RefundIn>;

/** Parses a body or throws the 400 WordPress would answer, naming each bad top-level parameter. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? 'body');
    if (problems[name]) continue;
    if (issue.code === 'invalid_value' && 'values' in issue) {
      problems[name] = `${name} is not one of ${issue.values.join(', ')}.`;
    } else if (issue.code === 'invalid_type') {
      problems[name] =
        `${[name, ...issue.path.slice(1)].join('[')}${issue.path.length > 1 ? ']'.repeat(issue.path.length - 1) : ''} is not of type ${issue.expected}.`;
    } else problems[name] = `${name} is invalid.`;
  }
  throw invalidParams(problems);
}
