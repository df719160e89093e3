import { z } from 'zod';

/**
 * WooCommerce's slice of the environment: one shop the environment connects (connection
 * `default`) when `WOOCOMMERCE_URL` is set. Keys come from WooCommerce → Settings → Advanced → REST
 * API (read/write, so the Fortnox number can be written back); the webhook secret is the one this
 * service registers its webhooks with. Locally the defaults are the emulator's demo keys.
 */
export const wooConfigSchema = z.object({
  WOOCOMMERCE_URL: z.url({ protocol: /^https?$/ }).optional(),
  WOOCOMMERCE_CONSUMER_KEY: z.string().min(1).default('ck_demo'),
  WOOCOMMERCE_CONSUMER_SECRET: z.string().min(1).default('cs_demo'),
  WOOCOMMERCE_WEBHOOK_SECRET: z.string().min(8).default('woo-demo-secret'),
  /** How often the catch-up poller asks for orders modified since the last one it saw. */
  WOOCOMMERCE_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
});

export type WooConfig = z.infer<typeof wooConfigSchema>;

export const WOO_REQUIRED_IN_PRODUCTION = [] as const;

export const WOO_CONNECTION = 'default';

export function wooConfig(config: Readonly<Record<string, unknown>>): WooConfig {
  return wooConfigSchema.parse(config);
}

/** What a connection needs to talk to its shop: the environment's, or what the dashboard stored. */
export const wooCredentialsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  webhookSecret: z.string().min(8),
});

export type WooCredentials = z.infer<typeof wooCredentialsSchema>;

export function credentialsOf(stored: unknown, config: WooConfig): WooCredentials | undefined {
  const parsed = wooCredentialsSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  if (config.WOOCOMMERCE_URL === undefined) return undefined;
  return {
    url: config.WOOCOMMERCE_URL,
    consumerKey: config.WOOCOMMERCE_CONSUMER_KEY,
    consumerSecret: config.WOOCOMMERCE_CONSUMER_SECRET,
    webhookSecret: config.WOOCOMMERCE_WEBHOOK_SECRET,
  };
}
