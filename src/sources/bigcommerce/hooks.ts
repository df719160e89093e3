import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import type { BigCommerceClient } from './client.ts';

/**
 * Our webhooks on a store: registered on connect, checked by every poll. BigCommerce deactivates a
 * hook after 48 h of failed retries (or 90 days without events) and says so only by e-mail
 * [reference A6]; the poll notices `is_active: false` and turns it back on, and re-creates one that
 * is missing. Callbacks carry a secret header (sent with the custom `headers` of the hook) keyed
 * per connection from APP_SECRET, so nothing extra is stored and a forged callback is refused.
 */

export const HOOK_SCOPES = [
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
  'store/order/refund/created',
  'store/order/transaction/created',
] as const;

export const SECRET_HEADER = 'x-fortnox-sync-secret';

export function webhookSecret(appSecret: string, connection: string): string {
  return createHmac('sha256', appSecret).update(`bigcommerce-webhook:${connection}`).digest('hex');
}

export function validSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hookDestination(base: string, connection: string): string {
  return `${base.replace(/\/$/, '')}/sources/bigcommerce/webhooks/${connection}`;
}

const hookSchema = z
  .object({ id: z.number(), scope: z.string(), destination: z.string(), is_active: z.boolean() })
  .loose();

export interface HookRepair {
  created: string[];
  reactivated: string[];
}

/** Makes the store's hooks for this destination exactly ours and active; says what it had to fix. */
export async function ensureHooks(
  client: BigCommerceClient,
  destination: string,
  secret: string,
  logger: Logger,
  signal?: AbortSignal,
): Promise<HookRepair> {
  const o = signal ? { signal } : {};
  const raw = (await client.request('GET', `/v3/hooks?limit=50&destination=${encodeURIComponent(destination)}`, o)) as
    | { data?: unknown[] }
    | undefined;
  const hooks = (raw?.data ?? []).map((h) => hookSchema.parse(h)).filter((h) => h.destination === destination);
  const repair: HookRepair = { created: [], reactivated: [] };
  for (const scope of HOOK_SCOPES) {
    const hook = hooks.find((h) => h.scope === scope);
    if (hook === undefined) {
      await client.request('POST', '/v3/hooks', {
        ...o,
        body: { scope, destination, is_active: true, headers: { [SECRET_HEADER]: secret } },
      });
      repair.created.push(scope);
    } else if (!hook.is_active) {
      await client.request('PUT', `/v3/hooks/${hook.id}`, { ...o, body: { is_active: true } });
      repair.reactivated.push(scope);
    }
  }
  if (repair.created.length + repair.reactivated.length > 0)
    logger.info('bigcommerce webhooks repaired', { ...repair });
  return repair;
}
