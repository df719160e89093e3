/**
 * What a WooCommerce site can be told at start. Defaults are a Swedish demo shop (SEK, prices
 * including VAT, Europe/Stockholm). Behaviours the reference marks UNVERIFIED are quirks a test can
 * switch (README, "Unverified").
 */

export type KeyPermissions = 'read' | 'write' | 'read_write';

export interface ApiKey {
  consumerKey: string;
  consumerSecret: string;
  permissions: KeyPermissions;
  /** The WordPress user the key belongs to (its display name authors notes added by the API). */
  userId?: number;
}

export interface WooQuirks {
  /** Renewal orders show `_subscription_renewal` in `meta_data` ('meta') or not ('hidden'). UNVERIFIED. */
  renewalMeta: 'meta' | 'hidden';
  /** `created_via` of a WooCommerce Subscriptions renewal order. UNVERIFIED ('subscription'). */
  renewalCreatedVia: string;
  /**
   * WooCommerce keeps used OAuth nonces keyed by their timestamp (`$used_nonces[$timestamp] = $nonce`),
   * so a later request stamped with the same second forgets the earlier nonce. 'all' remembers every one.
   */
  nonceStore: 'per-timestamp' | 'all';
  /** A new order also fires `order.updated` (checkout and REST create save twice). */
  updatedOnCreate: boolean;
  /** Status a fully refunded order moves to (`woocommerce_order_fully_refunded_status`). */
  fullyRefundedStatus: string;
  /** Largest `per_page` (WordPress REST collection params). */
  perPageMax: number;
  /**
   * Key of the reason in an order's `refunds[]` summary: the documented example and older v2/v3
   * controllers say `refund`, newer controller copies say `reason`. A reader should accept both.
   */
  refundSummaryKey: 'refund' | 'reason';
}

export interface WooCommerceEmulatorOptions {
  port?: number;
  host?: string;
  /** The site's home URL (OAuth base strings, `_links`, `X-WC-Webhook-Source`); default: from the Host header. */
  siteUrl?: string;
  timezone?: string;
  currency?: string;
  /** Store setting "prices entered with tax" (Swedish shops: yes). */
  pricesIncludeTax?: boolean;
  /** The store's base country (rates removed from tax-inclusive prices). */
  baseCountry?: string;
  /** Extra API keys besides the demo `ck_demo` / `cs_demo` (read_write). */
  keys?: ApiKey[];
  /** Secret of webhooks created without one (WooCommerce derives one from the user; the demo uses this). */
  defaultWebhookSecret?: string;
  /**
   * When a request counts as HTTPS (WordPress `is_ssl()`), the only case Basic auth is read:
   * 'forwarded' trusts `X-Forwarded-Proto: https` (a TLS-terminating proxy), 'always', or 'never'.
   */
  ssl?: 'forwarded' | 'always' | 'never';
  /** OAuth 1.0a timestamp window either side of now, and how long a nonce is remembered (WooCommerce: 15 min). */
  oauthWindowSeconds?: number;
  /** A webhook is disabled on the failure after `failure_count` exceeds this (WooCommerce: 5, filterable). */
  maxDeliveryFailures?: number;
  /** Timeout of one webhook delivery (WooCommerce: 60 s). */
  webhookTimeoutMs?: number;
  /** Real ms between the request that changed something and the Action Scheduler run that delivers. */
  deliveryDelayMs?: number;
  /** POST `webhook_id=N` to a new webhook's delivery URL, as WooCommerce does on creation. */
  pingOnCreate?: boolean;
  /** Gateways whose orders can be refunded through the API with `api_refund: true`. */
  refundGateways?: string[];
  /** Seed the demo catalogue, taxes and coupons (default true). */
  seedDemo?: boolean;
  controlApi?: boolean;
  /** The page at `/` reloads itself every so many seconds while idle (0: never; tests). */
  pageRefreshSeconds?: number;
  /** Seed of the webhook chaos generator. */
  seed?: number;
  quirks?: Partial<WooQuirks>;
}

export const DEMO_KEY: ApiKey = {
  consumerKey: 'ck_demo',
  consumerSecret: 'cs_demo',
  permissions: 'read_write',
  userId: 1,
};
export const DEMO_WEBHOOK_SECRET = 'woo-demo-secret';

export const DEFAULT_QUIRKS: WooQuirks = {
  renewalMeta: 'meta',
  renewalCreatedVia: 'subscription',
  nonceStore: 'per-timestamp',
  updatedOnCreate: true,
  fullyRefundedStatus: 'refunded',
  perPageMax: 100,
  refundSummaryKey: 'refund',
};

export interface ResolvedWooOptions {
  port: number;
  host: string;
  siteUrl: string | undefined;
  timezone: string;
  currency: string;
  pricesIncludeTax: boolean;
  baseCountry: string;
  keys: ApiKey[];
  defaultWebhookSecret: string;
  ssl: 'forwarded' | 'always' | 'never';
  oauthWindowSeconds: number;
  maxDeliveryFailures: number;
  webhookTimeoutMs: number;
  deliveryDelayMs: number;
  pingOnCreate: boolean;
  refundGateways: string[];
  seedDemo: boolean;
  controlApi: boolean;
  pageRefreshSeconds: number;
  seed: number;
  quirks: WooQuirks;
}

export function resolveWooOptions(o: WooCommerceEmulatorOptions = {}): ResolvedWooOptions {
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    siteUrl: o.siteUrl?.replace(/\/+$/, ''),
    timezone: o.timezone ?? 'Europe/Stockholm',
    currency: o.currency ?? 'SEK',
    pricesIncludeTax: o.pricesIncludeTax ?? true,
    baseCountry: o.baseCountry ?? 'SE',
    keys: [DEMO_KEY, ...(o.keys ?? [])],
    defaultWebhookSecret: o.defaultWebhookSecret ?? DEMO_WEBHOOK_SECRET,
    ssl: o.ssl ?? 'forwarded',
    oauthWindowSeconds: o.oauthWindowSeconds ?? 15 * 60,
    maxDeliveryFailures: o.maxDeliveryFailures ?? 5,
    webhookTimeoutMs: o.webhookTimeoutMs ?? 60_000,
    deliveryDelayMs: o.deliveryDelayMs ?? 0,
    pingOnCreate: o.pingOnCreate ?? true,
    refundGateways: o.refundGateways ?? ['stripe', 'klarna_payments', 'swish', 'woocommerce_payments'],
    seedDemo: o.seedDemo ?? true,
    controlApi: o.controlApi ?? true,
    pageRefreshSeconds: o.pageRefreshSeconds ?? 5,
    seed: o.seed ?? 1,
    quirks: { ...DEFAULT_QUIRKS, ...o.quirks },
  };
}
