import type { Address, Order, Subscription } from './model.ts';
import type { OrderInput } from './order-input.ts';
import { changeStatus, paymentComplete } from './order-status.ts';
import { createOrder } from './orders.ts';
import { createRefund, refundRemainder } from './refunds.ts';
import { emptyAddress, type WooStore } from './store.ts';
import { phpRound } from './values.ts';

/**
 * The shop's own side, what a buyer and the shop manager do outside the REST API: check out
 * (`created_via: checkout`, then the gateway decides the status), change a status in the admin,
 * refund a line, and WooCommerce Subscriptions' parent and renewal orders. The page and
 * `/__control` both call these; each fires the same hooks the real actions fire.
 */

export type BuyerPreset = 'guest' | 'company' | 'de-private' | 'de-company';

const addr = (a: Partial<Address>, contact: boolean): Address => ({ ...emptyAddress(contact), ...a });

/** Demo buyers; e-mail addresses are on the reserved example domains. */
export const BUYERS: Record<BuyerPreset, { billing: Address; meta: Record<string, string> }> = {
  guest: {
    billing: addr(
      { first_name: 'Sven', last_name: 'Svensson', address_1: 'Storgatan 1', city: 'Stockholm', postcode: '111 22' },
      true,
    ),
    meta: {},
  },
  company: {
    billing: addr(
      { first_name: 'Karin', last_name: 'Berg', company: 'Acme Handel AB', address_1: 'Hamngatan 4', city: 'Göteborg' },
      true,
    ),
    meta: { _billing_vat_number: 'SE556677889901' },
  },
  'de-private': {
    billing: addr(
      { first_name: 'Lena', last_name: 'Schmidt', address_1: 'Torstraße 10', city: 'Berlin', postcode: '10119' },
      true,
    ),
    meta: {},
  },
  'de-company': {
    billing: addr(
      { first_name: 'Jonas', last_name: 'Müller', company: 'Müller GmbH', address_1: 'Zeil 5', city: 'Frankfurt' },
      true,
    ),
    meta: { _billing_vat_number: 'DE123456789', is_vat_exempt: 'yes' },
  },
};
const COUNTRY: Record<BuyerPreset, [string, string, string]> = {
  guest: ['SE', '111 22', 'sven@example.com'],
  company: ['SE', '411 05', 'ekonomi@acme.example'],
  'de-private': ['DE', '10119', 'lena@example.de'],
  'de-company': ['DE', '60313', 'einkauf@mueller.example'],
};

export const GATEWAYS: Record<string, string> = {
  stripe: 'Kort (Stripe)',
  klarna_payments: 'Klarna',
  swish: 'Swish',
  bacs: 'Direct bank transfer',
  cod: 'Cash on delivery',
};

export interface CheckoutInput {
  buyer?: BuyerPreset | undefined;
  billing?: Partial<Address> | undefined;
  customerId?: number | undefined;
  items: { sku?: string | undefined; productId?: number | undefined; quantity?: number | undefined }[];
  paymentMethod?: string | undefined;
  coupon?: string | undefined;
  shipping?: boolean | undefined;
  meta?: Record<string, string> | undefined;
}

function checkoutOrder(input: CheckoutInput): OrderInput {
  const preset = BUYERS[input.buyer ?? 'guest'];
  const [country, postcode, email] = COUNTRY[input.buyer ?? 'guest'];
  const billing = { ...preset.billing, country, postcode, email, ...input.billing };
  const { email: _e, phone: _p, ...shipping } = billing;
  const method = input.paymentMethod ?? 'stripe';
  return {
    customer_id: input.customerId ?? 0,
    billing,
    shipping,
    payment_method: method,
    payment_method_title: GATEWAYS[method] ?? method,
    meta_data: Object.entries({ ...preset.meta, ...input.meta }).map(([key, value]) => ({ key, value })),
    line_items: input.items.map((i) => ({
      ...(i.sku ? { sku: i.sku } : {}),
      ...(i.productId ? { product_id: i.productId } : {}),
      quantity: i.quantity ?? 1,
    })),
    coupon_lines: input.coupon ? [{ code: input.coupon }] : [],
    shipping_lines:
      input.shipping === false ? [] : [{ method_id: 'flat_rate:1', method_title: 'PostNord', total: '39.20' }],
  };
}

