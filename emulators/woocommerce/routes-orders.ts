import { type Answer, type Call, forced, ok, type Route, route } from './api.ts';
import { cannotTrash, invalidId, invalidParams, WooError } from './errors.ts';
import { listParam, paginate, parseList, passesCommon, sortBy } from './list.ts';
import { ORDER_STATUSES, type Order } from './model.ts';
import { OrderIn, parseBody, RefundIn } from './order-input.ts';
import { api, dates, renderOrder, renderRefund } from './order-json.ts';
import { addNote } from './order-status.ts';
import { createOrder, updateOrder } from './orders.ts';
import { createRefund, deleteRefund } from './refunds.ts';

/** `/orders`, `/orders/{id}/refunds`, `/orders/{id}/notes`. */

function orderOf(call: Call, index = 0): Order {
  const order = call.ctx.store.orders.get(call.params[index] ?? 0);
  if (!order) throw invalidId('woocommerce_rest_shop_order_invalid_id');
  return order;
}

const LIST_STATUSES = ['any', ...ORDER_STATUSES];

function listOrders(call: Call): Answer {
  const { store } = call.ctx;
  const q = parseList(call.query, {
    perPageMax: store.opts.quirks.perPageMax,
    orderby: ['date', 'id', 'include', 'title', 'slug', 'modified'],
    timezone: store.opts.timezone,
  });
  const statuses = listParam(call.query.status);
  const bad = statuses.find((s) => !LIST_STATUSES.includes(s));
  if (bad) throw invalidParams({ status: `status[0] is not one of ${LIST_STATUSES.join(', ')}.` });
  const wanted = statuses.length === 0 || statuses.includes('any') ? undefined : new Set(statuses);
  const num = (k: string): number | undefined =>
    typeof call.query[k] === 'string' ? Number(call.query[k]) : undefined;
  const customer = num('customer');
  const product = num('product');
  const parents = listParam(call.query.parent).map(Number);
  const search = q.search.toLowerCase();
  const items = [...store.orders.values()].filter((o) => {
    if (wanted ? !wanted.has(o.status) : o.status === 'trash' || o.status === 'checkout-draft') return false;
    if (customer !== undefined && o.customerId !== customer) return false;
    if (product !== undefined && !o.lineItems.some((i) => i.productId === product || i.variationId === product)) {
      return false;
    }
    if (parents.length > 0 && !parents.includes(o.parentId)) return false;
    if (search && !`${o.id} ${JSON.stringify(o.billing)}`.toLowerCase().includes(search)) return false;
    return passesCommon(q, o);
  });
  const key = (o: Order): number | string =>
    q.orderby === 'modified' ? o.modified : q.orderby === 'date' ? o.created + (o.id % 1000) : o.id;
  const page = paginate(call.res, q, sortBy(items, q, key), call.url);
  return ok(page.map((o) => renderOrder(call.ctx, o)));
}

function deleteOrder(call: Call): Answer {
  const { store } = call.ctx;
  const order = orderOf(call);
  const before = renderOrder(call.ctx, order);
  if (forced(call)) {
    for (const id of order.refunds) store.refunds.delete(id);
    store.orders.delete(order.id);
    return ok(before);
  }
  if (order.status === 'trash') {
    throw new WooError(
      410,
      'woocommerce_rest_already_trashed',
      `The order with ID ${order.id} has already been deleted.`,
    );
  }
  order.trashedFrom = order.status;
  order.status = 'trash';
  order.modified = store.now();
  store.fire('order', 'deleted', order.id);
  return ok(renderOrder(call.ctx, order));
}

function refundOf(call: Call): {
  order: Order;
  refund: NonNullable<ReturnType<Call['ctx']['store']['refunds']['get']>>;
} {
  const order = orderOf(call);
  const refund = call.ctx.store.refunds.get(call.params[1] ?? 0);
  if (!refund || refund.orderId !== order.id) throw invalidId('woocommerce_rest_invalid_id', 'Invalid resource ID.');
  return { order, refund };
}

