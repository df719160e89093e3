import express, { type Router } from 'express';
import { z } from 'zod';
import { deriveKey } from '../../core/crypto.ts';
import { AppError, toAppError } from '../../core/errors.ts';
import { defined } from '../../core/optional.ts';
import { saveConnection } from '../../db/source-connections.repo.ts';
import { requireAdmin } from '../../web/admin-auth.ts';
import type { SourceServices } from '../source.ts';
import { saveCheckpoint } from './checkpoint.ts';
import type { BigCommerceClient, StoreCredentials } from './client.ts';
import type { BigCommerceConfig } from './config.ts';
import { SYSTEM } from './customer-map.ts';
import { ensureHooks, type HookRepair, hookDestination, webhookSecret } from './hooks.ts';

/**
 * Connecting a store: the store hash and the token of a store-level API account (the merchant
 * creates one in the control panel; it does not expire [reference A1]) are checked with a real call,
 * stored encrypted as a source connection, and our webhooks are registered. Orders modified from
 * now on are synced; the poll starts from this moment.
 */

export const connectInput = z.object({
  key: z.string().regex(/^[a-z0-9-]{1,20}$/, 'a short key: lowercase letters, digits and -, at most 20'),
  label: z.string().min(1).max(100).optional(),
  storeHash: z.string().regex(/^[a-z0-9]{1,40}$/i, 'the store hash from the API path (stores/{hash}/…)'),
  accessToken: z.string().min(1).max(200),
  /** Where BigCommerce should send webhooks; the configured one, else the address the request came to. */
  webhookBase: z.url().optional(),
});
export type ConnectInput = z.infer<typeof connectInput>;

export interface StoredCredentials extends StoreCredentials {
  webhookBase?: string;
}

export async function connectStore(
  services: SourceServices,
  config: BigCommerceConfig,
  makeClient: (c: StoreCredentials) => BigCommerceClient,
  input: ConnectInput,
): Promise<{ hooks: HookRepair | undefined }> {
  const client = makeClient(input);
  try {
    // Needs the orders scope: a 204 (no orders yet) is as good as a list.
    await client.request('GET', '/v2/orders?limit=1');
  } catch (error) {
    const err = toAppError(error);
    throw new AppError(`Connecting BigCommerce store ${input.storeHash} failed: ${err.message}`, {
      code: 'bigcommerce_connect_failed',
      category: err.category,
      retryable: false,
      cause: error,
      userMessage:
        err.category === 'auth' || err.category === 'not_found'
          ? 'BigCommerce did not accept this store hash and token. Copy both from the API account you created (Settings → API → Store-level API accounts), with read access to Orders, Transactions, Customers and Products.'
          : err.userMessage,
    });
  }
  const webhookBase = input.webhookBase ?? config.webhookBase;
  const credentials: StoredCredentials = {
    storeHash: input.storeHash,
    accessToken: input.accessToken,
    ...defined({ webhookBase }),
  };
  await saveConnection(services.pool, deriveKey(config.encryptionKey), {
    system: SYSTEM,
    key: input.key,
    label: input.label ?? `BigCommerce ${input.storeHash}`,
    credentials,
  });
  await saveCheckpoint(services.pool, input.key, new Date(), true);
  if (webhookBase === undefined) {
    await services.connections.markError(
      SYSTEM,
      input.key,
      'No public URL is configured (PUBLIC_URL), so no webhooks were registered; orders arrive by the poll only.',
    );
    return { hooks: undefined };
  }
  const hooks = await ensureHooks(
    client,
    hookDestination(webhookBase, input.key),
    webhookSecret(config.appSecret, input.key),
    services.logger,
  );
  return { hooks };
}

/**
 * `POST /sources/bigcommerce/connect` (JSON, dashboard password). JSON only: a cross-site HTML form
 * cannot send it, so the browser's remembered Basic credentials cannot be replayed by another page.
 */
export function connectRoutes(
  router: Router,
  services: SourceServices,
  config: BigCommerceConfig,
  makeClient: (c: StoreCredentials) => BigCommerceClient,
): void {
  router.post('/connect', requireAdmin({ ADMIN_PASSWORD: config.adminPassword }), express.json(), async (req, res) => {
    const parsed = connectInput.safeParse({
      ...req.body,
      webhookBase: req.body?.webhookBase ?? config.webhookBase ?? `${req.protocol}://${req.get('host')}`,
    });
    if (!parsed.success) {
      res.status(400).json({
        error: 'invalid',
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
      return;
    }
    try {
      const { hooks } = await connectStore(services, config, makeClient, parsed.data);
      res.status(200).json({ connected: parsed.data.key, hooks: hooks ?? null });
    } catch (error) {
      const err = toAppError(error);
      res.status(err.category === 'unavailable' ? 502 : 400).json({ error: err.code, message: err.userMessage });
    }
  });
}
