import type { Request } from 'express';
import { BcError } from './errors.ts';
import type { Order } from './model.ts';
import { totals } from './order-totals.ts';
import type { Store } from './store.ts';
import { parseDateFilter, toSecond } from './values.ts';

/**
 * `GET /v2/orders` filters, sort and paging [BC-O2 components/parameters]: min/max id, total,
 * date created and modified (RFC-2822 or ISO-8601, inclusive, second resolution as printed),
 * status_id, customer_id, email, payment_method, channel_id, cart_id, external_order_id;
 * `sort=field:asc|desc` (default id ascending); `page` (1) and `limit` (50, max 250: UNVERIFIED).
 * Archived orders are left out, as the real list leaves out `is_deleted` ones. An order's products
 * page the same way (`page`, `limit` 50, max 250 [BC-RL common-query-params]).
 */

const SORTS: Record<string, (o: Order) => number | string> = {
  id: (o) => o.id,
  customer_id: (o) => o.customerId,
  date_created: (o) => o.created,
  date_modified: (o) => o.modified,
  status_id: (o) => o.statusId,
  channel_id: (o) => o.channelId,
  external_id: (o) => o.externalId ?? '',
};

function dateBound(q: Request['query'], name: string): number | undefined {
  const v = q[name];
  if (typeof v !== 'string') return undefined;
  const ms = parseDateFilter(v);
  if (ms === undefined)
    throw new BcError(400, `The field '${name}' is invalid: '${v}' is not an RFC-2822 or ISO-8601 date.`);
  return ms;
}

function numberBound(q: Request['query'], name: string): number | undefined {
  const v = q[name];
  if (typeof v !== 'string') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new BcError(400, `The field '${name}' is invalid: '${v}' is not a number.`);
  return n;
}

export function listOrders(store: Store, req: Request): { page: Order[]; all: Order[] } {
  const q = req.query;
  const tests: ((o: Order) => boolean)[] = [];
  const range = (name: string, get: (o: Order) => number, parseBound: typeof numberBound = numberBound): void => {
    const min = parseBound(q, `min_${name}`);
    const max = parseBound(q, `max_${name}`);
    if (min !== undefined) tests.push((o) => get(o) >= min);
    if (max !== undefined) tests.push((o) => get(o) <= max);
  };
  range('id', (o) => o.id);
  range('total', (o) => totals(o).totalInc / 100);
  range('date_created', (o) => toSecond(o.created), dateBound);
  range('date_modified', (o) => toSecond(o.modified), dateBound);
  const eq = (name: string, get: (o: Order) => string | number): void => {
    const v = q[name];
    if (typeof v === 'string') tests.push((o) => String(get(o)).toLowerCase() === v.toLowerCase());
  };
  eq('status_id', (o) => o.statusId);
  eq('customer_id', (o) => o.customerId);
  eq('email', (o) => o.billing.email);
  eq('payment_method', (o) => o.paymentMethod);
  eq('channel_id', (o) => o.channelId);
  eq('cart_id', (o) => o.cartId);
  eq('external_order_id', (o) => o.externalOrderId);

  const [field = 'id', direction = 'asc'] = String(q.sort ?? 'id:asc').split(':');
  const key = SORTS[field];
  if (!key || (direction !== 'asc' && direction !== 'desc')) {
    throw new BcError(400, `The field 'sort' is invalid: '${String(q.sort)}'.`);
  }
  const sign = direction === 'asc' ? 1 : -1;
  const all = [...store.orders.values()]
    .filter((o) => !o.archived && tests.every((t) => t(o)))
    .sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * sign;
    });

  return { page: v2Page(store, req, all, 'orders'), all };
}

/** A V2 collection's `page` (1) of `limit` (50, at most `maxV2Limit`) items: the orders list and its sub-collections. */
export function v2Page<T>(store: Store, req: Request, all: readonly T[], what: string): T[] {
  const q = req.query;
  const quirks = store.env.opts.quirks;
  const page = Math.max(1, Math.floor(Number(q.page ?? 1)) || 1);
  let limit = Math.max(1, Math.floor(Number(q.limit ?? 50)) || 50);
  if (limit > quirks.maxV2Limit) {
    if (quirks.overLimit === 'reject') {
      throw new BcError(413, `The limit of ${quirks.maxV2Limit} ${what} per page was exceeded.`);
    }
    limit = quirks.maxV2Limit;
  }
  return all.slice((page - 1) * limit, page * limit);
}
