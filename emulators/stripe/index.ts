import express from 'express';
import {
  Clock,
  type FaultInput,
  type FaultSpec,
  Faults,
  faultGate,
  RequestStats,
  SlidingWindowLimiter,
  serveEmulator,
} from '../kit/index.ts';
import { stripeApi } from './api.ts';
import { runDueBilling, startBillingClock } from './billing-clock.ts';
import { stripeControl } from './control.ts';
import { stripeFailure, stripeRateLimited } from './errors.ts';
import { type Endpoint, StripeEvents } from './events.ts';
import { IdempotencyKeys } from './idempotency.ts';
import { type StripeLevers, stripeLevers } from './levers.ts';
import { DEMO_SECRET_KEY, DEMO_WEBHOOK_SECRET, resolveStripeOptions, type StripeEmulatorOptions } from './options.ts';
import { stripePage } from './page.ts';
import { billingRoutes } from './routes-billing.ts';
import { paymentRoutes } from './routes-payments.ts';
import { type DemoIds, seedDemo } from './seed.ts';
import { StripeStore } from './store.ts';

export type { Forgery } from './events.ts';
export { signatureHeader } from './events.ts';
export type { RetrySchedule, StripeEmulatorOptions } from './options.ts';
export { DEMO_SECRET_KEY, DEMO_WEBHOOK_SECRET, LATEST_API_VERSION, RETRY_SCHEDULES } from './options.ts';
export type { DemoIds } from './seed.ts';

/** What `startStripeEmulator` resolves to: the URL, the client settings and every lever in-process. */
export interface StripeEmulator extends StripeLevers {
  url: string;
  /** `new Stripe(secretKey, { host, port, protocol: 'http' })`. */
  host: string;
  port: number;
  secretKey: string;
  close(): Promise<void>;
  store: StripeStore;
  events: StripeEvents;
  clock: Clock;
  faults: Faults;
  stats: RequestStats;
  limiter: SlidingWindowLimiter;
  /** The demo account's ids (undefined when not seeded). */
  demo: DemoIds | undefined;
  /** The endpoint made from `webhookEndpoint` (secret `whsec_demo` unless given). */
  demoEndpoint: Endpoint | undefined;
  advanceClock(ms: number): void;
  injectFault(f: FaultInput): FaultSpec;
  clearFaults(): void;
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const opts = resolveStripeOptions(options);
  const clock = new Clock();
  const faults = new Faults(clock, opts.seed);
  const stats = new RequestStats();
  const store = new StripeStore(clock, opts);
  const events = new StripeEvents(store);
  const limiter = new SlidingWindowLimiter(clock, { ...opts.rateLimit });
  const idempotency = new IdempotencyKeys(opts.idempotencyTtlMs);
  const demo = opts.seedDemo ? seedDemo(store) : undefined;
  const levers = stripeLevers(store, events);
  const w = opts.webhookEndpoint;
  const demoEndpoint = w
    ? levers.endpoint({
        url: w.url,
        enabledEvents: w.enabledEvents,
        apiVersion: w.apiVersion,
        secret: w.secret ?? DEMO_WEBHOOK_SECRET,
      })
    : undefined;
  const stopBilling = startBillingClock(store);
  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/v1',
    faultGate({
      faults,
      stats,
      target: 'api',
      scopeOf: () => 'account',
      failure: stripeFailure,
      rateLimited: stripeRateLimited,
    }),
    stripeApi({ store, events, idempotency, limiter, routes: [...billingRoutes, ...paymentRoutes] }),
  );
  if (opts.controlApi) app.use('/__control', stripeControl({ store, events, levers, faults, stats, limiter }));
  app.use(stripePage(store, events, levers, () => demo?.vat));
  const server = await serveEmulator({
    port: opts.port,
    host: opts.host,
    app,
    beforeClose: () => {
      stopBilling();
      events.close();
    },
  });
  return {
    ...levers,
    url: server.url,
    host: opts.host,
    port: server.port,
    secretKey: DEMO_SECRET_KEY,
    close: () => server.close(),
    store,
    events,
    clock,
    faults,
    stats,
    limiter,
    demo,
    demoEndpoint,
    advanceClock: (ms) => {
      clock.advance(ms);
      runDueBilling(store);
    },
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
  };
}
