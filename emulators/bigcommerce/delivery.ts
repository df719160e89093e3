import { createHash, createHmac, randomUUID } from 'node:crypto';
import { type Faults, type OutgoingWebhook, type Preflight, WebhookDispatcher } from '../kit/index.ts';
import { Blocklist } from './blocklist.ts';
import { refreshInactivity, scopeMatches } from './hooks.ts';
import type { Hook } from './model.ts';
import type { Env, Store, StoreEvent } from './store.ts';
import { unixSeconds } from './values.ts';

/**
 * Webhook callbacks [BC-WH]: a thin body `{scope, store_id, data, hash, created_at, producer}`
 * POSTed with the hook's custom `headers` (our shared secret) and, as a quirk, Standard Webhooks
 * signature headers keyed by the API account's client secret [https-webhook-overview.mdx]. Retries
 * follow BigCommerce's schedule in compressed time (the kit's dispatcher); after the last one the
 * hook is deactivated; failing domains are blocklisted (blocklist.ts). A `webhook` fault (kit
 * faults, target "webhook") plays the endpoint down without contacting it.
 */

export interface SentEvent {
  /** Delivery id (the dispatcher's), shared by a duplicate. */
  id: string;
  eventId: string;
  store: string;
  hookId: number;
  scope: string;
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** Order scopes that also exist per channel, with `data.order_id` [BC-WH events/channels.mdx]. */
const CHANNEL_TWINS = new Set(['created', 'updated', 'archived', 'statusUpdated', 'message/created', 'refund/created']);

export class HookDelivery {
  readonly dispatcher: WebhookDispatcher;
  readonly blocklist: Blocklist;
  readonly sent = new Map<string, SentEvent>();
  readonly #outgoing = new Map<string, OutgoingWebhook>();
  readonly #env: Env;
  readonly #stores: Map<string, Store>;
  readonly #faults: Faults;

  constructor(env: Env, stores: Map<string, Store>, faults: Faults) {
    this.#env = env;
    this.#stores = stores;
    this.#faults = faults;
    const opts = env.opts;
    this.blocklist = new Blocklist(env.clock, opts.blocklist, opts.webhookTimeScale);
    this.dispatcher = new WebhookDispatcher(
      env.clock,
      {
        retryDelaysMs: opts.retryDelaysMs,
        timeScale: opts.webhookTimeScale,
        timeoutMs: opts.webhookTimeoutMs,
        preflight: (hook) => this.#preflight(hook.subscription, hook.url),
      },
      opts.seed,
    );
    this.dispatcher.on('result', (r) => {
      const sent = this.sent.get(r.id);
      if (!sent) return;
      const hook = this.#stores.get(sent.store)?.hooks.get(sent.hookId);
      if (hook) this.blocklist.record(Blocklist.key(hook.clientId, r.url), r);
      if (r.outcome === 'gave_up' && hook) {
        hook.isActive = false; // "after the final retry attempt … the webhook will be deactivated"
        hook.deactivated = true;
        hook.updated = env.clock.now();
      }
    });
    env.events.on('event', (e) => this.#fire(e));
  }

  #preflight(subscription: string, url: string): Preflight | undefined {
    const [storeHash = '', hookId = ''] = subscription.split(':');
    const f = this.#faults.take({ method: 'POST', path: new URL(url).pathname, target: 'webhook', scope: storeHash });
    if (f?.kind === 'status') return { status: f.status };
    if (f?.kind === 'rate-limit') return { status: 429 };
    if (f?.kind === 'drop') return { error: 'socket hang up (fault: endpoint down)' };
    if (f?.kind === 'hang') return { error: 'timeout (fault: endpoint not answering)' };
    const hook = this.#stores.get(storeHash)?.hooks.get(Number(hookId));
    if (!hook) return undefined;
    const left = this.blocklist.remaining(Blocklist.key(hook.clientId, url));
    return left > 0 ? { blockedUntil: this.#env.clock.now() + left } : undefined;
  }

  #fire(e: StoreEvent): void {
    const store = this.#stores.get(e.store);
    if (!store) return;
    const events: { scope: string; data: Record<string, unknown> }[] = [{ scope: e.scope, data: e.data }];
    const rest = e.scope.startsWith('store/order/') ? e.scope.slice('store/order/'.length) : undefined;
    if (e.channelId !== undefined && rest !== undefined && CHANNEL_TWINS.has(rest)) {
      events.push({ scope: `store/channel/${e.channelId}/order/${rest}`, data: { order_id: e.data.id } });
    }
    const now = store.now();
    for (const hook of store.hooks.values()) {
      refreshInactivity(store, hook);
      for (const ev of events) {
        if (!scopeMatches(hook.scope, ev.scope)) continue;
        if (!hook.isActive || now < hook.activeFrom) continue; // events before activation are lost
        hook.lastEventAt = now;
        this.#send(store, hook, ev.scope, ev.data);
      }
    }
  }

