import { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import type { ConnectionDirectory, SourceConnection } from '../source.ts';
import type { WooClient } from './client.ts';
import type { WooCredentials } from './config.ts';
import { SYSTEM } from './order-read.ts';
import { wooSettingsSchema } from './settings.ts';

/**
 * Makes the shop's webhooks point at this service: one per topic, created when missing and set
 * active again when WooCommerce disabled it (it does after repeated failed deliveries, and never
 * retries). Run by the poller on every round, so a webhook a person deleted comes back too. A
 * failure is shown on the connection; the poller keeps the shop in sync meanwhile.
 */

export const TOPICS = ['order.created', 'order.updated', 'customer.updated'] as const;
/** Registered too while the connection syncs products (setting `products`). */
export const PRODUCT_TOPICS = ['product.created', 'product.updated'] as const;

const hookJson = z.object({ id: z.number(), topic: z.string(), status: z.string(), delivery_url: z.string() });

export function deliveryUrl(baseUrl: string, connection: string): string {
  return `${baseUrl.replace(/\/$/, '')}/sources/${SYSTEM}/webhook/${connection}`;
}

export async function ensureWebhooks(
  client: WooClient,
  connection: SourceConnection,
  credentials: WooCredentials,
  baseUrl: string,
  connections: ConnectionDirectory,
  logger: Logger,
): Promise<void> {
  const url = deliveryUrl(baseUrl, connection.key);
  try {
    const { data } = await client.get('webhooks', { per_page: 100 });
    const hooks = z
      .array(hookJson)
      .parse(data)
      .filter((h) => h.delivery_url === url);
    const syncsProducts = wooSettingsSchema.parse(connection.settings ?? {}).products !== 'off';
    for (const topic of [...TOPICS, ...(syncsProducts ? PRODUCT_TOPICS : [])]) {
      const hook = hooks.find((h) => h.topic === topic);
      if (hook === undefined) {
        await client.post('webhooks', {
          name: `Fortnox sync (${topic})`,
          topic,
          delivery_url: url,
          secret: credentials.webhookSecret,
          status: 'active',
        });
        logger.info('webhook registered', { connection: connection.key, topic });
      } else if (hook.status !== 'active') {
        await client.put(`webhooks/${hook.id}`, { status: 'active', secret: credentials.webhookSecret });
        logger.warn('webhook was not active; re-enabled', { connection: connection.key, topic, status: hook.status });
      }
    }
    if (connection.lastError !== null) await connections.clearError(SYSTEM, connection.key);
  } catch (error) {
    logger.warn('webhooks could not be registered', { connection: connection.key, error });
    await connections.markError(
      SYSTEM,
      connection.key,
      'The WooCommerce webhooks could not be registered or re-enabled; orders still arrive by polling, with a delay. Check that the API key has read/write access.',
    );
  }
}
