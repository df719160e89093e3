import express from 'express';
import {
  Clock,
  type FaultInput,
  type FaultSpec,
  Faults,
  faultGate,
  RequestStats,
  serveEmulator,
} from '../kit/index.ts';
import { wooApi } from './api.ts';
import { WooAuth } from './auth.ts';
import { type ShopLevers, shopLevers, wooControl, writtenBack } from './control.ts';
import { renderCustomer } from './customers.ts';
import { wooFailure, wooRateLimited } from './errors.ts';
import type { Note } from './model.ts';
import { DEMO_KEY, DEMO_WEBHOOK_SECRET, resolveWooOptions, type WooCommerceEmulatorOptions } from './options.ts';
import { type RenderContext, renderOrder } from './order-json.ts';
import { shopPage } from './page.ts';
import { renderProduct } from './product-json.ts';
import { catalogRoutes } from './routes-catalog.ts';
import { orderRoutes } from './routes-orders.ts';
import { webhookRoutes } from './routes-webhooks.ts';
import { seedDemo } from './seed.ts';
import type { CheckoutInput } from './shop.ts';
import { type HookResource, WooStore } from './store.ts';
import { WooWebhooks } from './webhooks.ts';

export type { ApiKey, WooCommerceEmulatorOptions, WooQuirks } from './options.ts';
export { DEMO_KEY, DEMO_WEBHOOK_SECRET } from './options.ts';
export type { BuyerPreset, CheckoutInput } from './shop.ts';
export { signature as webhookSignature } from './webhooks.ts';

type Json = Record<string, unknown>;

/** What `startWooCommerceEmulator` resolves to: the URLs and every lever in-process. */
export interface WooCommerceEmulator {
  /** The site's home URL, e.g. `http://127.0.0.1:8095` (the official client's `url`). */
  url: string;
  /** `${url}/wp-json/wc/v3`. */
  apiUrl: string;
  consumerKey: string;
  consumerSecret: string;
  webhookSecret: string;
  close(): Promise<void>;
  store: WooStore;
  clock: Clock;
  faults: Faults;
  stats: RequestStats;
  webhooks: WooWebhooks;
  /** A buyer checks out (REST representation of the new order). */
  checkout(input: CheckoutInput): Json;
  setStatus(orderId: number, status: string): Json;
  refundLine(orderId: number, itemId: number, quantity?: number, reason?: string): Json;
  cancel(orderId: number): Json;
  subscribe(input: CheckoutInput, period?: 'month' | 'year'): { subscriptionId: number; parentOrderId: number };
  renew(subscriptionId: number, paid?: boolean | 'failed'): Json;
  order(orderId: number): Json | undefined;
  /** Meta and notes the integration wrote to an order through the API. */
  writtenBack(orderId: number): { meta: Record<string, unknown>; notes: { note: string; customer_note: boolean }[] };
  notes(orderId: number): Note[];
  advanceClock(ms: number): void;
  injectFault(f: FaultInput): FaultSpec;
  clearFaults(): void;
}

function payload(ctx: RenderContext, resource: HookResource, id: number): unknown {
  const { store } = ctx;
  const gone = (code: string, message = 'Invalid ID.') => ({ code, message, data: { status: 404 } });
  if (resource === 'order') {
    const o = store.orders.get(id);
    return o ? renderOrder(ctx, o) : gone('woocommerce_rest_shop_order_invalid_id');
  }
  if (resource === 'product') {
    const p = store.products.get(id);
    return p ? renderProduct(ctx, p) : gone('woocommerce_rest_product_invalid_id');
  }
  if (resource === 'customer') {
    const c = store.customers.get(id);
    return c ? renderCustomer(ctx, c) : gone('woocommerce_rest_invalid_id', 'Invalid resource ID.');
  }
  return { id };
}

export async function startWooCommerceEmulator(options: WooCommerceEmulatorOptions = {}): Promise<WooCommerceEmulator> {
  const opts = resolveWooOptions(options);
  const clock = new Clock();
  const faults = new Faults(clock, opts.seed);
  const stats = new RequestStats();
  const store = new WooStore(clock, opts);
  if (opts.seedDemo) seedDemo(store);
  let baseUrl = '';
  const site = (): string => opts.siteUrl ?? baseUrl;
  const ctx = (): RenderContext => ({ store, site: site(), dp: 2 });
  const webhooks = new WooWebhooks(store, (resource, id) => payload(ctx(), resource, id), site);
  const auth = new WooAuth(opts, clock);
  const levers: ShopLevers = shopLevers(store, webhooks);
  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/wp-json',
    faultGate({
      faults,
      stats,
      target: 'api',
      scopeOf: () => 'site',
      failure: wooFailure,
      rateLimited: wooRateLimited,
    }),
    wooApi({ store, auth, webhooks, routes: [...orderRoutes, ...catalogRoutes, ...webhookRoutes(webhooks)] }),
  );
  if (opts.controlApi) app.use('/__control', wooControl({ store, webhooks, faults, stats, levers, ctx }));
  app.use(shopPage(store, levers));
  const server = await serveEmulator({ port: opts.port, host: opts.host, app, beforeClose: () => webhooks.close() });
  baseUrl = server.url;
  const orderJson = (id: number): Json => {
    const o = store.orders.get(id);
    if (!o) throw new Error(`no order ${id}`);
    return renderOrder(ctx(), o);
  };
  return {
    url: site(),
    apiUrl: `${site()}/wp-json/wc/v3`,
    consumerKey: DEMO_KEY.consumerKey,
    consumerSecret: DEMO_KEY.consumerSecret,
    webhookSecret: opts.defaultWebhookSecret ?? DEMO_WEBHOOK_SECRET,
    close: () => server.close(),
    store,
    clock,
    faults,
    stats,
    webhooks,
    checkout: (input) => renderOrder(ctx(), levers.checkout(input)),
    setStatus: (id, status) => renderOrder(ctx(), levers.setStatus(id, status)),
    refundLine: (id, itemId, quantity, reason) => renderOrder(ctx(), levers.refundLine(id, itemId, quantity, reason)),
    cancel: (id) => renderOrder(ctx(), levers.setStatus(id, 'cancelled')),
    subscribe: (input, period) => levers.subscribe(input, period),
    renew: (subscriptionId, paid) => renderOrder(ctx(), levers.renew(subscriptionId, paid)),
    order: (id) => (store.orders.has(id) ? orderJson(id) : undefined),
    writtenBack: (id) => {
      const o = store.orders.get(id);
      if (!o) throw new Error(`no order ${id}`);
      return writtenBack(o);
    },
    notes: (id) => [...(store.orders.get(id)?.notes ?? [])],
    advanceClock: (ms) => {
      clock.advance(ms);
    },
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
  };
}
