import type { Order } from '@commercetools/platform-sdk';
import type { Router } from 'express';
import { z } from 'zod';
import { type Clock, type ControlPost, controlRouter, type Faults, type RequestStats, sendJson } from '../kit/index.ts';
import { createVia, type Internal, updateVia } from './internal.ts';
import type { AuthServer } from './oauth.ts';
import { PlaceOrder, placeOrder, StateSpec, setStates, syncInfo, touch } from './shop.ts';
import { addReturn, cancel, capture, ReturnSpec, refund } from './shop-after-sale.ts';
import { PAGE_ACTOR } from './state.ts';
import type { SubscriptionQueues } from './subscriptions.ts';

/**
 * `/__control`: the kit's routes (state, clock, faults, stats) plus this emulator's levers, so tests
 * in another process (the fault suite, the demo) can do what the in-process handle does. Orders are
 * named by id or order number. README "Control levers" lists them all.
 */

export interface ControlEnv extends Internal {
  clock: Clock;
  faults: Faults;
  stats: RequestStats;
  auth: AuthServer;
  queues: SubscriptionQueues;
}

export function orderRef(env: Internal, ref: string): Order {
  const order = env.project.orders.get(ref) ?? env.project.orders.find((o) => o.orderNumber === ref);
  if (!order) throw new Error(`no order '${ref}'`);
  return order;
}

const OrderRef = z.object({ order: z.string() });
const DAY_MS = 86_400_000;

function levers(env: ControlEnv, post: ControlPost, router: Router): void {
  const p = env.project;
  post('/orders', PlaceOrder, (b) => placeOrder(env, b));
  post('/orders/capture', OrderRef.extend({ amount: z.number().int().positive().optional() }), (b) =>
    capture(env, orderRef(env, b.order).id, b.amount),
  );
  post('/orders/refund', OrderRef.extend({ amount: z.number().int().positive().optional() }), (b) =>
    refund(env, orderRef(env, b.order).id, b.amount),
  );
  post('/orders/return', OrderRef.extend(ReturnSpec.shape), (b) => addReturn(env, orderRef(env, b.order).id, b));
  post('/orders/cancel', OrderRef, (b) => cancel(env, orderRef(env, b.order).id));
  post('/orders/states', OrderRef.extend(StateSpec.shape), (b) => setStates(env, orderRef(env, b.order).id, b));
  post('/orders/touch', OrderRef, (b) => touch(env, orderRef(env, b.order).id));
  router.get('/orders/:ref/sync-info', (req, res) => {
    try {
      sendJson(res, 200, { syncInfo: syncInfo(env, orderRef(env, req.params.ref).id) });
    } catch (e) {
      sendJson(res, 404, { error: e instanceof Error ? e.message : String(e) });
    }
  });
  post('/create', z.object({ path: z.string(), body: z.unknown(), store: z.string().optional() }), (b) =>
    createVia(env, b.path, b.body, PAGE_ACTOR, b.store),
  );
  post(
    '/update',
    z.object({ path: z.string(), id: z.string(), actions: z.array(z.object({ action: z.string() }).loose()) }),
    (b) => updateVia(env, b.path, b.id, b.actions, PAGE_ACTOR).resource,
  );
  post(
    '/messages/config',
    z.object({ enabled: z.boolean().optional(), deleteDaysAfterCreation: z.number().int().min(1).max(90).optional() }),
    (b) => {
      p.messages.config = { ...p.messages.config, ...b };
      return p.messages.config;
    },
  );
  post('/messages/expire', z.object({ olderThanDays: z.number().nonnegative().optional() }), (b) => {
    const cutoff = env.clock.now() - (b.olderThanDays ?? 0) * DAY_MS;
    return { dropped: p.messages.drop((m) => Date.parse(m.createdAt) <= cutoff) };
  });
  post(
    '/messages/drop',
    z.object({
      ids: z.array(z.string()).optional(),
      resourceId: z.string().optional(),
      sequenceNumbers: z.array(z.number().int()).optional(),
    }),
    (b) => ({
      dropped: p.messages.drop(
        (m) =>
          (b.ids?.includes(m.id) ?? false) ||
          (b.resourceId !== undefined &&
            m.resource.id === b.resourceId &&
            (b.sequenceNumbers === undefined || b.sequenceNumbers.includes(m.sequenceNumber))),
      ),
    }),
  );
  post('/messages/suppress', z.object({ count: z.number().int().positive() }), (b) => {
    p.messages.suppressNext(b.count);
    return { suppressed: b.count };
  });
  post(
    '/clients',
    z.object({
      id: z.string().min(1),
      secret: z.string().min(1),
      scopes: z.array(z.string()).min(1),
      accessTokenValiditySeconds: z.number().int().positive().optional(),
    }),
    (b) => {
      env.auth.addClient(b);
      return { id: b.id, scopes: b.scopes };
    },
  );
  post('/tokens/revoke', z.object({}).loose(), () => ({ revoked: env.auth.revokeAll() }));
  router.get('/subscriptions/:ref/queue', (req, res) => {
    sendJson(res, 200, { deliveries: env.queues.read(req.params.ref, req.query.drain === 'true') });
  });
}

export function controlRoutes(env: ControlEnv): Router {
  const p = env.project;
  return controlRouter(
    {
      clock: env.clock,
      faults: env.faults,
      stats: env.stats,
      state: () => ({
        projectKey: p.key,
        messages: { ...p.messages.config, stored: p.messages.visible().length },
        counts: {
          orders: p.orders.size(),
          carts: p.carts.size(),
          payments: p.payments.size(),
          customers: p.customers.size(),
          products: p.products.size(),
        },
        clients: env.auth.clientIds(),
      }),
    },
    (post, router) => levers(env, post, router),
  );
}