  #send(
    store: Store,
    hook: Hook,
    scope: string,
    data: Record<string, unknown>,
    forged?: Record<string, string>,
  ): string {
    const eventId = randomUUID();
    const created_at = unixSeconds(store.now());
    const producer = `stores/${store.hash}`;
    const hashInput =
      store.env.opts.quirks.webhookHash === 'data'
        ? JSON.stringify(data)
        : JSON.stringify({ scope, store_id: store.storeId, data, created_at, producer, eventId });
    const hash = createHash('sha1').update(hashInput).digest('hex');
    const body = JSON.stringify({ scope, store_id: store.storeId, data, hash, created_at, producer });
    const real = [...store.accounts.values()].find((a) => a.clientId === hook.clientId)?.clientSecret;
    const secret = forged === undefined ? real : randomUUID(); // a forger does not know the client secret
    const sign =
      store.env.opts.quirks.signWebhooks && secret !== undefined
        ? (raw: string, atMs: number): Record<string, string> => {
            const ts = String(unixSeconds(atMs));
            const mac = createHmac('sha256', Buffer.from(secret, 'utf8'))
              .update(`${eventId}.${ts}.${raw}`)
              .digest('base64');
            return { 'webhook-id': eventId, 'webhook-timestamp': ts, 'webhook-signature': `v1,${mac}` };
          }
        : undefined;
    const headers = { ...(forged ?? hook.headers ?? {}) };
    const outgoing: OutgoingWebhook = {
      subscription: `${store.hash}:${hook.id}`,
      url: hook.destination,
      event: scope,
      body,
      headers,
      ...(sign ? { sign } : {}),
    };
    const id = this.dispatcher.send(outgoing);
    this.#outgoing.set(id, outgoing);
    this.sent.set(id, { id, eventId, store: store.hash, hookId: hook.id, scope, url: hook.destination, body, headers });
    return id;
  }

  /**
   * A forgery: a well-formed callback to a hook's destination that BigCommerce did not send — the
   * given headers instead of the hook's (e.g. a wrong secret) and a signature under a wrong key.
   */
  forge(
    hash: string,
    hookId: number,
    scope: string,
    data: Record<string, unknown>,
    headers: Record<string, string>,
  ): string {
    const store = this.#stores.get(hash);
    const hook = store?.hooks.get(hookId);
    if (!store || !hook) throw new Error(`no hook ${hookId} in store ${hash}`);
    return this.#send(store, hook, scope, data, headers);
  }

  /** Sends a past callback again, byte for byte (same `hash`): a duplicate on demand. */
  redeliver(id: string): string {
    const s = this.sent.get(id);
    const outgoing = this.#outgoing.get(id);
    if (!s || !outgoing) throw new Error(`no delivery ${id}`);
    const copy = this.dispatcher.send(outgoing);
    this.#outgoing.set(copy, outgoing);
    this.sent.set(copy, { ...s, id: copy });
    return copy;
  }

  close(): void {
    this.dispatcher.close();
  }
}
