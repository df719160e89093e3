import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import { z } from 'zod';
import { deriveKey } from '../../core/crypto.ts';
import { AppError, toAppError } from '../../core/errors.ts';
import { saveConnection } from '../../db/source-connections.repo.ts';
import { connectPageRoutes, publicBase } from '../shop/connect-page.ts';
import type { SourceServices } from '../source.ts';
import { wooClient } from './client.ts';
import type { WooCredentials } from './config.ts';
import { ensureWebhooks } from './hooks-register.ts';
import { SYSTEM } from './order-read.ts';

/**
 * `GET/POST /sources/woocommerce/connect`: a shop's URL and REST API key (WooCommerce → Settings →
 * Advanced → REST API, read/write) are checked by reading one order, stored encrypted with a
 * webhook secret of our own, and the shop's webhooks are registered at once (the poller keeps
 * them active afterwards). A key WooCommerce refuses stores nothing.
 */

const input = z.object({
  key: z.string().regex(/^[a-z0-9-]{1,20}$/, 'a short key: lowercase letters, digits and -, at most 20'),
  label: z.string().min(1).max(100).optional(),
  url: z.url({ protocol: /^https?$/ }),
  consumerKey: z.string().regex(/^ck_[A-Za-z0-9_]{1,80}$/, 'starts with ck_'),
  consumerSecret: z.string().regex(/^cs_[A-Za-z0-9_]{1,80}$/, 'starts with cs_'),
});

export const WOO_CONNECT_PATH = '/sources/woocommerce/connect';

export function wooConnectRoutes(router: Router, services: SourceServices): void {
  connectPageRoutes(router, services, {
    system: SYSTEM,
    title: 'Connect a WooCommerce shop',
    intro:
      'Create a REST API key in WooCommerce (Settings → Advanced → REST API, permission Read/Write) and paste it here. The key is checked with the shop, stored encrypted, and the shop’s webhooks are registered.',
    fields: [
      { name: 'key', label: 'Connection key', hint: 'A short name for this shop, e.g. main or se-shop.' },
      { name: 'label', label: 'Shop name (optional)', required: false },
      { name: 'url', label: 'Shop address', type: 'url', hint: 'e.g. https://shop.example.se' },
      { name: 'consumerKey', label: 'Consumer key', hint: 'ck_…' },
      { name: 'consumerSecret', label: 'Consumer secret', type: 'password', hint: 'cs_…' },
    ],
    schema: input,
    connect: async (given, req) => {
      const credentials: WooCredentials = {
        url: given.url,
        consumerKey: given.consumerKey,
        consumerSecret: given.consumerSecret,
        webhookSecret: randomBytes(24).toString('base64url'),
      };
      const client = wooClient(credentials, 15_000);
      try {
        await client.get('orders', { per_page: 1 });
      } catch (error) {
        const err = toAppError(error);
        throw new AppError(`Connecting WooCommerce shop ${given.url} failed: ${err.message}`, {
          code: 'woocommerce_connect_failed',
          category: err.category === 'unavailable' ? 'unavailable' : 'auth',
          retryable: false,
          cause: error,
          userMessage:
            err.category === 'unavailable'
              ? `The shop at ${given.url} did not answer. Check the address (the WordPress site, without /wp-json) and try again.`
              : `WooCommerce did not accept this key for ${given.url}. Check the consumer key and secret, and that the key has Read/Write permission.`,
        });
      }
      await saveConnection(services.pool, deriveKey(String(services.config.ENCRYPTION_KEY ?? '')), {
        system: SYSTEM,
        key: given.key,
        label: given.label ?? `WooCommerce ${new URL(given.url).host}`,
        credentials,
      });
      const connection = await services.connections.get(SYSTEM, given.key);
      if (connection !== undefined) {
        await ensureWebhooks(
          client,
          connection,
          credentials,
          publicBase(services, req),
          services.connections,
          services.logger,
        );
      }
      const problem = (await services.connections.get(SYSTEM, given.key))?.lastError;
      return problem
        ? `Connected ${given.url} as “${given.key}”, but: ${problem}`
        : `Connected ${given.url} as “${given.key}”; its webhooks point here. Orders on the invoicing statuses now become Fortnox documents.`;
    },
  });
}
