import { randomBytes } from 'node:crypto';
import { BcError } from './errors.ts';
import type { Order, Transaction } from './model.ts';
import { buildOrder } from './order-build.ts';
import type { OrderPost, OrderPut } from './order-input.ts';
import { refundable, totals } from './order-totals.ts';
import { isStatusId, paymentStatusAfter, STATUS } from './statuses.ts';
import { moveStockForOrder } from './stock.ts';
import type { Store } from './store.ts';
import type { Cents } from './values.ts';

/**
 * Everything that changes an order, and the webhooks each change fires: every change bumps
 * `date_modified` and fires `store/order/updated`; a status move also fires `statusUpdated` with
 * the previous and new ids [reference E6]. `store/order/created` fires for every new order, also
 * Incomplete (0) and failed-payment ones [bigcommerce/docs PR #175].
 */

function touched(store: Store, o: Order): void {
  o.modified = store.now();
  store.fire('store/order/updated', { type: 'order', id: o.id }, o.channelId);
}

const TAKES_NO_STOCK = new Set<number>([STATUS.incomplete, STATUS.declined, STATUS.cancelled]);
const GIVES_STOCK_BACK = new Set<number>([STATUS.cancelled, STATUS.refunded]);

export function setStatus(store: Store, o: Order, statusId: number): void {
  if (!isStatusId(statusId)) throw new BcError(400, `The field 'status_id' is invalid: ${statusId}.`);
  const previous = o.statusId;
  if (previous === statusId) return;
  const restock = store.env.opts.quirks.restockOnCancelOrRefund;
  if (restock && GIVES_STOCK_BACK.has(statusId) && !GIVES_STOCK_BACK.has(previous) && !TAKES_NO_STOCK.has(previous)) {
    moveStockForOrder(store, o.lines, 1); // partial refunds never restocked, so all of it comes back now
  } else if (TAKES_NO_STOCK.has(previous) && !TAKES_NO_STOCK.has(statusId) && !GIVES_STOCK_BACK.has(statusId)) {
    moveStockForOrder(store, o.lines, -1); // an incomplete checkout completed: now it takes stock
  }
  o.statusId = statusId;
  o.paymentStatus = paymentStatusAfter(statusId, o.paymentStatus);
  store.fire(
    'store/order/statusUpdated',
    { type: 'order', id: o.id, status: { previous_status_id: previous, new_status_id: statusId } },
    o.channelId,
  );
  touched(store, o);
}

export function recordTransaction(
  store: Store,
  o: Order,
  t: Omit<Transaction, 'id' | 'orderId' | 'created'>,
): Transaction {
  const tx: Transaction = { ...t, id: store.next('transaction', 1), orderId: o.id, created: store.now() };
  store.transactions.push(tx);
  store.fire('store/order/transaction/created', {
    type: 'transaction',
    order_id: String(o.id),
    transaction_id: String(tx.id),
    transaction_status: tx.status === 'ok' ? 'complete' : 'error',
    transaction_type: tx.event,
    platform_transaction_id: String(tx.id),
    provider_transaction_id: tx.gatewayTransactionId,
  });
  return tx;
}

export interface Payment {
  gateway: string;
  method: string;
  /** Cents; the open amount when absent. */
  amount?: Cents;
  captured: boolean;
}

/** A gateway payment: a capture (or authorization) transaction; a paid order awaits fulfillment. */
export function pay(store: Store, o: Order, p: Payment): Transaction {
  const paid = store.transactions
    .filter((t) => t.orderId === o.id && (t.event === 'capture' || t.event === 'purchase'))
    .reduce((a, t) => a + t.amount, 0);
  const amount = p.amount ?? totals(o).totalInc - paid;
  if (amount <= 0) throw new BcError(422, `Order ${o.id} has nothing left to pay.`);
  const tx = recordTransaction(store, o, {
    event: p.captured ? 'capture' : 'authorization',
    method: p.method,
    amount,
    currency: o.defaultCurrencyCode,
    gateway: p.gateway,
    gatewayTransactionId: randomBytes(8).toString('hex'),
    status: 'ok',
  });
  o.paymentMethod = p.gateway === 'testgateway' ? 'Test Payment Gateway' : p.gateway;
  o.paymentProviderId = tx.gatewayTransactionId;
  o.paymentStatus = p.captured ? 'captured' : 'authorized';
  const open = new Set<number>([STATUS.incomplete, STATUS.pending, STATUS.awaitingPayment]);
  if (open.has(o.statusId)) setStatus(store, o, STATUS.awaitingFulfillment);
  else touched(store, o);
  return tx;
}

export function placeOrder(
  store: Store,
  body: OrderPost,
  extras: { couponCode?: string; payment?: Payment } = {},
): Order {
  const o = buildOrder(store, body, extras.couponCode);
  if (!TAKES_NO_STOCK.has(o.statusId)) moveStockForOrder(store, o.lines, -1);
  store.orders.set(o.id, o);
  store.fire('store/order/created', { type: 'order', id: o.id }, o.channelId);
  if (extras.payment) pay(store, o, extras.payment);
  return o;
}

/** The fields a PUT may change; line edits are refused (see `OrderPut`). */
export function updateOrder(store: Store, o: Order, put: OrderPut): void {
  if (put.products !== undefined) {
    throw new BcError(400, 'Editing order lines is not emulated: a PUT with products clears their discounts.');
  }
  if (put.is_deleted === true) return archiveOrder(store, o);
  if (put.staff_notes !== undefined) o.staffNotes = put.staff_notes;
  if (put.customer_message !== undefined) o.customerMessage = put.customer_message;
  if (put.payment_method !== undefined) o.paymentMethod = put.payment_method;
  if (put.external_id !== undefined) o.externalId = put.external_id;
  if (put.external_order_id !== undefined) o.externalOrderId = put.external_order_id;
  if (put.billing_address) o.billing = { ...o.billing, ...put.billing_address };
  if (put.status_id !== undefined && put.status_id !== o.statusId) setStatus(store, o, put.status_id);
  else touched(store, o);
}

export function archiveOrder(store: Store, o: Order): void {
  o.archived = true;
  o.modified = store.now();
  store.fire('store/order/archived', { type: 'order', id: o.id }, o.channelId);
}

/** "Ship items": every line shipped, the order Shipped. */
export function shipOrder(store: Store, o: Order): void {
  for (const l of o.lines) l.quantityShipped = l.quantity - l.quantityRefunded;
  o.shipped = store.now();
  setStatus(store, o, STATUS.shipped);
}

export function cancelOrder(store: Store, o: Order): void {
  if (o.statusId === STATUS.cancelled) throw new BcError(422, `Order ${o.id} is already cancelled.`);
  setStatus(store, o, STATUS.cancelled);
}

/** After a refund: the refunded amount, status 4 or 14 and the payment status follow [reference E7]. */
export function afterRefund(store: Store, o: Order): void {
  const status = refundable(o) <= 0 ? STATUS.refunded : STATUS.partiallyRefunded;
  if (status !== o.statusId) setStatus(store, o, status);
  else touched(store, o);
  o.paymentStatus = status === STATUS.refunded ? 'refunded' : 'partially refunded';
}
