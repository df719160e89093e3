import { z } from 'zod';

/**
 * BigCommerce's slice of the environment. Stores are connected from the dashboard (their tokens are
 * stored encrypted with the connection), so nothing here is a secret; locally the API URL defaults
 * to the emulator. The quota is per store and shared by every app the merchant installed, so the
 * limiter defaults to the Standard/Plus plan's 150 requests per 30 s [reference A7].
 */
export const bigcommerceConfigSchema = z.object({
  /** https://api.bigcommerce.com in production; the emulator (port 8093) locally. */
  BIGCOMMERCE_API_URL: z.url().optional(),
  BIGCOMMERCE_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(150),
  BIGCOMMERCE_RATE_WINDOW_MS: z.coerce.number().int().min(1000).default(30_000),
  /** How often the reconciliation poll asks each store for orders modified since its checkpoint. */
  BIGCOMMERCE_POLL_SECONDS: z.coerce.number().min(0.2).max(86_400).default(60),
  /** Re-read this much before the checkpoint: clocks drift and an order can commit late. */
  BIGCOMMERCE_POLL_OVERLAP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Hints about one order within this many seconds become one job (a checkout fires 4–5 callbacks); 0 = none. */
  BIGCOMMERCE_COALESCE_SECONDS: z.coerce.number().int().min(0).max(60).default(2),
  /** Where BigCommerce sends webhooks (https on 443); PUBLIC_URL when absent. */
  BIGCOMMERCE_WEBHOOK_BASE_URL: z.url().optional(),
});

export interface BigCommerceConfig {
  apiUrl: string;
  rateLimit: number;
  rateWindowMs: number;
  pollMs: number;
  overlapMs: number;
  coalesceSeconds: number;
  /** Base of our webhook destination, undefined when neither variable is set (no hooks registered). */
  webhookBase: string | undefined;
  /** Keys the webhook secret header of each connection. */
  appSecret: string;
  adminPassword: string | undefined;
  encryptionKey: string;
}

const PRODUCTION_API = 'https://api.bigcommerce.com';
const LOCAL_API = 'http://127.0.0.1:8093';

export function bigcommerceConfig(config: Readonly<Record<string, unknown>>): BigCommerceConfig {
  const own = bigcommerceConfigSchema.parse(config);
  const production = config.NODE_ENV === 'production';
  const publicUrl = typeof config.PUBLIC_URL === 'string' ? config.PUBLIC_URL : undefined;
  return {
    apiUrl: (own.BIGCOMMERCE_API_URL ?? (production ? PRODUCTION_API : LOCAL_API)).replace(/\/$/, ''),
    rateLimit: own.BIGCOMMERCE_RATE_LIMIT,
    rateWindowMs: own.BIGCOMMERCE_RATE_WINDOW_MS,
    pollMs: own.BIGCOMMERCE_POLL_SECONDS * 1000,
    overlapMs: own.BIGCOMMERCE_POLL_OVERLAP_SECONDS * 1000,
    coalesceSeconds: own.BIGCOMMERCE_COALESCE_SECONDS,
    webhookBase: (own.BIGCOMMERCE_WEBHOOK_BASE_URL ?? publicUrl)?.replace(/\/$/, ''),
    appSecret: String(config.APP_SECRET ?? ''),
    adminPassword: typeof config.ADMIN_PASSWORD === 'string' ? config.ADMIN_PASSWORD : undefined,
    encryptionKey: String(config.ENCRYPTION_KEY ?? ''),
  };
}
