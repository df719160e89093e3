import { z } from 'zod';
import { shopSettingsShape } from '../shop/settings.ts';

/**
 * Stripe Billing's slice of the environment and its per-connection settings. One account is
 * connected by the environment (connection `default`) when `STRIPE_SECRET_KEY` is set; the webhook
 * secret is the signing secret of the endpoint pointing at `/sources/stripe/webhook/default`.
 * `STRIPE_API_URL` points the official client at another host (the emulator locally).
 */
export const stripeConfigSchema = z.object({
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).default('whsec_demo'),
  STRIPE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** How often the catch-up poller reads `GET /v1/events` since the last event it saw. */
  STRIPE_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /**
   * Requests per second this service sends to one Stripe account, all processes together. Stripe
   * allows 100 in live mode and 25 in a sandbox; 20 leaves room for the merchant's own tools.
   */
  STRIPE_RATE_LIMIT: z.coerce.number().int().min(1).max(100).default(20),
});

export type StripeConfig = z.infer<typeof stripeConfigSchema>;
export const STRIPE_CONNECTION = 'default';

export function stripeConfig(config: Readonly<Record<string, unknown>>): StripeConfig {
  return stripeConfigSchema.parse(config);
}

export const stripeSettingsSchema = z.object({
  trigger: z.enum(['invoice.paid', 'invoice.finalized']).default('invoice.paid').meta({
    title: 'A Stripe invoice becomes a Fortnox document when it is',
    description:
      'invoice.paid: once paid (renewals on a card); invoice.finalized: as soon as it is final (sent for payment).',
  }),
  orgNumberMetadataKeys: z
    .array(z.string().min(1))
    .default(['org_number', 'organisation_number'])
    .meta({ title: 'Customer metadata keys holding the organisation number' }),
  glnMetadataKeys: z
    .array(z.string().min(1))
    .default(['gln', 'ean'])
    .meta({ title: 'Customer metadata keys holding a GLN/EAN' }),
  ...shopSettingsShape,
});

export type StripeSettings = z.infer<typeof stripeSettingsSchema>;

/** What a connection needs to talk to its account: what the connect page stored, else the environment's. */
export const stripeCredentialsSchema = z.object({
  secretKey: z.string().regex(/^(sk|rk)_[A-Za-z0-9_]{4,200}$/, 'a secret (sk_…) or restricted (rk_…) key'),
  webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9_]{4,200}$/, 'the endpoint’s signing secret (whsec_…)'),
  /** The webhook endpoint the connect page registered, when it did. */
  endpointId: z.string().optional(),
});
export type StripeCredentials = z.infer<typeof stripeCredentialsSchema>;

export function stripeCredentials(stored: unknown, config: StripeConfig): StripeCredentials | undefined {
  const parsed = stripeCredentialsSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  if (config.STRIPE_SECRET_KEY === undefined) return undefined;
  return { secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET };
}
