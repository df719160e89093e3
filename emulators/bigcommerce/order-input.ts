import { z } from 'zod';

/**
 * The body of `POST /v2/orders` and `PUT /v2/orders/{id}` [BC-O2 order_Post, order_Put]. V2
 * money is "Float, Float-As-String, Integer"; unknown fields are ignored (what the real API does
 * with them is not documented). Required on create: `products` and `billing_address`.
 */
const Money = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform(Number);

export const AddressInput = z
  .object({
    first_name: z.string().default(''),
    last_name: z.string().default(''),
    company: z.string().default(''),
    street_1: z.string().default(''),
    street_2: z.string().default(''),
    city: z.string().default(''),
    state: z.string().default(''),
    zip: z.string().default(''),
    country: z.string().default(''),
    country_iso2: z.string().default(''),
    phone: z.string().default(''),
    email: z.string().default(''),
    form_fields: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  })
  .loose();
export type AddressInput = z.infer<typeof AddressInput>;

export const ShippingAddressInput = AddressInput.extend({ shipping_method: z.string().optional() });

export const LineInput = z
  .object({
    product_id: z.number().int().positive().optional(),
    variant_id: z.number().int().positive().optional(),
    product_options: z.array(z.object({ id: z.number().int(), value: z.string() })).optional(),
    name: z.string().optional(),
    sku: z.string().optional(),
    upc: z.string().optional(),
    quantity: z.number().int().min(1).default(1),
    price_inc_tax: Money.optional(),
    price_ex_tax: Money.optional(),
  })
  .loose()
  .refine((l) => l.product_id !== undefined || l.name !== undefined, {
    message: 'a product needs product_id (catalog) or name (custom product)',
  });
export type LineInput = z.infer<typeof LineInput>;

export const FeeInput = z
  .object({
    type: z.string().default('custom_fee'),
    display_name_customer: z.string().optional(),
    display_name_merchant: z.string().optional(),
    source: z.string().default(''),
    cost_ex_tax: Money.optional(),
    cost_inc_tax: Money.optional(),
    cost_tax: Money.optional(),
    tax_class_id: z.number().int().nullable().default(null),
  })
  .loose();
export type FeeInput = z.infer<typeof FeeInput>;

const Shared = {
  customer_id: z.number().int().nonnegative().default(0),
  status_id: z.number().int().min(0).max(14).optional(),
  channel_id: z.number().int().positive().default(1),
  payment_method: z.string().optional(),
  payment_provider_id: z.string().optional(),
  staff_notes: z.string().optional(),
  customer_message: z.string().optional(),
  discount_amount: Money.optional(),
  shipping_cost_ex_tax: Money.optional(),
  shipping_cost_inc_tax: Money.optional(),
  handling_cost_ex_tax: Money.optional(),
  handling_cost_inc_tax: Money.optional(),
  external_source: z.string().nullable().optional(),
  external_id: z.string().nullable().optional(),
  external_order_id: z.string().optional(),
  default_currency_code: z.string().optional(),
  date_created: z.string().optional(),
  ip_address: z.string().optional(),
  customer_locale: z.string().optional(),
  order_source: z.string().optional(),
};

export const OrderPost = z
  .object({
    ...Shared,
    billing_address: AddressInput,
    shipping_addresses: z.array(ShippingAddressInput).default([]),
    products: z.array(LineInput).min(1),
    fees: z.array(FeeInput).default([]),
  })
  .loose();
export type OrderPost = z.infer<typeof OrderPost>;

/**
 * PUT changes what it names. Only fields that do not reprice the order are applied here: the
 * real PUT "clears all discounts and promotions applied to the changed order line items" [BC-O2],
 * which a sync must never trigger, so line edits are refused rather than half-emulated.
 */
export const OrderPut = z
  .object({
    status_id: z.number().int().min(0).max(14).optional(),
    staff_notes: z.string().optional(),
    customer_message: z.string().optional(),
    payment_method: z.string().optional(),
    external_id: z.string().nullable().optional(),
    external_order_id: z.string().optional(),
    is_deleted: z.boolean().optional(),
    billing_address: AddressInput.partial().optional(),
    products: z.array(z.unknown()).optional(),
  })
  .loose();
export type OrderPut = z.infer<typeof OrderPut>;

/** Extensions a shopper's checkout has (the page and the `/__control/orders` lever), not the API. */
export const CheckoutExtras = z.object({
  coupon_code: z.string().optional(),
  /** Mark it paid through a gateway: a capture transaction with this gateway and method. */
  payment: z
    .object({
      gateway: z.string().default('testgateway'),
      method: z.string().default('credit_card'),
      captured: z.boolean().default(true),
    })
    .optional(),
});
