/**
 * Start-up options. Numbers the reference documents are defaults here; behaviours it marks
 * UNVERIFIED are switches in `Quirks` so a test can pin the variant it relies on (README, "Unverified").
 */

/** BigCommerce's webhook retry schedule, seconds after each failed attempt [BC-WH overview.mdx]. */
export const RETRY_SCHEDULE_S = [60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400] as const;

export interface Quirks {
  /** Status of a second refund while the first is still processing ("not yet supported"; code unknown). */
  concurrentRefundStatus: number;
  /** How long a refund's asynchronous payment request keeps the order locked for refunds, emulated ms. */
  refundProcessingMs: number;
  /** V2 `limit` above `maxV2Limit`: 413 (status-codes.mdx "limit exceeded the maximum") or cap silently. */
  overLimit: 'reject' | 'cap';
  maxV2Limit: number;
  /** Status of POST /v2/orders: the OpenAPI says 200, status-codes.mdx says POST answers 201. */
  createOrderStatus: 200 | 201;
  /**
   * Webhook `hash`: SHA-1 of the payload plus an event id (one hash per event, shared by its retries and
   * duplicates), or of the JSON of `data` alone (two updates of one order then share a hash).
   */
  webhookHash: 'data' | 'payload';
  /** Standard Webhooks signature headers (webhook-id/-timestamp/-signature) keyed by the client secret. */
  signWebhooks: boolean;
  /** Hook destinations: https on 443 as documented, the same except loopback hosts, or anything. */
  destinationRule: 'https-443' | 'https-443-except-loopback' | 'any';
  /** Emulated ms before a new hook starts firing ("can take up to one minute"). */
  hookActivationMs: number;
  /** Emulated ms before an inventory write shows in reads ("there may be a short delay"). */
  inventoryApplyMs: number;
  /** Items per inventory adjustment request (documented: 2000) and the status above it (undocumented). */
  maxAdjustmentItems: number;
  overAdjustmentLimitStatus: number;
  /** Stock goes back on Cancelled/Refunded (not on Partially Refunded) [BC-WH events/index.mdx]. */
  restockOnCancelOrRefund: boolean;
}

export interface BlocklistRules {
  /** Sliding window of the per-destination success ratio, emulated ms (2 minutes). */
  windowMs: number;
  /** Deliveries in the window before the ratio counts (100). */
  minRequests: number;
  /** Below this share of successes the domain is blocklisted (0.9). */
  threshold: number;
  /** How long a blocklisted domain takes nothing, emulated ms (3 minutes). */
  blockMs: number;
}

export interface BigCommerceEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seed store `demo` with token `demo-token` (every scope), SEK products and customers (default true). */
  seedDemoStore?: boolean;
  /** Requests per window per store, shared by every API account (Standard/Plus 150 per 30 s; Pro 450). */
  rateLimit?: { max?: number; windowMs?: number; enabled?: boolean };
  /** Real ms per emulated ms for webhook retries and blocks (0.001: the 48 h schedule takes ~3 min). */
  webhookTimeScale?: number;
  /** Retry waits in seconds; the documented schedule by default. */
  retryScheduleSeconds?: readonly number[];
  webhookTimeoutMs?: number;
  blocklist?: Partial<BlocklistRules>;
  /** Days without events before a hook is deactivated (90). */
  hookInactivityDays?: number;
  /** Base of `{url, resource}` links; the emulator's own URL unless given ('https://api.bigcommerce.com'). */
  linkBase?: string;
  quirks?: Partial<Quirks>;
  /** Seed for the webhook chaos generator (duplicates, drops, reordering). */
  seed?: number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  seedDemoStore: boolean;
  rateLimit: { max: number; windowMs: number; enabled: boolean };
  webhookTimeScale: number;
  retryDelaysMs: number[];
  webhookTimeoutMs: number;
  blocklist: BlocklistRules;
  hookInactivityMs: number;
  linkBase: string | undefined;
  quirks: Quirks;
  seed: number;
}

export const DEFAULT_QUIRKS: Quirks = {
  concurrentRefundStatus: 422,
  refundProcessingMs: 2000,
  overLimit: 'reject',
  maxV2Limit: 250,
  createOrderStatus: 201,
  webhookHash: 'payload',
  signWebhooks: true,
  destinationRule: 'https-443-except-loopback',
  hookActivationMs: 0,
  inventoryApplyMs: 0,
  maxAdjustmentItems: 2000,
  overAdjustmentLimitStatus: 422,
  restockOnCancelOrRefund: true,
};

export function resolveOptions(o: BigCommerceEmulatorOptions = {}): ResolvedOptions {
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    seedDemoStore: o.seedDemoStore ?? true,
    rateLimit: {
      max: o.rateLimit?.max ?? 150,
      windowMs: o.rateLimit?.windowMs ?? 30_000,
      enabled: o.rateLimit?.enabled ?? true,
    },
    webhookTimeScale: o.webhookTimeScale ?? 0.001,
    retryDelaysMs: [...(o.retryScheduleSeconds ?? RETRY_SCHEDULE_S)].map((s) => s * 1000),
    webhookTimeoutMs: o.webhookTimeoutMs ?? 5000,
    blocklist: { windowMs: 120_000, minRequests: 100, threshold: 0.9, blockMs: 180_000, ...o.blocklist },
    hookInactivityMs: (o.hookInactivityDays ?? 90) * 86_400_000,
    linkBase: o.linkBase,
    quirks: { ...DEFAULT_QUIRKS, ...o.quirks },
    seed: o.seed ?? 1,
  };
}
