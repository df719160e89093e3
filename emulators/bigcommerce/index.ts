import type { z } from 'zod';
import {
  type Chaos,
  type DeliveryRecord,
  type FaultInput,
  type FaultSpec,
  type ScopeStats,
  serveEmulator,
} from '../kit/index.ts';
import { buildApp } from './app.ts';
import { type BulkProducts, createProduct, createProducts, type ProductInput } from './catalog.ts';
import type { Customer, Product } from './catalog-model.ts';
import { type CustomerInput, createCustomer } from './customers.ts';
import type { SentEvent } from './delivery.ts';
import {
  type Checkout,
  cancel,
  checkout,
  type MerchantRefund,
  merchantRefund,
  moveStatus,
  type PayOrder,
  payOrder,
  type StockSet,
  setStock,
  ship,
} from './levers.ts';
import type { Order, Refund, Transaction } from './model.ts';
import { type BigCommerceEmulatorOptions, resolveOptions } from './options.ts';
import { orderJson } from './order-json.ts';
import { DEMO_STORE, seedDemoStore } from './seed.ts';
import { storeSnapshot } from './snapshot.ts';
import { type AccountAnswer, EmulatorState } from './state.ts';
import { levelOf, stockKey } from './stock.ts';
import type { Store, StoreEvent, StoreInit } from './store.ts';

export type { BigCommerceEmulatorOptions, BlocklistRules, Quirks } from './options.ts';
export { RETRY_SCHEDULE_S } from './options.ts';
export { DEMO_CLIENT_ID, DEMO_SKU_NOT_IN_FORTNOX, DEMO_SKUS_IN_FORTNOX, DEMO_STORE, DEMO_TOKEN } from './seed.ts';
export { type AccountAnswer, ALL_SCOPES } from './state.ts';
export type { StoreEvent } from './store.ts';

/** What `startBigCommerceEmulator` resolves to: the URL and the levers of README "Levers". */
export interface BigCommerceEmulator {
  /** `${url}/stores/{hash}/v2|v3/…`, `${url}/api/v3/io/…` (B2B), `${url}/__control`, the page at `${url}/`. */
  url: string;
  close(): Promise<void>;
  state: EmulatorState;
  store(hash?: string): Store;
  createStore(init: StoreInit): Store;
  createAccount(hash: string, scopes: readonly string[]): AccountAnswer;
  deleteAccount(hash: string, token: string): void;
  createProduct(hash: string, input: ProductInput): Product;
  /** Many simple products `PREFIX-0001`…; returns their SKUs. */
  createProducts(hash: string, input: z.input<typeof BulkProducts>): string[];
  createCustomer(hash: string, input: CustomerInput): Customer;
  /** The shopper checks out (by SKU, with coupon, shipping and an optional payment). */
  checkout(hash: string, input: Checkout): Order;
  setStatus(hash: string, orderId: number, statusId: number): void;
  pay(hash: string, input: z.input<typeof PayOrder>): Transaction;
  ship(hash: string, orderId: number): void;
  cancel(hash: string, orderId: number): void;
  refund(hash: string, input: z.input<typeof MerchantRefund>): Refund;
  setStock(hash: string, input: z.input<typeof StockSet>): void;
  /** Default-location stock of a SKU (what the service pushed), undefined when untracked. */
  stockLevel(hash: string, sku: string): number | undefined;
  /** The V2 order JSON, as the API would answer it. */
  orderJson(hash: string, orderId: number): Record<string, unknown>;
  snapshot(hash?: string): ReturnType<typeof storeSnapshot>;
  advanceClock(ms: number): number;
  now(): number;
  injectFault(f: FaultInput): FaultSpec;
  clearFaults(): void;
  stats(hash: string): ScopeStats;
  resetStats(): void;
  setRateLimit(s: { max?: number; windowMs?: number; enabled?: boolean }): void;
  webhooks: {
    chaos(c: Partial<Chaos>): Chaos;
    deliveries(filter?: Partial<Pick<DeliveryRecord, 'subscription' | 'event' | 'outcome'>>): DeliveryRecord[];
    sent(id: string): SentEvent | undefined;
    redeliver(id: string): string;
    /** A forged callback to a hook's destination: these headers instead of the hook's, a wrong signature. */
    forge(
      hash: string,
      hookId: number,
      scope: string,
      data: Record<string, unknown>,
      headers?: Record<string, string>,
    ): string;
    flushRetries(): void;
    idle(): Promise<void>;
    pending(): number;
  };
  /** Resolves at the next store event (a webhook scope) that matches. */
  waitForEvent(match: (e: StoreEvent) => boolean): Promise<StoreEvent>;
}

