import type { Router } from 'express';
import type Stripe from 'stripe';
import { z } from 'zod';
import { deriveKey } from '../../core/crypto.ts';
import { AppError } from '../../core/errors.ts';
import { saveConnection } from '../../db/source-connections.repo.ts';
import { connectPageRoutes, publicBase } from '../shop/connect-page.ts';
import type { SourceServices } from '../source.ts';
import { stripeFailure } from './client.ts';
import type { StripeCredentials } from './config.ts';
import { SYSTEM } from './invoice-read.ts';

/**
 * `GET/POST /sources/stripe/connect`: a Stripe secret key is checked by reading the account's
 * invoices; then a webhook endpoint pointing at this service is registered with the events we read
 * (Stripe answers its signing secret once, at creation) — or, when the admin gives the signing
 * secret of an endpoint they made themselves, that one is used and nothing is registered. Stored
 * encrypted; a key Stripe refuses stores nothing.
 */

export const STRIPE_CONNECT_PATH = '/sources/stripe/connect';

/** What the events poller and webhooks read (intake.ts). */
export const ENABLED_EVENTS = [
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.updated',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'credit_note.created',
  'credit_note.updated',
  'credit_note.voided',
  'refund.created',
  'refund.updated',
  'refund.failed',
  // Products become articles while the connection's `products` setting says so.
  'product.created',
  'product.updated',
  'price.created',
  'price.updated',
] as const;

const input = z.object({
  key: z.string().regex(/^[a-z0-9-]{1,20}$/, 'a short key: lowercase letters, digits and -, at most 20'),
  label: z.string().min(1).max(100).optional(),
  secretKey: z.string().regex(/^(sk|rk)_[A-Za-z0-9_]{4,200}$/, 'a secret (sk_…) or restricted (rk_…) key'),
  webhookSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9_]{4,200}$/, 'the signing secret (whsec_…)')
    .optional(),
});

async function checked<T>(call: () => Promise<T>, what: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const err = stripeFailure(error, what) as AppError;
    throw new AppError(`Connecting Stripe failed: ${err.message}`, {
      code: 'stripe_connect_failed',
      category: err.category === 'unavailable' ? 'unavailable' : 'auth',
      retryable: false,
      cause: error,
      userMessage:
        err.category === 'unavailable'
          ? 'Stripe did not answer; try again in a minute.'
          : 'Stripe did not accept this secret key. Copy it from Stripe (Developers → API keys); a restricted key needs read access to invoices, customers, credit notes, refunds and events, and write access to invoices and webhook endpoints.',
    });
  }
}

export function stripeConnectRoutes(
  router: Router,
  services: SourceServices,
  makeClient: (secretKey: string) => Stripe,
): void {
  connectPageRoutes(router, services, {
    system: SYSTEM,
    title: 'Connect a Stripe account',
    intro:
      'Paste the account’s secret key. It is checked with Stripe and stored encrypted, and a webhook endpoint pointing here is registered. If you made the endpoint yourself, give its signing secret and none is registered.',
    fields: [
      { name: 'key', label: 'Connection key', hint: 'A short name for this account, e.g. main.' },
      { name: 'label', label: 'Account name (optional)', required: false },
      { name: 'secretKey', label: 'Secret key', type: 'password', hint: 'sk_live_… or a restricted rk_… key' },
      {
        name: 'webhookSecret',
        label: 'Signing secret of your own endpoint (optional)',
        type: 'password',
        required: false,
        hint: `whsec_… — the endpoint must point at /sources/stripe/webhook/<connection key>`,
      },
    ],
    schema: input,
    connect: async (given, req) => {
      const stripe = makeClient(given.secretKey);
      await checked(() => stripe.invoices.list({ limit: 1 }), 'GET invoices');
      let credentials: StripeCredentials;
      if (given.webhookSecret !== undefined) {
        credentials = { secretKey: given.secretKey, webhookSecret: given.webhookSecret };
      } else {
        const url = `${publicBase(services, req).replace(/\/$/, '')}/sources/stripe/webhook/${given.key}`;
        const endpoint = await checked(
          () =>
            stripe.webhookEndpoints.create({
              url,
              enabled_events: [...ENABLED_EVENTS],
              description: `fortnox-sync (${given.key})`,
            }),
          'POST webhook_endpoints',
        );
        if (endpoint.secret === undefined) throw new Error('Stripe answered a webhook endpoint without its secret');
        credentials = { secretKey: given.secretKey, webhookSecret: endpoint.secret, endpointId: endpoint.id };
      }
      await saveConnection(services.pool, deriveKey(String(services.config.ENCRYPTION_KEY ?? '')), {
        system: SYSTEM,
        key: given.key,
        label: given.label ?? `Stripe ${given.key}`,
        credentials,
      });
      return credentials.endpointId === undefined
        ? `Connected the Stripe account as “${given.key}” with your own webhook endpoint.`
        : `Connected the Stripe account as “${given.key}”; webhook endpoint ${credentials.endpointId} points here.`;
    },
  });
}
