import { z } from 'zod';
import { BcError } from './errors.ts';
import type { ApiAccount, Hook } from './model.ts';
import type { Store } from './store.ts';
import { unixSeconds } from './values.ts';

/**
 * `/v3/hooks` subscriptions [BC-WH webhooks.v3.yml, overview.mdx]: visible only to the API account
 * (client id) that made them; at most 10 per client + scope and one per client + scope +
 * destination; destinations on https port 443 ("custom ports are not currently supported"),
 * relaxable for loopback tests; deactivated after 90 days without events or when the last retry
 * fails, and reactivated with `PUT {"is_active": true}`.
 */
export const HookPost = z.object({
  scope: z.string().regex(/^store\//, 'scope must start with store/'),
  destination: z.url(),
  is_active: z.boolean().default(true),
  headers: z.record(z.string(), z.string()).nullable().default(null),
});
export const HookPut = HookPost.partial().refine((b) => Object.keys(b).length > 0, 'At least one field is required');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function checkDestination(store: Store, destination: string): void {
  const rule = store.env.opts.quirks.destinationRule;
  if (rule === 'any') return;
  const url = new URL(destination);
  if (rule === 'https-443-except-loopback' && LOOPBACK.has(url.hostname)) return;
  if (url.protocol !== 'https:' || (url.port !== '' && url.port !== '443')) {
    throw new BcError(422, 'JSON data is missing or invalid', {
      errors: { destination: 'The destination must be served over https on port 443; custom ports are not supported.' },
    });
  }
}

/** A hook that has been silent for the inactivity period is deactivated on the next look. */
export function refreshInactivity(store: Store, hook: Hook): void {
  const idleFor = store.now() - Math.max(hook.lastEventAt, hook.updated);
  if (hook.isActive && idleFor > store.env.opts.hookInactivityMs) {
    hook.isActive = false;
    hook.deactivated = true;
  }
}

export function hooksOf(store: Store, account: ApiAccount): Hook[] {
  const mine = [...store.hooks.values()].filter((h) => h.clientId === account.clientId);
  for (const h of mine) refreshInactivity(store, h);
  return mine;
}

function checkLimits(store: Store, account: ApiAccount, scope: string, destination: string, except?: number): void {
  const same = hooksOf(store, account).filter((h) => h.scope === scope && h.id !== except);
  if (same.some((h) => h.destination === destination)) {
    throw new BcError(422, `A webhook for ${scope} to this destination already exists for this client.`);
  }
  if (same.length >= 10) throw new BcError(422, `At most 10 webhooks per client may subscribe to ${scope}.`);
}

export function createHook(store: Store, account: ApiAccount, input: z.infer<typeof HookPost>): Hook {
  checkDestination(store, input.destination);
  checkLimits(store, account, input.scope, input.destination);
  const now = store.now();
  const hook: Hook = {
    id: store.next('hook', 18_048_287),
    clientId: account.clientId,
    scope: input.scope,
    destination: input.destination,
    headers: input.headers,
    isActive: input.is_active,
    deactivated: false,
    created: now,
    updated: now,
    activeFrom: now + store.env.opts.quirks.hookActivationMs,
    lastEventAt: now,
  };
  store.hooks.set(hook.id, hook);
  return hook;
}

export function updateHook(store: Store, account: ApiAccount, hook: Hook, input: z.infer<typeof HookPut>): void {
  if (input.destination !== undefined) checkDestination(store, input.destination);
  if (input.scope !== undefined || input.destination !== undefined) {
    checkLimits(store, account, input.scope ?? hook.scope, input.destination ?? hook.destination, hook.id);
  }
  Object.assign(hook, {
    ...(input.scope === undefined ? {} : { scope: input.scope }),
    ...(input.destination === undefined ? {} : { destination: input.destination }),
    ...(input.headers === undefined ? {} : { headers: input.headers }),
    updated: store.now(),
  });
  if (input.is_active !== undefined) {
    hook.isActive = input.is_active;
    if (input.is_active) hook.deactivated = false;
  }
}

export function hookJson(store: Store, h: Hook): Record<string, unknown> {
  return {
    id: h.id,
    client_id: h.clientId,
    store_hash: store.hash,
    created_at: unixSeconds(h.created),
    updated_at: unixSeconds(h.updated),
    scope: h.scope,
    destination: h.destination,
    is_active: h.isActive,
    headers: h.headers,
  };
}

export const hookStatus = (h: Hook): 'active' | 'inactive' | 'deactivated' =>
  h.isActive ? 'active' : h.deactivated ? 'deactivated' : 'inactive';

/** `store/order/*` covers every order scope; a hook's scope is otherwise matched exactly. */
export function scopeMatches(hookScope: string, eventScope: string): boolean {
  if (hookScope.endsWith('/*')) return eventScope.startsWith(hookScope.slice(0, -1));
  return hookScope === eventScope;
}
