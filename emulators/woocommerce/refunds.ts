import { WooError } from './errors.ts';
import type { Order, Refund } from './model.ts';
import type { RefundInput } from './order-input.ts';
import { addNote, changeStatus } from './order-status.ts';
import { orderTotals } from './pricing.ts';
import type { WooStore } from './store.ts';
import { decimal, phpRound } from './values.ts';

/**
 * `wc_create_refund` behind `POST /orders/{id}/refunds`, as RestApiUtil and the v3 controller
 * prepare it: `line_items[{id, quantity, refund_total, refund_tax[{id, refund_total}]}]` keyed by item,
 * `amount` computed from them when absent (and winning over them when given), refused when negative
 * or above what is left; `api_refund` (default true) asks the gateway, which must exist and support
 * refunds, or nothing is stored and the answer is a 500. A full refund moves the order to `refunded`.
 */

const CORE_GATEWAYS = ['bacs', 'cheque', 'cod'];
const cannotCreate = (message: string): WooError =>
  new WooError(500, 'woocommerce_rest_cannot_create_order_refund', message);

export function refundedTotal(store: WooStore, order: Order): number {
  return order.refunds.reduce((s, id) => s + (store.refunds.get(id)?.amount ?? 0), 0);
}

export function remainingRefundAmount(store: WooStore, order: Order): number {
  return phpRound(orderTotals(order).total - refundedTotal(store, order), 2);
}

function amountFromLines(lines: NonNullable<RefundInput['line_items']>): number | undefined {
  let sum = 0;
  for (const l of lines) {
    if (l.refund_total === undefined) return undefined;
    sum += decimal(l.refund_total);
    for (const t of l.refund_tax ?? []) sum += decimal(t.refund_total);
  }
  return lines.length === 0 ? undefined : sum;
}

function refundItems(
  store: WooStore,
  order: Order,
  lines: NonNullable<RefundInput['line_items']>,
): Refund['lineItems'] {
  const out: Refund['lineItems'] = [];
  for (const l of lines) {
    const item = order.lineItems.find((i) => i.id === l.id);
    const qty = l.quantity ?? 0;
    const total = decimal(l.refund_total);
    const taxes = (l.refund_tax ?? []).filter((t) => decimal(t.refund_total) !== 0);
    if (!item || (qty === 0 && total === 0 && taxes.length === 0)) continue;
    const taxMap = new Map(taxes.map((t) => [t.id, -decimal(t.refund_total)]));
    out.push({
      ...item,
      id: store.nextItemId(),
      quantity: -qty,
      subtotal: -total,
      total: -total,
      taxes: { total: taxMap, subtotal: new Map(taxMap) },
      meta: [store.meta('_refunded_item_id', String(item.id))],
      refundedItemId: item.id,
    });
  }
  return out;
}

export function createRefund(store: WooStore, order: Order, input: RefundInput, userId: number): Refund {
  const lines = input.line_items ?? [];
  const amount = input.amount === undefined ? (amountFromLines(lines) ?? 0) : decimal(input.amount, Number.NaN);
  if (amount < 0) {
    throw new WooError(400, 'woocommerce_rest_invalid_order_refund', 'Refund amount must be greater than zero.');
  }
  const remaining = remainingRefundAmount(store, order);
  if (Number.isNaN(amount) || phpRound(amount, 2) > remaining) throw cannotCreate('Invalid refund amount.');
  if (input.api_refund ?? true) {
    if (!store.opts.refundGateways.includes(order.paymentMethod)) {
      throw cannotCreate(
        CORE_GATEWAYS.includes(order.paymentMethod)
          ? 'The payment gateway for this order does not support automatic refunds.'
          : 'The payment gateway for this order does not exist.',
      );
    }
  }
  const refund: Refund = {
    id: store.nextPostId(),
    orderId: order.id,
    created: store.now(),
    amount: phpRound(amount, 2),
    reason: input.reason ?? '',
    refundedBy: input.refunded_by ?? userId,
    refundedPayment: input.api_refund ?? true,
    meta: (input.meta_data ?? []).map((m) => store.meta(m.key, m.value)),
    lineItems: refundItems(store, order, lines),
  };
  store.refunds.set(refund.id, refund);
  order.refunds.unshift(refund.id);
  if (input.api_restock ?? true) restock(store, order, refund);
  if (phpRound(remaining - refund.amount, 2) <= 0) changeStatus(store, order, store.opts.quirks.fullyRefundedStatus);
  order.modified = store.now();
  store.fire('order', 'updated', order.id);
  return refund;
}

function restock(store: WooStore, order: Order, refund: Refund): void {
  for (const r of refund.lineItems) {
    const product = store.products.get(r.variationId || r.productId);
    if (!product?.manageStock || product.stockQuantity === null || r.quantity === 0) continue;
    const before = product.stockQuantity;
    product.stockQuantity = before - r.quantity;
    addNote(store, order, `Item #${product.id} stock increased from ${before} to ${product.stockQuantity}.`);
  }
}

/** Setting `refunded` by hand refunds what is left (`wc_order_fully_refunded`), without the gateway. */
export function refundRemainder(store: WooStore, order: Order): void {
  const left = remainingRefundAmount(store, order);
  if (left <= 0) return;
  const refund: Refund = {
    id: store.nextPostId(),
    orderId: order.id,
    created: store.now(),
    amount: left,
    reason: 'Order fully refunded.',
    refundedBy: 1,
    refundedPayment: false,
    meta: [],
    lineItems: [],
  };
  store.refunds.set(refund.id, refund);
  order.refunds.unshift(refund.id);
  addNote(
    store,
    order,
    'Order status set to refunded. To return funds to the customer you will need to issue a refund through your payment gateway.',
  );
}

export function deleteRefund(store: WooStore, order: Order, refund: Refund): void {
  store.refunds.delete(refund.id);
  order.refunds = order.refunds.filter((id) => id !== refund.id);
  order.modified = store.now();
  store.fire('order', 'updated', order.id);
}