function noteJson(call: Call, order: Order, n: Order['notes'][number]): Record<string, unknown> {
  return {
    id: n.id,
    author: n.author,
    ...dates(call.ctx, 'date_created', n.created),
    note: n.note,
    customer_note: n.customerNote,
    _links: {
      self: [{ href: api(call.ctx, `orders/${order.id}/notes/${n.id}`) }],
      collection: [{ href: api(call.ctx, `orders/${order.id}/notes`) }],
      up: [{ href: api(call.ctx, `orders/${order.id}`) }],
    },
  };
}

function noteOf(call: Call): { order: Order; note: Order['notes'][number] } {
  const order = orderOf(call);
  const note = order.notes.find((n) => n.id === call.params[1]);
  if (!note) throw invalidId('woocommerce_rest_invalid_id', 'Invalid resource ID.');
  return { order, note };
}

export const orderRoutes: Route[] = [
  route(['GET'], '/orders', true, listOrders),
  route(['POST'], '/orders', true, (c) =>
    ok(renderOrder(c.ctx, createOrder(c.ctx.store, parseBody(OrderIn, c.body), { createdVia: 'rest-api' })), 201),
  ),
  route(['GET'], '/orders/:id', false, (c) => ok(renderOrder(c.ctx, orderOf(c)))),
  route('edit', '/orders/:id', false, (c) =>
    ok(renderOrder(c.ctx, updateOrder(c.ctx.store, orderOf(c), parseBody(OrderIn, c.body)))),
  ),
  route(['DELETE'], '/orders/:id', false, deleteOrder),
  route(['GET'], '/orders/:id/refunds', true, (c) => {
    const order = orderOf(c);
    const q = parseList(c.query, { perPageMax: 100, orderby: ['date', 'id', 'include'], timezone: 'UTC' });
    const refunds = order.refunds.flatMap((id) => c.ctx.store.refunds.get(id) ?? []);
    return ok(paginate(c.res, q, refunds, c.url).map((r) => renderRefund(c.ctx, r)));
  }),
  route(['POST'], '/orders/:id/refunds', true, (c) =>
    ok(renderRefund(c.ctx, createRefund(c.ctx.store, orderOf(c), parseBody(RefundIn, c.body), c.key.userId ?? 1)), 201),
  ),
  route(['GET'], '/orders/:id/refunds/:id', false, (c) => ok(renderRefund(c.ctx, refundOf(c).refund))),
  route(['DELETE'], '/orders/:id/refunds/:id', false, (c) => {
    const { order, refund } = refundOf(c);
    if (!forced(c)) throw cannotTrash('Refunds');
    const body = renderRefund(c.ctx, refund);
    deleteRefund(c.ctx.store, order, refund);
    return ok(body);
  }),
  route(['GET'], '/orders/:id/notes', true, (c) => {
    const order = orderOf(c);
    const type = typeof c.query.type === 'string' ? c.query.type : 'any';
    const notes = order.notes.filter((n) => type === 'any' || (type === 'customer') === n.customerNote);
    return ok([...notes].reverse().map((n) => noteJson(c, order, n)));
  }),
  route(['POST'], '/orders/:id/notes', true, (c) => {
    const order = orderOf(c);
    const note = c.body.note;
    if (typeof note !== 'string' || note === '') {
      throw new WooError(400, 'rest_missing_callback_param', 'Missing parameter(s): note', { params: ['note'] });
    }
    const byUser = c.body.added_by_user === true;
    addNote(c.ctx.store, order, note, byUser ? 'admin' : 'system', c.body.customer_note === true, true);
    const created = order.notes.at(-1);
    return ok(created ? noteJson(c, order, created) : {}, 201);
  }),
  route(['GET'], '/orders/:id/notes/:id', false, (c) => {
    const { order, note } = noteOf(c);
    return ok(noteJson(c, order, note));
  }),
  route(['DELETE'], '/orders/:id/notes/:id', false, (c) => {
    const { order, note } = noteOf(c);
    if (!forced(c)) {
      throw new WooError(501, 'woocommerce_rest_trash_not_supported', 'Resource does not support trashing.');
    }
    order.notes = order.notes.filter((n) => n !== note);
    return ok(noteJson(c, order, note));
  }),
];
