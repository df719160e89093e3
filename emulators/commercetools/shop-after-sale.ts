import type { Order, Payment, Transaction } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { invalidOperation } from './errors.ts';
import { type Internal, PSP_CONNECTOR, updateVia } from './internal.ts';
import { PAGE_ACTOR } from './state.ts';

/**
 * After the sale: the PSP connector captures (a successful `Charge`, and the order's payment state
 * moves to `Paid` once all is captured) or refunds (a successful `Refund`, never more than was
 * charged and not yet refunded); the merchant registers returns and cancels (releasing an
 * authorization that was never captured).
 */

const sum = (txs: readonly Transaction[], type: Transaction['type']): number =>
  txs.filter((t) => t.type === type && t.state === 'Success').reduce((s, t) => s + t.amount.centAmount, 0);

function paymentOf(env: Internal, order: Order): Payment {
  const ref = order.paymentInfo?.payments[0];
  const payment = ref ? env.project.payments.get(ref.id) : undefined;
  if (!payment) throw invalidOperation(`Order ${order.orderNumber ?? order.id} has no payment.`);
  return payment;
}

/** The PSP connector records a successful Charge and moves the order's payment state. */
export function capture(env: Internal, orderId: string, amount?: number): Order {
  const order = env.project.orders.mustGet(orderId);
  const payment = paymentOf(env, order);
  const open = payment.amountPlanned.centAmount - sum(payment.transactions, 'Charge');
  const cents = amount ?? open;
  if (cents <= 0 || cents > open)
    throw invalidOperation(`Nothing (or less than ${cents}) left to capture: ${open} open.`);
  const money = { currencyCode: payment.amountPlanned.currencyCode, centAmount: cents };
  updateVia(
    env,
    'payments',
    payment.id,
    [
      {
        action: 'addTransaction',
        transaction: { type: 'Charge', amount: money, state: 'Success', timestamp: env.project.now() },
      },
    ],
    PSP_CONNECTOR,
  );
  const paymentState = cents === open ? 'Paid' : 'Pending';
  return updateVia<Order>(env, 'orders', orderId, [{ action: 'changePaymentState', paymentState }], PSP_CONNECTOR)
    .resource;
}

/** The PSP connector records a successful Refund (never more than was charged and not yet refunded). */
export function refund(env: Internal, orderId: string, amount?: number): Order {
  const order = env.project.orders.mustGet(orderId);
  const payment = paymentOf(env, order);
  const refundable = sum(payment.transactions, 'Charge') - sum(payment.transactions, 'Refund');
  const cents = amount ?? refundable;
  if (cents <= 0 || cents > refundable) throw invalidOperation(`Cannot refund ${cents}: ${refundable} is refundable.`);
  const money = { currencyCode: payment.amountPlanned.currencyCode, centAmount: cents };
  updateVia(
    env,
    'payments',
    payment.id,
    [
      {
        action: 'addTransaction',
        transaction: { type: 'Refund', amount: money, state: 'Success', timestamp: env.project.now() },
      },
    ],
    PSP_CONNECTOR,
  );
  return env.project.orders.mustGet(orderId);
}

export const ReturnSpec = z.object({
  items: z
    .array(
      z.object({
        lineItemId: z.string().optional(),
        sku: z.string().optional(),
        quantity: z.number().int().positive(),
      }),
    )
    .optional(),
  shipmentState: z.enum(['Advised', 'Returned', 'BackInStock', 'Unusable']).default('Returned'),
});

/** The merchant registers a return (default: everything not yet returned). */
export function addReturn(env: Internal, orderId: string, input: z.input<typeof ReturnSpec> = {}): Order {
  const spec = ReturnSpec.parse(input);
  const order = env.project.orders.mustGet(orderId);
  const done = (id: string) =>
    (order.returnInfo ?? [])
      .flatMap((r) => r.items)
      .reduce((s, i) => s + ((i as { lineItemId?: string }).lineItemId === id ? i.quantity : 0), 0);
  const wanted: Array<{ lineItemId?: string; sku?: string; quantity: number }> =
    spec.items ?? order.lineItems.map((l) => ({ lineItemId: l.id, quantity: l.quantity - done(l.id) }));
  const items = wanted
    .map((i) => ({
      lineItemId: i.lineItemId ?? order.lineItems.find((l) => l.variant.sku === i.sku)?.id,
      quantity: i.quantity,
      shipmentState: spec.shipmentState,
    }))
    .filter((i) => i.quantity > 0);
  if (items.length === 0) throw invalidOperation('Everything has been returned already.');
  return updateVia<Order>(
    env,
    'orders',
    orderId,
    [{ action: 'addReturnInfo', items, returnDate: env.project.now() }],
    PAGE_ACTOR,
  ).resource;
}

/** The merchant cancels; an authorization never captured is released. */
export function cancel(env: Internal, orderId: string): Order {
  const order = env.project.orders.mustGet(orderId);
  const ref = order.paymentInfo?.payments[0];
  const payment = ref ? env.project.payments.get(ref.id) : undefined;
  if (
    payment &&
    sum(payment.transactions, 'Charge') === 0 &&
    sum(payment.transactions, 'Authorization') > 0 &&
    sum(payment.transactions, 'CancelAuthorization') === 0
  ) {
    const money = {
      currencyCode: payment.amountPlanned.currencyCode,
      centAmount: sum(payment.transactions, 'Authorization'),
    };
    updateVia(
      env,
      'payments',
      payment.id,
      [
        {
          action: 'addTransaction',
          transaction: { type: 'CancelAuthorization', amount: money, state: 'Success', timestamp: env.project.now() },
        },
      ],
      PSP_CONNECTOR,
    );
  }
  return updateVia<Order>(env, 'orders', orderId, [{ action: 'changeOrderState', orderState: 'Cancelled' }], PAGE_ACTOR)
    .resource;
}
