import type { Router } from 'express';
import { z } from 'zod';
import { controlRouter, sendJson } from '../kit/index.ts';
import { BulkProducts, createProduct, createProducts, ProductInput } from './catalog.ts';
import { productJson } from './catalog-json.ts';
import { CustomerInput, createCustomer, customerJson } from './customers.ts';
import {
  Checkout,
  cancel,
  checkout,
  MerchantRefund,
  merchantRefund,
  moveStatus,
  OrderRef,
  PayOrder,
  payOrder,
  StatusMove,
  StockSet,
  setStock,
  ship,
} from './levers.ts';
import { orderJson } from './order-json.ts';
import { refundJson } from './refunds.ts';
import { DEMO_STORE } from './seed.ts';
import { storeSnapshot } from './snapshot.ts';
import { ALL_SCOPES, type EmulatorState } from './state.ts';

/**
 * `/__control`: the kit's routes (state, clock, faults, stats) plus this emulator's levers, so a
 * test in another process (the fault suite, the demo) can do everything an in-process test can.
 * Every lever names its store (`"store": "demo"` by default). README lists them.
 */

const inStore = <T extends z.ZodRawShape>(shape: T) => z.object({ store: z.string().default(DEMO_STORE), ...shape });
const STORE = { store: z.string().default(DEMO_STORE) };

export function bigCommerceControl(state: EmulatorState): Router {
  return controlRouter(
    {
      clock: state.env.clock,
      faults: state.faults,
      stats: state.stats,
      state: () => state.summary(),
      resetStats: () => state.limiter.reset(),
    },
    (post, router) => {
      const s = (hash: string) => state.store(hash);
      post(
        '/stores',
        z.object({
          hash: z.string().min(1),
          name: z.string().optional(),
          currency: z.string().optional(),
          taxInclusive: z.boolean().optional(),
        }),
        (b) => {
          const store = state.createStore(b);
          return { hash: store.hash, store_id: store.storeId };
        },
      );
      post(
        '/accounts',
        inStore({ scopes: z.array(z.enum(ALL_SCOPES)).default([...ALL_SCOPES]), name: z.string().optional() }),
        (b) => state.createAccount(b.store, b.scopes, b.name === undefined ? undefined : { name: b.name }),
      );
      post('/accounts/delete', inStore({ access_token: z.string() }), (b) =>
        state.deleteAccount(b.store, b.access_token),
      );
      post('/products', ProductInput.extend(STORE), ({ store, ...p }) =>
        productJson(s(store), createProduct(s(store), p)),
      );
      post('/products/bulk', BulkProducts.extend(STORE), ({ store, ...b }) => {
        const skus = createProducts(s(store), b);
        return { count: skus.length, first: skus[0], last: skus.at(-1) };
      });
      post('/customers', CustomerInput.extend(STORE), ({ store, ...c }) =>
        customerJson(createCustomer(s(store), c), ['addresses']),
      );
      post(
        '/coupons',
        inStore({
          code: z.string().min(1),
          name: z.string().optional(),
          type: z.union([z.literal(1), z.literal(2)]),
          amount: z.number().positive(),
        }),
        (b) => {
          const store = s(b.store);
          const coupon = {
            id: store.next('coupon', 10),
            code: b.code.toUpperCase(),
            name: b.name ?? b.code,
            type: b.type,
            amount: b.amount,
          };
          store.coupons.set(coupon.code, coupon);
          return coupon;
        },
      );
      post('/orders', Checkout.extend(STORE), ({ store, ...c }) => orderJson(s(store), checkout(s(store), c), true));
      post('/orders/status', StatusMove.extend(STORE), ({ store, ...b }) => moveStatus(s(store), b));
      post('/orders/pay', PayOrder.extend(STORE), ({ store, ...b }) => ({ transaction_id: payOrder(s(store), b).id }));
      post('/orders/ship', OrderRef.extend(STORE), ({ store, ...b }) => ship(s(store), b));
      post('/orders/cancel', OrderRef.extend(STORE), ({ store, ...b }) => cancel(s(store), b));
      post('/orders/refund', MerchantRefund.extend(STORE), ({ store, ...b }) =>
        refundJson(merchantRefund(s(store), b)),
      );
      post('/stock', StockSet.extend(STORE), ({ store, ...b }) => setStock(s(store), b));
      post(
        '/rate-limit',
        z.object({
          max: z.number().int().positive().optional(),
          windowMs: z.number().int().positive().optional(),
          enabled: z.boolean().optional(),
        }),
        (b) => state.limiter.update(Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined))),
      );
      post(
        '/webhooks/chaos',
        z.object({
          duplicate: z.number().min(0).max(1).optional(),
          drop: z.number().min(0).max(1).optional(),
          reorderWindow: z.number().int().min(0).optional(),
          delayMs: z.number().int().min(0).optional(),
        }),
        (b) =>
          state.delivery.dispatcher.setChaos(Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined))),
      );
      post('/webhooks/redeliver', z.object({ id: z.string() }), (b) => ({ id: state.delivery.redeliver(b.id) }));
      post(
        '/webhooks/forge',
        inStore({
          hook_id: z.number().int(),
          scope: z.string(),
          data: z.record(z.string(), z.unknown()),
          headers: z.record(z.string(), z.string()).default({}),
        }),
        (b) => ({
          id: state.delivery.forge(b.store, b.hook_id, b.scope, b.data, b.headers),
        }),
      );
      post('/webhooks/flush', z.object({}).loose(), () => state.delivery.dispatcher.flushRetries());
      router.get('/webhooks/deliveries', (req, res) => {
        const store = typeof req.query.store === 'string' ? req.query.store : undefined;
        const list = state.delivery.dispatcher
          .deliveries()
          .map((d) => ({ ...d, sent: state.delivery.sent.get(d.id) }))
          .filter((d) => store === undefined || d.sent?.store === store)
          .map(({ sent, ...d }) => ({ ...d, scope: sent?.scope, hook_id: sent?.hookId, body: sent?.body }));
        sendJson(res, 200, { deliveries: list, pending: state.delivery.dispatcher.pending() });
      });
      router.get('/stores/:hash', (req, res) => {
        const store = state.stores.get(req.params.hash);
        if (!store) return sendJson(res, 404, { error: `no store ${req.params.hash}` });
        sendJson(res, 200, storeSnapshot(store));
      });
    },
  );
}
