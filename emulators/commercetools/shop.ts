import type { Cart, Order, Payment } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { AddressDraft, OrderState, PaymentState, ShipmentState, TaxMode } from './drafts.ts';
import { createVia, type Internal, PSP_CONNECTOR, STOREFRONT, updateVia } from './internal.ts';
import { type Actor, applyActions } from './repo.ts';
import { PAGE_ACTOR } from './state.ts';

/**
 * What the shop page and `/__control` do in one step: a shopper places an order (cart → order, paid
 * by card: a Payment with a successful Authorization), the PSP connector captures or refunds, the
 * merchant registers a return or cancels. Each step is made of ordinary API changes, so the source
 * sees exactly the messages, versions and states a real shop would produce.
 */

export const PlaceOrder = z.object({
  store: z.string().default('se'),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive().default(1) })).min(1),
  customerId: z.string().optional(),
  customerEmail: z.string().optional(),
  businessUnit: z.string().optional(),
  shippingAddress: AddressDraft.optional(),
  billingAddress: AddressDraft.optional(),
  shipping: z.boolean().default(true),
  taxMode: TaxMode.default('Platform'),
  orderNumber: z.string().optional(),
  payment: z
    .union([
      z.literal(false),
      z.object({ paymentInterface: z.string().default('STRIPE'), method: z.string().default('CREDIT_CARD') }),
    ])
    .default({ paymentInterface: 'STRIPE', method: 'CREDIT_CARD' }),
});
export type PlaceOrder = z.input<typeof PlaceOrder>;

const CURRENCY: Record<string, string> = { SE: 'SEK', DE: 'EUR', NO: 'NOK', DK: 'DKK', FI: 'EUR', US: 'USD' };
const GUEST_ADDRESS: Record<string, z.infer<typeof AddressDraft>> = {
  SE: {
    firstName: 'Erik',
    lastName: 'Lind',
    streetName: 'Drottninggatan',
    streetNumber: '12',
    postalCode: '411 14',
    city: 'Göteborg',
    country: 'SE',
  },
  DE: {
    firstName: 'Lena',
    lastName: 'Schmidt',
    streetName: 'Hauptstraße',
    streetNumber: '5',
    postalCode: '10115',
    city: 'Berlin',
    country: 'DE',
  },
};

export function placeOrder(env: Internal, input: PlaceOrder): Order {
  const spec = PlaceOrder.parse(input);
  const p = env.project;
  const store = p.resolve(p.stores, { key: spec.store });
  const country = store.countries[0]?.code ?? 'SE';
  const currency = CURRENCY[country] ?? p.settings.currencies[0] ?? 'EUR';
  const customer = spec.customerId ? p.resolve(p.customers, { id: spec.customerId }) : undefined;
  const own = customer?.addresses.find((a) => a.id === customer.defaultShippingAddressId);
  const address = spec.shippingAddress ?? own ?? GUEST_ADDRESS[country] ?? { country };
  const shipping = spec.shipping ? p.shippingMethods.find((m) => m.isDefault) : undefined;
  const cart = createVia<Cart>(
    env,
    'carts',
    {
      currency,
      country,
      ...(customer ? { customerId: customer.id } : {}),
      customerEmail:
        spec.customerEmail ?? customer?.email ?? `guest-${p.orders.size() + 1}@example.${country.toLowerCase()}`,
      ...(spec.businessUnit ? { businessUnit: { key: spec.businessUnit } } : {}),
      lineItems: spec.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      shippingAddress: address,
      billingAddress: spec.billingAddress ?? address,
      ...(shipping ? { shippingMethod: { id: shipping.id } } : {}),
      taxMode: spec.taxMode,
    },
    STOREFRONT,
    store.key,
  );
  const orderNumber = spec.orderNumber ?? `${store.key.toUpperCase()}-${10001 + p.orders.size()}`;
  const order = createVia<Order>(
    env,
    'orders',
    { cart: { id: cart.id, typeId: 'cart' }, version: cart.version, orderNumber },
    STOREFRONT,
    store.key,
  );
  if (spec.payment === false) return order;
  const amount = order.taxedPrice?.totalGross ?? order.totalPrice;
  const payment = createVia<Payment>(
    env,
    'payments',
    {
      amountPlanned: { currencyCode: amount.currencyCode, centAmount: amount.centAmount },
      paymentMethodInfo: {
        paymentInterface: spec.payment.paymentInterface,
        method: spec.payment.method,
        name: { en: 'Card' },
      },
      transactions: [
        {
          type: 'Authorization',
          amount: { currencyCode: amount.currencyCode, centAmount: amount.centAmount },
          state: 'Success',
          timestamp: p.now(),
          interactionId: `auth_${order.id.slice(0, 8)}`,
        },
      ],
    },
    PSP_CONNECTOR,
  );
  return updateVia<Order>(
    env,
    'orders',
    order.id,
    [
      { action: 'addPayment', payment: { id: payment.id } },
      { action: 'changePaymentState', paymentState: 'Pending' },
    ],
    STOREFRONT,
  ).resource;
}

export const StateSpec = z.object({
  orderState: OrderState.optional(),
  paymentState: PaymentState.optional(),
  shipmentState: ShipmentState.optional(),
});

export function setStates(env: Internal, orderId: string, input: z.input<typeof StateSpec>): Order {
  const s = StateSpec.parse(input);
  const actions = [
    ...(s.orderState ? [{ action: 'changeOrderState', orderState: s.orderState }] : []),
    ...(s.paymentState ? [{ action: 'changePaymentState', paymentState: s.paymentState }] : []),
    ...(s.shipmentState ? [{ action: 'changeShipmentState', shipmentState: s.shipmentState }] : []),
  ];
  return updateVia<Order>(env, 'orders', orderId, actions, PAGE_ACTOR).resource;
}

/** Another integration writes to the order (version + 1, no message): the next write at the old version gets a 409. */
export function touch(
  env: Internal,
  orderId: string,
  actor: Actor = { clientId: 'other-integration', isPlatformClient: false },
): Order {
  const order = env.project.orders.mustGet(orderId);
  const { next } = applyActions(order, { version: order.version, actions: [{ action: 'touch' }] }, (x) => x, {
    now: env.project.now(),
    actor,
  });
  env.project.orders.replace(next);
  return next;
}

/** What the service wrote back (`updateSyncInfo`), with channel keys. */
export function syncInfo(env: Internal, orderId: string) {
  const order = env.project.orders.mustGet(orderId);
  return order.syncInfo.map((s) => ({
    channel: env.project.channels.get(s.channel.id)?.key ?? s.channel.id,
    externalId: s.externalId,
    syncedAt: s.syncedAt,
  }));
}
