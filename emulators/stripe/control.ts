import type { Router } from 'express';
import { z } from 'zod';
import {
  type ControlPost,
  controlRouter,
  type Faults,
  type RequestStats,
  type SlidingWindowLimiter,
  sendJson,
} from '../kit/index.ts';
import type { StripeEvents } from './events.ts';
import type { Invoice } from './invoice-model.ts';
import type { StripeLevers } from './levers.ts';
import type { StripeStore } from './store.ts';

/** `/__control` for Stripe: the kit's routes plus the levers (README, "Control levers"). */
export function stripeControl(o: {
  store: StripeStore;
  events: StripeEvents;
  levers: StripeLevers;
  faults: Faults;
  stats: RequestStats;
  limiter: SlidingWindowLimiter;
}): Router {
  const { store, events, levers } = o;
  const state = () => ({
    customers: store.all('customer').length,
    subscriptions: store.all('subscription').map((s) => ({ id: s.id, status: s.status })),
    invoices: store.all<Invoice>('invoice').map((i) => ({ id: i.id, status: i.status, metadata: i.metadata })),
    events: store.events.length,
    endpoints: events.endpoints().map((e) => ({ id: e.id, url: e.url, status: e.status, api_version: e.api_version })),
    chaos: events.dispatcher.chaos(),
    pendingDeliveries: events.dispatcher.pending(),
    rateLimit: o.limiter.settings,
  });
  return controlRouter(
    { clock: store.clock, faults: o.faults, stats: o.stats, state, resetStats: () => o.limiter.reset() },
    (post: ControlPost, router) => {
      post(
        '/subscriptions',
        z.object({
          customer: z.string(),
          price: z.string(),
          taxRate: z.string().optional(),
          coupon: z.string().optional(),
        }),
        (b) => levers.subscribe(b),
      );
      post('/subscriptions/renew', z.object({ id: z.string() }), (b) => levers.renew(b.id));
      post('/subscriptions/cancel', z.object({ id: z.string(), atPeriodEnd: z.boolean().optional() }), (b) =>
        levers.cancel(b.id, b),
      );
      post('/invoices/void', z.object({ id: z.string() }), (b) => levers.voidInvoice(b.id));
      post('/invoices/pay', z.object({ id: z.string(), outOfBand: z.boolean().optional() }), (b) =>
        levers.pay(b.id, b),
      );
      post('/customers/card', z.object({ customer: z.string(), token: z.string() }), (b) =>
        levers.setCard(b.customer, b.token),
      );
      post('/refunds', z.object({ invoice: z.string(), amount: z.number().int().positive().optional() }), (b) =>
        levers.refund(b.invoice, b.amount),
      );
      post(
        '/credit-notes',
        z.object({
          invoice: z.string(),
          amount: z.number().int().positive().optional(),
          refund: z.boolean().optional(),
        }),
        (b) => levers.creditNote(b.invoice, b),
      );
      post(
        '/endpoints',
        z.object({
          url: z.string(),
          enabledEvents: z.array(z.string()).optional(),
          apiVersion: z.string().optional(),
          secret: z.string().optional(),
        }),
        (b) => events.endpointJson(levers.endpoint(b), true),
      );
      post(
        '/webhooks/chaos',
        z.object({
          duplicate: z.number().min(0).max(1).optional(),
          drop: z.number().min(0).max(1).optional(),
          reorderWindow: z.number().int().min(0).optional(),
          delayMs: z.number().int().min(0).optional(),
        }),
        (b) => levers.setChaos(b),
      );
      post(
        '/webhooks/forge',
        z.object({
          endpoint: z.string(),
          event: z.string().optional(),
          how: z.enum(['wrong-secret', 'tampered-body', 'old-timestamp', 'unsigned']),
        }),
        (b) => levers.forge(b.endpoint, b.how, b.event),
      );
      post('/webhooks/resend', z.object({ event: z.string(), endpoint: z.string() }), (b) =>
        levers.resend(b.event, b.endpoint),
      );
      post('/webhooks/flush-retries', z.object({}).loose(), () => levers.flushRetries());
      post(
        '/rate-limit',
        z.object({
          max: z.number().int().positive().optional(),
          windowMs: z.number().int().positive().optional(),
          enabled: z.boolean().optional(),
        }),
        (b) => o.limiter.update(b),
      );
      router.get('/webhooks/deliveries', (_req, res) =>
        sendJson(res, 200, { deliveries: events.dispatcher.deliveries() }),
      );
      router.get('/invoices/:id', (req, res) => {
        try {
          sendJson(res, 200, levers.invoice(String(req.params.id)));
        } catch {
          sendJson(res, 404, { error: 'no such invoice' });
        }
      });
    },
  );
}
