import { z } from 'zod';
import { BcError } from './errors.ts';
import { adjust } from './inventory.ts';
import type { Order, Refund } from './model.ts';
import { cancelOrder, pay, placeOrder, setStatus, shipOrder } from './order-actions.ts';
import { AddressInput, OrderPost } from './order-input.ts';
import { quoteRefund, RefundItemInput } from './refund-quote.ts';
import { createRefund } from './refunds.ts';
import { STATUS } from './statuses.ts';
import type { Store } from './store.ts';
import { cents, v3Money } from './values.ts';

/**
 * What the shopper and the merchant do outside the API — check out, take payment, ship, refund
 * in the control panel, cancel, count stock — as levers for the page, `/__control` and tests.
 * Each goes through the same rules and fires the same webhooks as the API would.
 */

export const Checkout = z.object({
  customer_id: z.number().int().nonnegative().default(0),
  billing_address: AddressInput,
  shipping_address: AddressInput.optional(),
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })).min(1),
  coupon_code: z.string().optional(),
  shipping_method: z.string().default('Standard'),
  shipping_cost_inc_tax: z.number().nonnegative().default(0),
  /** A gateway payment taken at checkout; without one the order awaits payment. */
  payment: z
    .object({
      gateway: z.string().default('testgateway'),
      method: z.string().default('credit_card'),
      captured: z.boolean().default(true),
    })
    .optional(),
  /** Force a status (0 to play an abandoned checkout that still fires store/order/created). */
  status_id: z.number().int().min(0).max(14).optional(),
  customer_message: z.string().optional(),
  channel_id: z.number().int().positive().default(1),
  default_currency_code: z.string().optional(),
});
export type Checkout = z.input<typeof Checkout>;

/**
 * A storefront checkout: the order is created Incomplete (0) — `store/order/created` fires then —
 * and moves on when the payment step ends: to Awaiting Fulfillment through the gateway's capture
 * (statusUpdated 0 → 11, as the docs' example), or to the given status (Awaiting Payment for a bank
 * transfer). `status_id: 0` leaves it abandoned at the payment page.
 */
export function checkout(store: Store, raw: Checkout): Order {
  const c = Checkout.parse(raw);
  const products = c.lines.map((l) => {
    const v = store.variantBySku(l.sku);
    if (!v) throw new BcError(400, `No product has the SKU '${l.sku}'.`);
    return { product_id: v.productId, variant_id: v.id, quantity: l.quantity };
  });
  const shipping = c.shipping_address ?? c.billing_address;
  const body = OrderPost.parse({
    customer_id: c.customer_id,
    billing_address: c.billing_address,
    shipping_addresses: [{ ...shipping, shipping_method: c.shipping_method }],
    products,
    shipping_cost_inc_tax: c.shipping_cost_inc_tax,
    status_id: STATUS.incomplete,
    payment_method: c.payment ? c.payment.gateway : 'Bank Deposit',
    channel_id: c.channel_id,
    order_source: 'www',
    ...(c.customer_message === undefined ? {} : { customer_message: c.customer_message }),
    ...(c.default_currency_code === undefined ? {} : { default_currency_code: c.default_currency_code }),
  });
  const o = placeOrder(store, body, c.coupon_code ? { couponCode: c.coupon_code } : {});
  if (c.status_id === STATUS.incomplete) return o;
  if (c.payment) pay(store, o, c.payment);
  if (!c.payment || c.status_id !== undefined) setStatus(store, o, c.status_id ?? STATUS.awaitingPayment);
  return o;
}

export function orderOf(store: Store, id: number): Order {
  const o = store.order(id);
  if (!o) throw new BcError(404, `Order ${id} not found.`);
  return o;
}

export const StatusMove = z.object({ order_id: z.number().int(), status_id: z.number().int().min(0).max(14) });
export const PayOrder = z.object({
  order_id: z.number().int(),
  gateway: z.string().default('testgateway'),
  method: z.string().default('credit_card'),
  amount: z.number().positive().optional(),
  captured: z.boolean().default(true),
});
export const OrderRef = z.object({ order_id: z.number().int() });

export const moveStatus = (store: Store, b: z.infer<typeof StatusMove>): void =>
  setStatus(store, orderOf(store, b.order_id), b.status_id);

export const payOrder = (store: Store, b: z.infer<typeof PayOrder>) =>
  pay(store, orderOf(store, b.order_id), {
    gateway: b.gateway,
    method: b.method,
    captured: b.captured,
    ...(b.amount === undefined ? {} : { amount: cents(b.amount) }),
  });

export const ship = (store: Store, b: z.infer<typeof OrderRef>): void => shipOrder(store, orderOf(store, b.order_id));
export const cancel = (store: Store, b: z.infer<typeof OrderRef>): void =>
  cancelOrder(store, orderOf(store, b.order_id));

/** A control-panel refund: quote, then refund the quoted amount to the first method offered. */
export const MerchantRefund = z.object({
  order_id: z.number().int(),
  items: z.array(RefundItemInput).optional(),
  /** Shorthand: refund these order lines by quantity. */
  lines: z.array(z.object({ order_product_id: z.number().int(), quantity: z.number().int().positive() })).optional(),
  reason: z.string().optional(),
  provider_id: z.string().optional(),
});

export function merchantRefund(store: Store, b: z.infer<typeof MerchantRefund>): Refund {
  const o = orderOf(store, b.order_id);
  const items = [
    ...(b.items ?? []),
    ...(b.lines ?? []).map((l) => ({
      item_type: 'PRODUCT' as const,
      item_id: l.order_product_id,
      quantity: l.quantity,
    })),
  ];
  if (items.length === 0) throw new BcError(422, 'Nothing to refund: give items or lines.');
  const quote = quoteRefund(store, o, items);
  const method =
    quote.methods.find((m) => b.provider_id === undefined || m[0]?.provider_id === b.provider_id) ?? quote.methods[0];
  const option = method?.[0];
  if (!option) throw new BcError(422, `No refund method can take ${v3Money(quote.total)}.`);
  return createRefund(store, o, {
    items,
    payments: [{ provider_id: option.provider_id, amount: v3Money(quote.total), offline: option.offline }],
    ...(b.reason === undefined ? {} : { reason: b.reason }),
  });
}

export const StockSet = z.object({
  sku: z.string().optional(),
  product_id: z.number().int().optional(),
  quantity: z.number().int(),
  mode: z.enum(['absolute', 'relative']).default('absolute'),
  location_id: z.number().int().default(1),
});

/** The merchant counts stock in the control panel (an absolute adjustment, unless told relative). */
export function setStock(store: Store, b: z.infer<typeof StockSet>): { transaction_id: string } {
  const item = b.product_id !== undefined ? { product_id: b.product_id } : { sku: b.sku ?? '' };
  return adjust(store, b.mode, { items: [{ location_id: b.location_id, quantity: b.quantity, ...item }] });
}
