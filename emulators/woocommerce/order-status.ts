import type { Order } from './model.ts';
import { PAID_STATUSES } from './model.ts';
import type { WooStore } from './store.ts';

/**
 * What a status change sets off in WooCommerce core: the "Order status changed" note, `date_paid`
 * on reaching a paid status (`maybe_set_date_paid`), `date_completed`, stock reduced once on
 * processing/completed/on-hold and given back on cancel (`wc_maybe_reduce_stock_levels`,
 * `wc_maybe_increase_stock_levels`), download permissions, and `order.updated`.
 */

const NAMES: Record<string, string> = {
  pending: 'Pending payment',
  processing: 'Processing',
  'on-hold': 'On hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  failed: 'Failed',
  'checkout-draft': 'Draft',
  trash: 'Trash',
};
export const statusName = (s: string): string => NAMES[s] ?? s;

export function addNote(
  store: WooStore,
  order: Order,
  note: string,
  author = 'system',
  customerNote = false,
  byApi = false,
): void {
  order.notes.push({ id: store.nextCommentId(), author, created: store.now(), note, customerNote, byApi });
}

function reduceStock(store: WooStore, order: Order): void {
  if (order.meta.some((m) => m.key === '_order_stock_reduced')) return;
  const changes: string[] = [];
  for (const item of order.lineItems) {
    const product = store.products.get(item.variationId || item.productId);
    if (!product?.manageStock || product.stockQuantity === null) continue;
    const before = product.stockQuantity;
    product.stockQuantity = before - item.quantity;
    store.setMeta(item.meta, '_reduced_stock', String(item.quantity));
    changes.push(`${product.name} (${product.sku || `#${product.id}`}) ${before}&rarr;${product.stockQuantity}`);
  }
  if (changes.length > 0) addNote(store, order, `Stock levels reduced: ${changes.join(', ')}`);
  store.setMeta(order.meta, '_order_stock_reduced', 'yes');
}

function restoreStock(store: WooStore, order: Order): void {
  const flag = order.meta.find((m) => m.key === '_order_stock_reduced');
  if (!flag) return;
  const changes: string[] = [];
  for (const item of order.lineItems) {
    const product = store.products.get(item.variationId || item.productId);
    const reduced = Number(item.meta.find((m) => m.key === '_reduced_stock')?.value ?? 0);
    if (!product?.manageStock || product.stockQuantity === null || reduced === 0) continue;
    const before = product.stockQuantity;
    product.stockQuantity = before + reduced;
    item.meta = item.meta.filter((m) => m.key !== '_reduced_stock');
    changes.push(`${product.name} (${product.sku || `#${product.id}`}) ${before}&rarr;${product.stockQuantity}`);
  }
  if (changes.length > 0) addNote(store, order, `Stock levels increased: ${changes.join(', ')}`);
  order.meta = order.meta.filter((m) => m !== flag);
}

/** Moves an order to `to` with everything core hooks to the transition; false when nothing changed. */
export function changeStatus(store: WooStore, order: Order, to: string, note = ''): boolean {
  const from = order.status;
  if (from === to) return false;
  order.status = to;
  const now = store.now();
  order.modified = now;
  addNote(store, order, `${note ? `${note} ` : ''}Order status changed from ${statusName(from)} to ${statusName(to)}.`);
  if (PAID_STATUSES.includes(to) && order.paid === null) order.paid = now;
  if (to === 'completed') order.completed = now;
  if (PAID_STATUSES.includes(to)) store.setMeta(order.meta, '_download_permissions_granted', 'yes');
  if ([...PAID_STATUSES, 'on-hold'].includes(to)) {
    if (!PAID_STATUSES.includes(from) && from !== 'on-hold') {
      for (const item of order.lineItems) {
        const p = store.products.get(item.productId);
        if (p) p.totalSales += item.quantity;
      }
    }
    reduceStock(store, order);
  }
  if (to === 'cancelled' || to === 'pending') restoreStock(store, order);
  store.fire('order', 'updated', order.id);
  return true;
}

/** `WC_Order::payment_complete()`: processing, paid now. */
export function paymentComplete(store: WooStore, order: Order, transactionId = ''): void {
  if (transactionId) order.transactionId = transactionId;
  // Only virtual *and* downloadable items skip processing; the emulator sells nothing downloadable.
  if (order.paid === null) order.paid = store.now();
  changeStatus(store, order, 'processing');
}
