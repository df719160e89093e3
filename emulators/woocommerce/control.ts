import type { Router } from 'express';
import { z } from 'zod';
import { type ControlPost, controlRouter, type Faults, type RequestStats, sendJson } from '../kit/index.ts';
import type { Order } from './model.ts';
import type { RenderContext } from './order-json.ts';
import { renderOrder, renderRefund } from './order-json.ts';
import { createRefund } from './refunds.ts';
import { type BuyerPreset, type CheckoutInput, checkout, refundLine, renew, setStatus, subscribe } from './shop.ts';
import type { WooStore } from './store.ts';
import type { WooWebhooks } from './webhooks.ts';

/**
 * `/__control` for WooCommerce: the kit's routes (state, clock, faults, stats) plus the shop's own
 * levers, each the same as an in-process call on the emulator handle. See README, "Control levers".
 */

export const Checkout = z.object({
  buyer: z.enum(['guest', 'company', 'de-private', 'de-company']).optional(),
  billing: z.record(z.string(), z.string()).optional(),
  customerId: z.number().int().optional(),
  items: z
    .array(
      z.object({
        sku: z.string().optional(),
        productId: z.number().int().optional(),
        quantity: z.number().int().positive().optional(),
      }),
    )
    .min(1),
  paymentMethod: z.string().optional(),
  coupon: z.string().optional(),
  shipping: z.boolean().optional(),
  meta: z.record(z.string(), z.string()).optional(),
});

export interface ShopLevers {
  checkout(input: CheckoutInput): Order;
  setStatus(id: number, status: string): Order;
  refundLine(id: number, itemId: number, quantity?: number, reason?: string): Order;
  subscribe(input: CheckoutInput, period?: 'month' | 'year'): { subscriptionId: number; parentOrderId: number };
  renew(subscriptionId: number, paid?: boolean | 'failed'): Order;
}

/** The levers, each flushing what it fired to the webhook queue as a finished request would. */
export function shopLevers(store: WooStore, webhooks: WooWebhooks): ShopLevers {
  const done = <T>(value: T): T => {
    webhooks.flush();
    return value;
  };
  const order = (id: number): Order => {
    const o = store.orders.get(id);
    if (!o) throw new Error(`no order ${id}`);
    return o;
  };
  return {
    checkout: (input) => done(checkout(store, input)),
    setStatus: (id, status) => {
      setStatus(store, order(id), status);
      return done(order(id));
    },
    refundLine: (id, itemId, quantity, reason) => {
      refundLine(store, order(id), itemId, quantity, reason);
      return done(order(id));
    },
    subscribe: (input, period) => {
      const sub = subscribe(store, input, period);
      return done({ subscriptionId: sub.id, parentOrderId: sub.parentOrderId });
    },
    renew: (subscriptionId, paid) => {
      const sub = store.subscriptions.get(subscriptionId);
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      return done(renew(store, sub, paid));
    },
  };
}

export function wooControl(o: {
  store: WooStore;
  webhooks: WooWebhooks;
  faults: Faults;
  stats: RequestStats;
  levers: ShopLevers;
  ctx: () => RenderContext;
}): Router {
  const { store, webhooks, levers } = o;
  const json = (order: Order) => renderOrder(o.ctx(), order);
  const state = () => ({
    orders: store.orders.size,
    products: store.products.size,
    subscriptions: [...store.subscriptions.values()].map((s) => ({ id: s.id, renewals: s.renewals })),
    webhooks: [...store.webhooks.values()].map((w) => ({
      id: w.id,
      topic: w.topic,
      status: w.status,
      failure_count: w.failureCount,
      delivery_url: w.deliveryUrl,
    })),
    queuedDeliveries: webhooks.queued(),
    chaos: webhooks.dispatcher.chaos(),
  });
  return controlRouter({ clock: store.clock, faults: o.faults, stats: o.stats, state }, (post: ControlPost, router) => {
    post('/orders', Checkout, (b) => json(levers.checkout({ ...b, buyer: b.buyer as BuyerPreset | undefined })));
    post('/orders/status', z.object({ id: z.number().int(), status: z.string() }), (b) =>
      json(levers.setStatus(b.id, b.status)),
    );
    post(
      '/orders/refund-line',
      z.object({
        id: z.number().int(),
        itemId: z.number().int(),
        quantity: z.number().int().optional(),
        reason: z.string().optional(),
      }),
      (b) => json(levers.refundLine(b.id, b.itemId, b.quantity, b.reason)),
    );
    post(
      '/orders/refund',
      z.object({
        id: z.number().int(),
        amount: z.string(),
        reason: z.string().optional(),
        apiRefund: z.boolean().optional(),
      }),
      (b) => {
        const target = store.orders.get(b.id);
        if (!target) throw new Error(`no order ${b.id}`);
        const refund = createRefund(
          store,
          target,
          { amount: b.amount, reason: b.reason, api_refund: b.apiRefund ?? false },
          1,
        );
        webhooks.flush();
        return renderRefund(o.ctx(), refund);
      },
    );
    post('/subscriptions', Checkout.extend({ period: z.enum(['month', 'year']).optional() }), (b) =>
      levers.subscribe({ ...b, buyer: b.buyer as BuyerPreset | undefined }, b.period),
    );
    post(
      '/subscriptions/renew',
      z.object({ id: z.number().int(), paid: z.union([z.boolean(), z.literal('failed')]).optional() }),
      (b) => json(levers.renew(b.id, b.paid)),
    );
    post(
      '/webhooks/chaos',
      z.object({
        duplicate: z.number().min(0).max(1).optional(),
        drop: z.number().min(0).max(1).optional(),
        reorderWindow: z.number().int().min(0).optional(),
        delayMs: z.number().int().min(0).optional(),
      }),
      (b) => webhooks.dispatcher.setChaos(b),
    );
    post('/webhooks/hold', z.object({}).loose(), () => webhooks.hold());
    post('/webhooks/release', z.object({}).loose(), () => webhooks.release());
    post(
      '/webhooks/forge',
      z.object({
        webhookId: z.number().int(),
        resourceId: z.number().int(),
        how: z.enum(['wrong-secret', 'tampered-body', 'unsigned']).optional(),
      }),
      (b) => webhooks.forge(b.webhookId, b.resourceId, b.how),
    );
    post(
      '/keys',
      z.object({
        consumerKey: z.string().min(1),
        consumerSecret: z.string().min(1),
        permissions: z.enum(['read', 'write', 'read_write']),
      }),
      (b) => {
        store.opts.keys.push({ ...b, userId: 1 });
        return { consumerKey: b.consumerKey, permissions: b.permissions };
      },
    );
    router.get('/webhooks/deliveries', (_req, res) =>
      sendJson(res, 200, { deliveries: webhooks.dispatcher.deliveries(), pings: webhooks.pings }),
    );
    router.get('/orders/:id/written-back', (req, res) => {
      const target = store.orders.get(Number(req.params.id));
      if (!target) return sendJson(res, 404, { error: 'no such order' });
      sendJson(res, 200, writtenBack(target));
    });
  });
}

/** What an integration wrote back to an order: meta set through the API and notes added through it. */
export function writtenBack(order: Order): {
  meta: Record<string, unknown>;
  notes: { note: string; customer_note: boolean }[];
} {
  return {
    meta: Object.fromEntries(order.meta.filter((m) => order.apiMetaKeys.includes(m.key)).map((m) => [m.key, m.value])),
    notes: order.notes.filter((n) => n.byApi).map((n) => ({ note: n.note, customer_note: n.customerNote })),
  };
}