export async function startBigCommerceEmulator(options: BigCommerceEmulatorOptions = {}): Promise<BigCommerceEmulator> {
  const opts = resolveOptions(options);
  const state = new EmulatorState(opts);
  if (opts.seedDemoStore) seedDemoStore(state);
  const server = await serveEmulator({
    port: opts.port,
    host: opts.host,
    app: buildApp(state),
    beforeClose: () => state.close(),
  });
  state.env.baseUrl = server.url;
  const s = (hash: string) => state.store(hash);
  return {
    url: server.url,
    close: () => server.close(),
    state,
    store: (hash = DEMO_STORE) => s(hash),
    createStore: (init) => state.createStore(init),
    createAccount: (hash, scopes) => state.createAccount(hash, scopes),
    deleteAccount: (hash, token) => state.deleteAccount(hash, token),
    createProduct: (hash, input) => createProduct(s(hash), input),
    createProducts: (hash, input) => createProducts(s(hash), input),
    createCustomer: (hash, input) => createCustomer(s(hash), input),
    checkout: (hash, input) => checkout(s(hash), input),
    setStatus: (hash, order_id, status_id) => moveStatus(s(hash), { order_id, status_id }),
    pay: (hash, input) =>
      payOrder(s(hash), { gateway: 'testgateway', method: 'credit_card', captured: true, ...input }),
    ship: (hash, order_id) => ship(s(hash), { order_id }),
    cancel: (hash, order_id) => cancel(s(hash), { order_id }),
    refund: (hash, input) => merchantRefund(s(hash), input),
    setStock: (hash, input) => {
      setStock(s(hash), { mode: 'absolute', location_id: 1, ...input });
    },
    stockLevel: (hash, sku) => {
      const store = s(hash);
      const v = store.variantBySku(sku);
      const p = v ? store.products.get(v.productId) : undefined;
      const key = p && v ? stockKey(p, v) : undefined;
      return key === undefined ? undefined : levelOf(store, key);
    },
    orderJson: (hash, orderId) => {
      const o = s(hash).order(orderId);
      if (!o) throw new Error(`no order ${orderId}`);
      return orderJson(s(hash), o, true);
    },
    snapshot: (hash = DEMO_STORE) => storeSnapshot(s(hash)),
    advanceClock: (ms) => state.env.clock.advance(ms),
    now: () => state.env.clock.now(),
    injectFault: (f) => state.faults.add(f),
    clearFaults: () => state.faults.clear(),
    stats: (hash) => state.stats.get(hash),
    resetStats: () => state.stats.reset(),
    setRateLimit: (settings) => {
      state.limiter.update(Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)));
    },
    webhooks: {
      chaos: (c) => state.delivery.dispatcher.setChaos(c),
      deliveries: (filter) => state.delivery.dispatcher.deliveries(filter),
      sent: (id) => state.delivery.sent.get(id),
      redeliver: (id) => state.delivery.redeliver(id),
      forge: (hash, hookId, scope, data, headers = {}) => state.delivery.forge(hash, hookId, scope, data, headers),
      flushRetries: () => state.delivery.dispatcher.flushRetries(),
      idle: () => state.delivery.dispatcher.idle(),
      pending: () => state.delivery.dispatcher.pending(),
    },
    waitForEvent: (match) =>
      new Promise((resolve) => {
        const on = (e: StoreEvent): void => {
          if (!match(e)) return;
          state.env.events.off('event', on);
          resolve(e);
        };
        state.env.events.on('event', on);
      }),
  };
}
