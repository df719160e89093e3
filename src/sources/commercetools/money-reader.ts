import type { Order, Payment, Transaction } from '@commercetools/platform-sdk';
import type { Line, SourceRef } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import type { Blocked, CreditRead, PaymentRead } from '../source.ts';
import { type CtApi, ctCall } from './client.ts';
import { literal, OBJECTS } from './ids.ts';
import { amountOf, perUnit, stockholmDay, vatPercent } from './money.ts';
import { localized, orderTitle } from './order-map.ts';

/**
 * Captures and refunds are transactions on a Payment; the Payment hangs off the order's
 * `paymentInfo`. Only `Success` transactions are money that moved: a Charge is a Fortnox payment
 * against the order's invoice, a Refund a credit of it — of the returned lines when a return adds
 * up to exactly the refunded amount, else of the amount alone.
 */

export interface Located {
  payment: Payment;
  transaction: Transaction;
  order: Order | undefined;
}

export async function locate(api: CtApi, transactionId: string): Promise<Located | undefined> {
  const page = await ctCall('finding the payment', () =>
    api
      .payments()
      .get({ queryArgs: { where: `transactions(id = ${literal(transactionId)})`, limit: 1 } })
      .execute(),
  );
  const payment = page?.results[0];
  const transaction = payment?.transactions.find((t) => t.id === transactionId);
  if (payment === undefined || transaction === undefined) return undefined;
  const orders = await ctCall('finding the order of the payment', () =>
    api
      .orders()
      .get({ queryArgs: { where: `paymentInfo(payments(id = ${literal(payment.id)}))`, limit: 1 } })
      .execute(),
  );
  return { payment, transaction, order: orders?.results[0] };
}

function blocked(code: string, title: string, message: string): Blocked {
  return { kind: 'blocked', code, title, message };
}

const succeeded = (p: Payment, type: Transaction['type']) =>
  p.transactions.filter((t) => t.type === type && t.state === 'Success');

function orderRef(ref: SourceRef, order: Order): SourceRef {
  return { system: ref.system, connection: ref.connection, object: OBJECTS.order, id: order.id };
}

/** The returned lines whose value equals the refund (to the cent), in the order's own prices. */
function returnedLines(order: Order, cents: number, locale: string): Line[] | undefined {
  for (const info of [...(order.returnInfo ?? [])].reverse()) {
    const lines: Line[] = [];
    let sum = 0;
    for (const item of info.items) {
      const line = order.lineItems.find((l) => l.id === (item as { lineItemId?: string }).lineItemId);
      if (line === undefined || line.quantity === 0) return undefined;
      const unitCents = line.totalPrice.centAmount / line.quantity;
      sum += unitCents * item.quantity;
      lines.push({
        sourceLineId: line.id,
        kind: 'product',
        description: localized(line.name, locale),
        quantity: item.quantity,
        unitPrice: perUnit(line.totalPrice.centAmount, line.quantity, line.totalPrice.fractionDigits),
        ...defined({ productCode: line.variant.sku }),
        ...(line.taxRate === undefined ? {} : { vatRate: vatPercent(line.taxRate.amount) }),
      });
    }
    if (Math.round(sum) === cents) return lines;
  }
  return undefined;
}

/** A refund that, with the refunds before it, gives back more than the payment captured. */
export function refundBeyondCapture(payment: Payment, transaction: Transaction, title: string): Blocked | undefined {
  const charged = succeeded(payment, 'Charge').reduce((s, t) => s + t.amount.centAmount, 0);
  const refunded = succeeded(payment, 'Refund');
  const upTo = refunded
    .slice(0, refunded.findIndex((t) => t.id === transaction.id) + 1)
    .reduce((s, t) => s + t.amount.centAmount, 0);
  if (upTo <= charged) return undefined;
  return blocked(
    'refund_without_capture',
    title,
    `The ${title} refunds ${amountOf(transaction.amount)} ${transaction.amount.currencyCode} that was never captured (captured: ${amountOf({ centAmount: charged, fractionDigits: transaction.amount.fractionDigits })}). Check the payment in commercetools; nothing is booked until the capture is recorded.`,
  );
}

export async function readRefund(api: CtApi, ref: SourceRef, locale: string, located?: Located): Promise<CreditRead> {
  const found = located ?? (await locate(api, ref.id));
  if (found === undefined) return { kind: 'gone' };
  const { payment, transaction, order } = found;
  const title = `refund of ${order === undefined ? `payment ${payment.id}` : orderTitle(order)}`;
  // Another type's transaction (a state change names none, so both readers are asked): not ours.
  if (transaction.type !== 'Refund') return { kind: 'gone' };
  if (transaction.state !== 'Success')
    return blocked('refund_not_done', title, `The ${title} is ${transaction.state}; it is credited once it succeeds.`);
  if (order === undefined)
    return blocked(
      'refund_without_order',
      title,
      `The refund on payment ${payment.id} belongs to no order, so there is no invoice to credit. Add the payment to its order in commercetools.`,
    );
  const beyond = refundBeyondCapture(payment, transaction, title);
  if (beyond !== undefined) return beyond;
  const included = order.lineItems.every((l) => l.taxRate?.includedInPrice !== false);
  const lines = included ? returnedLines(order, transaction.amount.centAmount, locale) : undefined;
  return {
    kind: 'credit',
    credit: {
      source: ref,
      original: orderRef(ref, order),
      title,
      currency: transaction.amount.currencyCode,
      date: stockholmDay(transaction.timestamp ?? payment.lastModifiedAt),
      ...(lines === undefined ? { amount: amountOf(transaction.amount) } : { lines }),
      pricesIncludeVat: true,
      ...(order.orderNumber === undefined ? {} : { reason: `Refund, order ${order.orderNumber}` }),
    },
  };
}

export async function readCapture(api: CtApi, ref: SourceRef, located?: Located): Promise<PaymentRead> {
  const found = located ?? (await locate(api, ref.id));
  if (found === undefined) return { kind: 'gone' };
  const { payment, transaction, order } = found;
  const title = `capture of ${order === undefined ? `payment ${payment.id}` : orderTitle(order)}`;
  if (transaction.type !== 'Charge') return { kind: 'gone' };
  if (transaction.state !== 'Success')
    return blocked(
      'capture_not_done',
      title,
      `The ${title} is ${transaction.state}; it is registered once it succeeds.`,
    );
  if (order === undefined)
    return blocked(
      'capture_without_order',
      title,
      `The capture on payment ${payment.id} belongs to no order, so there is no invoice to pay. Add the payment to its order in commercetools.`,
    );
  const info = payment.paymentMethodInfo;
  return {
    kind: 'payment',
    payment: {
      source: ref,
      document: orderRef(ref, order),
      method: [info.paymentInterface, info.method].filter(Boolean).join(':') || 'unknown',
      amount: amountOf(transaction.amount),
      currency: transaction.amount.currencyCode,
      date: stockholmDay(transaction.timestamp ?? payment.lastModifiedAt),
      reference: transaction.interactionId ?? transaction.id,
    },
  };
}
