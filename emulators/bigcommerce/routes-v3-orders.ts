import express, { type Router } from 'express';
import { z } from 'zod';
import { NEEDS } from './api-gate.ts';
import { BcError } from './errors.ts';
import type { Order, Transaction } from './model.ts';
import { pay, recordTransaction } from './order-actions.ts';
import { QuoteBody, quoteJson, quoteRefund } from './refund-quote.ts';
import { createRefund, RefundBody, refundJson } from './refunds.ts';
import { idParam, listParam, on, orderOr404, paginate, parse } from './routing.ts';
import { parseDateFilter, rfc3339, v3Money } from './values.ts';

/**
 * Orders V3 [BC-O3]: transactions, capture/void, refund quotes, refunds. V3 amounts are JSON
 * numbers. Order metafields live in `routes-v3-metafields.ts`.
 */

const orderNotFound = () => new BcError(404, 'Order not found');

export function transactionJson(t: Transaction): Record<string, unknown> {
  return {
    id: t.id,
    order_id: String(t.orderId),
    event: t.event,
    method: t.method,
    amount: v3Money(t.amount),
    currency: t.currency,
    gateway: t.gateway,
    gateway_transaction_id: t.gatewayTransactionId,
    date_created: rfc3339(t.created),
    test: t.gateway === 'testgateway',
    status: t.status,
    fraud_review: false,
    reference_transaction_id: null,
    offline: null,
    custom: null,
    payment_method_id: `${t.gateway}.${t.method}`,
  };
}

const authorized = (txs: Transaction[], o: Order): Transaction[] =>
  txs.filter((t) => t.orderId === o.id && t.event === 'authorization');

export function v3OrdersRouter(): Router {
  const r = express.Router({ mergeParams: true });

  on(r, 'get', '/orders/:orderId/transactions', NEEDS.transactions, (api, req) => {
    const o = orderOr404(api, req, orderNotFound);
    const txs = api.store.transactions.filter((t) => t.orderId === o.id).map(transactionJson);
    const { data, pagination } = paginate(txs, req);
    return { status: 200, body: { data, meta: { pagination } } };
  });

  on(r, 'post', '/orders/:orderId/payment_actions/capture', NEEDS.paymentActions, (api, req) => {
    const o = orderOr404(api, req, orderNotFound);
    const auths = authorized(api.store.transactions, o);
    const last = auths.at(-1);
    if (o.paymentStatus !== 'authorized' || !last)
      throw new BcError(422, `Order ${o.id} has no authorized payment to capture.`);
    pay(api.store, o, { gateway: last.gateway, method: last.method, amount: last.amount, captured: true });
    return { status: 201, body: {} };
  });

  on(r, 'post', '/orders/:orderId/payment_actions/void', NEEDS.paymentActions, (api, req) => {
    const o = orderOr404(api, req, orderNotFound);
    const last = authorized(api.store.transactions, o).at(-1);
    if (o.paymentStatus !== 'authorized' || !last)
      throw new BcError(422, `Order ${o.id} has no authorized payment to void.`);
    recordTransaction(api.store, o, { ...last, event: 'void' });
    o.paymentStatus = 'void';
    o.modified = api.store.now();
    api.store.fire('store/order/updated', { type: 'order', id: o.id }, o.channelId);
    return { status: 201, body: {} };
  });

  on(r, 'post', '/orders/:orderId/payment_actions/refund_quotes', NEEDS.paymentActions, (api, req, body) => {
    const o = orderOr404(api, req, orderNotFound);
    const q = quoteRefund(api.store, o, parse(QuoteBody, body, 'v3').items);
    return { status: 201, body: { data: quoteJson(o, q), meta: {} } };
  });

  on(r, 'post', '/orders/:orderId/payment_actions/refunds', NEEDS.paymentActions, (api, req, body) => {
    const o = orderOr404(api, req, orderNotFound);
    const parsed = RefundBody.safeParse(body);
    if (!parsed.success) {
      throw new BcError(422, `JSON data is missing or invalid: ${z.prettifyError(parsed.error)}`, { style: 'refund' });
    }
    return { status: 201, body: { data: refundJson(createRefund(api.store, o, parsed.data)), meta: {} } };
  });

  on(r, 'get', '/orders/:orderId/payment_actions/refunds', NEEDS.paymentActions, (api, req) => {
    const o = orderOr404(api, req, orderNotFound);
    const data = [...api.store.refunds.values()].filter((x) => x.orderId === o.id).map(refundJson);
    return { status: 200, body: { data, meta: {} } };
  });

  on(r, 'get', '/orders/payment_actions/refunds', NEEDS.paymentActions, (api, req) => {
    const orders = listParam(req.query['order_id:in']).map(Number);
    const ids = listParam(req.query['id:in']).map(Number);
    const bound = (name: string): number | undefined => {
      const v = req.query[name];
      if (typeof v !== 'string') return undefined;
      const ms = parseDateFilter(v);
      if (ms === undefined) throw new BcError(422, `${name} must be an RFC 3339 date-time.`);
      return ms;
    };
    const min = bound('created:min');
    const max = bound('created:max');
    const all = [...api.store.refunds.values()]
      .filter((x) => orders.length === 0 || orders.includes(x.orderId))
      .filter((x) => ids.length === 0 || ids.includes(x.id))
      .filter((x) => (min === undefined || x.created >= min) && (max === undefined || x.created <= max))
      .sort((a, b) => a.id - b.id)
      .map(refundJson);
    const { data, pagination } = paginate(all, req);
    return { status: 200, body: { data, meta: { pagination } } };
  });

  on(r, 'get', '/orders/payment_actions/refunds/:refundId', NEEDS.paymentActions, (api, req) => {
    const refund = api.store.refunds.get(idParam(req, 'refundId'));
    if (!refund) throw new BcError(404, 'Refund not found');
    return { status: 200, body: { data: refundJson(refund), meta: {} } };
  });
  return r;
}
