/**
 * What a Stripe test-mode account can be told at start. Defaults: a Swedish account (SEK), the
 * demo secret key `sk_test_demo`, API version 2025-03-31.basil as the account default. What the
 * reference marks UNVERIFIED is an option here (README, "Unverified").
 */

/** Milliseconds between attempts after a failed webhook delivery. */
export type RetrySchedule = 'live' | 'sandbox' | readonly number[];

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * Stripe documents "exponential backoff for up to three days" in live mode and "three times over a
 * few hours" in a sandbox, not the intervals (UNVERIFIED): these are plausible shapes of both.
 */
export const RETRY_SCHEDULES: Record<'live' | 'sandbox', readonly number[]> = {
  live: [MIN, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 12 * HOUR, 12 * HOUR, 12 * HOUR, 12 * HOUR],
  sandbox: [5 * MIN, 1 * HOUR, 2 * HOUR],
};

export interface StripeEmulatorOptions {
  port?: number;
  host?: string;
  /** Secret keys accepted besides `sk_test_demo`. */
  secretKeys?: string[];
  /** The account's default API version (requests without `Stripe-Version`, endpoints without `api_version`). */
  accountApiVersion?: string;
  /** Currency of the account's balance (balance transactions). */
  accountCurrency?: string;
  accountCountry?: string;
  /** Webhook retry schedule after a failure (default 'live'). */
  retrySchedule?: RetrySchedule;
  /** Real ms per emulated ms while a retry waits (default 0.001: three days pass in about four minutes). */
  webhookTimeScale?: number;
  webhookTimeoutMs?: number;
  /** Requests per second per key (sandbox: 25, live: 100); `enabled: false` turns the limiter off. */
  rateLimit?: { max?: number; windowMs?: number; enabled?: boolean };
  /** How long an idempotency key's first answer is kept (Stripe: at least 24 h). */
  idempotencyTtlMs?: number;
  /** Card fee on the balance transaction (UNVERIFIED; Stripe's European card price is used). */
  cardFee?: { percent: number; fixed: number };
  /** Days after a failed renewal payment when Stripe tries again (UNVERIFIED: Smart Retries vary). */
  paymentRetryDays?: readonly number[];
  /** Emit `plan.created`/`plan.updated` beside `price.*` for recurring prices (UNVERIFIED). */
  planEvents?: boolean;
  /** A webhook endpoint created at start (the demo: URL from the environment, secret `whsec_demo`). */
  webhookEndpoint?: { url: string; secret?: string; enabledEvents?: string[]; apiVersion?: string };
  /** Seed the demo catalogue (products, prices, Swedish VAT tax rate, coupon, customers). */
  seedDemo?: boolean;
  controlApi?: boolean;
  /** The page at `/` reloads itself every so many seconds while idle (0: never; tests). */
  pageRefreshSeconds?: number;
  seed?: number;
}

export const DEMO_SECRET_KEY = 'sk_test_demo';
export const DEMO_WEBHOOK_SECRET = 'whsec_demo';
/** The newest version this emulator knows (the pinned version of stripe-node 23.1.0). */
export const LATEST_API_VERSION = '2026-10-28.endive';

export interface ResolvedStripeOptions {
  port: number;
  host: string;
  secretKeys: string[];
  accountApiVersion: string;
  accountCurrency: string;
  accountCountry: string;
  retryDelaysMs: readonly number[];
  webhookTimeScale: number;
  webhookTimeoutMs: number;
  rateLimit: { max: number; windowMs: number; enabled: boolean };
  idempotencyTtlMs: number;
  cardFee: { percent: number; fixed: number };
  paymentRetryDays: readonly number[];
  planEvents: boolean;
  webhookEndpoint: StripeEmulatorOptions['webhookEndpoint'];
  seedDemo: boolean;
  controlApi: boolean;
  pageRefreshSeconds: number;
  seed: number;
}

export function resolveStripeOptions(o: StripeEmulatorOptions = {}): ResolvedStripeOptions {
  const schedule = o.retrySchedule ?? 'live';
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    secretKeys: [DEMO_SECRET_KEY, ...(o.secretKeys ?? [])],
    accountApiVersion: o.accountApiVersion ?? '2025-03-31.basil',
    accountCurrency: o.accountCurrency ?? 'sek',
    accountCountry: o.accountCountry ?? 'SE',
    retryDelaysMs: typeof schedule === 'string' ? RETRY_SCHEDULES[schedule] : schedule,
    webhookTimeScale: o.webhookTimeScale ?? 0.001,
    webhookTimeoutMs: o.webhookTimeoutMs ?? 10_000,
    rateLimit: {
      max: o.rateLimit?.max ?? 25,
      windowMs: o.rateLimit?.windowMs ?? 1000,
      enabled: o.rateLimit?.enabled ?? true,
    },
    idempotencyTtlMs: o.idempotencyTtlMs ?? 24 * HOUR,
    cardFee: o.cardFee ?? { percent: 1.5, fixed: 180 },
    paymentRetryDays: o.paymentRetryDays ?? [3, 5, 7],
    planEvents: o.planEvents ?? true,
    webhookEndpoint: o.webhookEndpoint,
    seedDemo: o.seedDemo ?? true,
    controlApi: o.controlApi ?? true,
    pageRefreshSeconds: o.pageRefreshSeconds ?? 5,
    seed: o.seed ?? 1,
  };
}