/** A checkout: pending, then the gateway: card-like ones pay at once, bank transfer waits on hold. */
export function checkout(store: WooStore, input: CheckoutInput, createdVia = 'checkout'): Order {
  const order = createOrder(store, checkoutOrder(input), {
    createdVia,
    customerIp: '192.0.2.10',
    customerUserAgent: 'Mozilla/5.0 (emulated shopper)',
  });
  for (const ship of order.shippingLines) {
    const items = order.lineItems.map((i) => `${i.name} &times; ${i.quantity}`).join(', ');
    ship.meta.push(store.meta('Items', items));
  }
  const method = order.paymentMethod;
  if (method === 'bacs') changeStatus(store, order, 'on-hold', 'Awaiting BACS payment');
  else if (method !== 'none') paymentComplete(store, order, `txn_${order.id}`);
  return order;
}

export function setStatus(store: WooStore, order: Order, status: string): void {
  if (changeStatus(store, order, status) && status === 'refunded') refundRemainder(store, order);
}

/** Refund `quantity` of one line, with its tax, through the gateway when it can refund. */
export function refundLine(store: WooStore, order: Order, itemId: number, quantity?: number, reason = ''): void {
  const item = order.lineItems.find((i) => i.id === itemId);
  if (!item) throw new Error(`order ${order.id} has no line ${itemId}`);
  const qty = quantity ?? item.quantity;
  const share = item.quantity === 0 ? 0 : qty / item.quantity;
  const apiRefund = store.opts.refundGateways.includes(order.paymentMethod);
  createRefund(
    store,
    order,
    {
      reason,
      api_refund: apiRefund,
      line_items: [
        {
          id: item.id,
          quantity: qty,
          refund_total: phpRound(item.total * share, 2),
          refund_tax: [...item.taxes.total].map(([id, t]) => ({ id, refund_total: phpRound(t * share, 2) })),
        },
      ],
    },
    1,
  );
}

/** WooCommerce Subscriptions: a parent order paid at checkout and the subscription it starts. */
export function subscribe(store: WooStore, input: CheckoutInput, period: 'month' | 'year' = 'month'): Subscription {
  const parent = checkout(store, { ...input, shipping: false });
  const sub: Subscription = {
    id: store.nextPostId(),
    parentOrderId: parent.id,
    customerId: parent.customerId,
    status: 'active',
    billingPeriod: period,
    nextPayment: store.now() + (period === 'month' ? 30 : 365) * 86_400_000,
    renewals: [],
  };
  store.subscriptions.set(sub.id, sub);
  store.setMeta(parent.meta, '_subscription_id', String(sub.id));
  return sub;
}

/** A renewal order as WCS makes it: a copy of the parent's lines, `_subscription_renewal` meta. */
export function renew(store: WooStore, sub: Subscription, paid: boolean | 'failed' = true): Order {
  const parent = store.orders.get(sub.parentOrderId);
  if (!parent) throw new Error(`subscription ${sub.id} lost its parent order`);
  const { quirks } = store.opts;
  const order = createOrder(
    store,
    {
      customer_id: parent.customerId,
      billing: { ...parent.billing },
      shipping: { ...parent.shipping },
      payment_method: parent.paymentMethod,
      payment_method_title: parent.paymentMethodTitle,
      meta_data: [
        ...parent.meta.filter((m) => ['_billing_vat_number', 'is_vat_exempt'].includes(m.key)),
        ...(quirks.renewalMeta === 'meta' ? [{ key: '_subscription_renewal', value: String(sub.id) }] : []),
      ],
      line_items: parent.lineItems.map((i) => ({
        product_id: i.variationId || i.productId,
        quantity: i.quantity,
        subtotal: String(i.subtotal),
        total: String(i.total),
      })),
    },
    { createdVia: quirks.renewalCreatedVia },
  );
  if (paid === true) paymentComplete(store, order, `txn_${order.id}`);
  else if (paid === 'failed') changeStatus(store, order, 'failed', 'Renewal payment failed.');
  sub.renewals.push(order.id);
  sub.nextPayment += (sub.billingPeriod === 'month' ? 30 : 365) * 86_400_000;
  return order;
}
