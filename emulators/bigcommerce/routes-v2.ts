import express, { type Router } from 'express';
import { NEEDS } from './api-gate.ts';
import { BcError, notFoundV2 } from './errors.ts';
import { archiveOrder, placeOrder, updateOrder } from './order-actions.ts';
import { AddressInput, OrderPost, OrderPut } from './order-input.ts';
import { couponJson, orderJson, shippingAddressJson } from './order-json.ts';
import { orderProductJson, orderTaxesJson } from './order-lines-json.ts';
import { listOrders, v2Page } from './order-list.ts';
import { type Answer, idParam, on, orderOr404, parse } from './routing.ts';
import { STATUSES, statusJson } from './statuses.ts';

/**
 * Orders V2 (there is no V3 order CRUD) [BC-O2]. Every V2 collection that comes out empty is a
 * bare `204 No Content` — the orders list documentedly so (aligent PHP client #161/#177), the
 * sub-collections on the same reasoning (UNVERIFIED, README).
 */

const list = (items: unknown[]): Answer => (items.length === 0 ? { status: 204 } : { status: 200, body: items });

export function v2Router(): Router {
  const r = express.Router({ mergeParams: true });
  const need = NEEDS.orders;

  on(r, 'get', '/orders', need, (api, req) => {
    const { page } = listOrders(api.store, req);
    const withFees = String(req.query.include ?? '')
      .split(',')
      .includes('fees');
    return list(page.map((o) => orderJson(api.store, o, withFees)));
  });
  on(r, 'get', '/orders/count', need, (api, req) => {
    const { all } = listOrders(api.store, req);
    const statuses = STATUSES.map(([id]) => ({
      ...statusJson(id),
      count: all.filter((o) => o.statusId === id).length,
    }));
    return { status: 200, body: { statuses, count: all.length } };
  });
  on(r, 'post', '/orders', need, (api, _req, body) => {
    const o = placeOrder(api.store, parse(OrderPost, body, 'v2'));
    return { status: api.store.env.opts.quirks.createOrderStatus, body: orderJson(api.store, o, true) };
  });
  on(r, 'get', '/orders/:orderId', need, (api, req) => ({
    status: 200,
    body: orderJson(api.store, orderOr404(api, req), true),
  }));
  on(r, 'put', '/orders/:orderId', need, (api, req, body) => {
    const o = orderOr404(api, req);
    updateOrder(api.store, o, parse(OrderPut, body, 'v2'));
    return { status: 200, body: orderJson(api.store, o, true) };
  });
  on(r, 'delete', '/orders/:orderId', need, (api, req) => {
    archiveOrder(api.store, orderOr404(api, req)); // DELETE archives [BC-O2]
    return { status: 204 };
  });

  on(r, 'get', '/orders/:orderId/products', need, (api, req) => {
    const o = orderOr404(api, req);
    return list(v2Page(api.store, req, o.lines, 'products').map((l) => orderProductJson(o, l)));
  });
  on(r, 'get', '/orders/:orderId/products/:productId', need, (api, req) => {
    const o = orderOr404(api, req);
    const l = o.lines.find((x) => x.id === idParam(req, 'productId'));
    if (!l) throw notFoundV2();
    return { status: 200, body: orderProductJson(o, l) };
  });
  for (const name of ['shipping_addresses', 'shippingaddresses']) {
    on(r, 'get', `/orders/:orderId/${name}`, need, (api, req) => {
      const o = orderOr404(api, req);
      return list(o.addresses.map((a) => shippingAddressJson(api.store, o, a)));
    });
    on(r, 'get', `/orders/:orderId/${name}/:addressId`, need, (api, req) => {
      const o = orderOr404(api, req);
      const a = o.addresses.find((x) => x.id === idParam(req, 'addressId'));
      if (!a) throw notFoundV2();
      return { status: 200, body: shippingAddressJson(api.store, o, a) };
    });
    on(r, 'put', `/orders/:orderId/${name}/:addressId`, need, (api, req, body) => {
      const o = orderOr404(api, req);
      const a = o.addresses.find((x) => x.id === idParam(req, 'addressId'));
      if (!a) throw notFoundV2();
      const patch = parse(AddressInput.partial(), body, 'v2');
      const { form_fields: _ignored, ...fields } = patch;
      Object.assign(a, fields);
      o.modified = api.store.now();
      api.store.fire('store/order/updated', { type: 'order', id: o.id }, o.channelId);
      return { status: 200, body: shippingAddressJson(api.store, o, a) };
    });
  }
  on(r, 'get', '/orders/:orderId/coupons', need, (api, req) => {
    const o = orderOr404(api, req);
    return list(o.coupons.map((c) => couponJson(o, c)));
  });
  on(r, 'get', '/orders/:orderId/taxes', need, (api, req) => list(orderTaxesJson(api.store, orderOr404(api, req))));

  on(r, 'get', '/order_statuses', need, () => ({ status: 200, body: STATUSES.map(([id]) => statusJson(id)) }));
  on(r, 'get', '/order_statuses/:statusId', need, (_api, req) => {
    const id = Number(req.params.statusId);
    if (!STATUSES.some(([s]) => s === id)) throw new BcError(404, 'The requested resource was not found.');
    return { status: 200, body: statusJson(id) };
  });
  return r;
}
