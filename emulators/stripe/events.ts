import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type DeliveryRecord, WebhookDispatcher } from '../kit/index.ts';
import { noSuch } from './errors.ts';
import { type ListQuery, listOf } from './list.ts';
import { bool, expand, listParams, mergeMetadata, metadata, parseParams, str } from './params.ts';
import { type ApiObject, type Json, newId, type StoredEvent, type StripeStore } from './store.ts';
import { checkVersion, isBasil } from './versions.ts';

/**
 * Events and webhook endpoints. An event carries the object as it was when it happened, rendered in
 * the endpoint's pinned API version (or the account's). Each delivery is signed for its own attempt:
 * `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body" with the endpoint secret>`; a failure
 * is retried on the schedule (compressed time) and no further once the endpoint is disabled or gone.
 * `GET /v1/events` keeps 30 days.
 */

const RETENTION_S = 30 * 86_400;

export const EndpointParams = z.strictObject({
  url: str,
  enabled_events: z.array(str).min(1),
  api_version: str.optional(),
  description: str.optional(),
  metadata,
  connect: bool.optional(),
  expand,
});
export const EndpointUpdateParams = z.strictObject({
  url: str.optional(),
  enabled_events: z.array(str).optional(),
  description: str.optional(),
  disabled: bool.optional(),
  metadata,
  expand,
});
export const EventListParams = z.strictObject({
  ...listParams,
  type: str.optional(),
  types: z.array(str).optional(),
  delivery_success: bool.optional(),
});

export interface Endpoint extends ApiObject {
  object: 'webhook_endpoint';
  url: string;
  enabled_events: string[];
  api_version: string | null;
  status: 'enabled' | 'disabled';
  secret: string;
}

export type Forgery = 'wrong-secret' | 'tampered-body' | 'old-timestamp' | 'unsigned';

export function renderEvent(e: StoredEvent, version: string): Json {
  const { legacy, ...rest } = e;
  const object = legacy && !isBasil(version) ? legacy : e.data.object;
  return { ...rest, api_version: version, data: { ...e.data, object } };
}

export const signatureHeader = (secret: string, t: number, body: string): string =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

const matches = (pattern: string, type: string): boolean =>
  pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1)));

export class StripeEvents {
  readonly store: StripeStore;
  readonly dispatcher: WebhookDispatcher;
  readonly #jobs = new Map<string, StoredEvent>();

  constructor(store: StripeStore) {
    this.store = store;
    const o = store.opts;
    this.dispatcher = new WebhookDispatcher(
      store.clock,
      {
        retryDelaysMs: o.retryDelaysMs,
        timeScale: o.webhookTimeScale,
        timeoutMs: o.webhookTimeoutMs,
        followRedirects: false,
      },
      o.seed,
    );
    this.dispatcher.on('result', (r) => this.#result(r));
    store.onEvent((e) => this.#fanOut(e));
  }

  endpoints(): Endpoint[] {
    return this.store.all<Endpoint>('webhook_endpoint');
  }

  createEndpoint(input: unknown, secret?: string): Endpoint {
    const p = parseParams(EndpointParams, input);
    const endpoint: Endpoint = {
      id: newId('we'),
      object: 'webhook_endpoint',
      api_version: p.api_version === undefined ? null : checkVersion(p.api_version),
      application: null,
      created: this.store.unix(),
      description: p.description ?? null,
      enabled_events: p.enabled_events,
      livemode: false,
      metadata: mergeMetadata({}, p.metadata),
      secret: secret ?? `whsec_${randomBytes(24).toString('hex')}`,
      status: 'enabled',
      url: p.url,
    };
    return this.store.put(endpoint);
  }

  updateEndpoint(endpoint: Endpoint, input: unknown): Endpoint {
    const p = parseParams(EndpointUpdateParams, input);
    if (p.url !== undefined) endpoint.url = p.url;
    if (p.enabled_events !== undefined) endpoint.enabled_events = p.enabled_events;
    if (p.description !== undefined) endpoint.description = p.description;
    endpoint.metadata = mergeMetadata(endpoint.metadata as Record<string, string>, p.metadata);
    if (p.disabled !== undefined) {
      endpoint.status = p.disabled ? 'disabled' : 'enabled';
      if (p.disabled) this.dispatcher.cancel(endpoint.id);
    }
    return endpoint;
  }

  deleteEndpoint(endpoint: Endpoint): Json {
    this.store.objects.delete(endpoint.id);
    this.dispatcher.cancel(endpoint.id);
    return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
  }

  /** The endpoint as the API shows it: the secret only in the answer that created it. */
  endpointJson(endpoint: Endpoint, withSecret = false): Json {
    const { secret, ...rest } = endpoint;
    return withSecret ? { ...rest, secret } : rest;
  }

  event(id: string): StoredEvent {
    const e = this.store.events.find((x) => x.id === id && x.created > this.store.unix() - RETENTION_S);
    if (!e) throw noSuch('event', id);
    return e;
  }

  list(input: unknown): Json {
    const p = parseParams(EventListParams, input);
    const types = p.types ?? (p.type ? [p.type] : []);
    const since = this.store.unix() - RETENTION_S;
    const events = this.store.events.filter(
      (e) => e.created > since && (types.length === 0 || types.some((t) => matches(t, e.type))),
    );
    return listOf(this.store, events, p as ListQuery, '/v1/events', (e) => renderEvent(e, e.api_version), 'event');
  }

  #fanOut(e: StoredEvent): void {
    for (const endpoint of this.endpoints()) {
      if (endpoint.status !== 'enabled' || !endpoint.enabled_events.some((p) => matches(p, e.type))) continue;
      e.pending_webhooks += 1;
      this.#deliver(e, endpoint);
    }
  }

  #deliver(e: StoredEvent, endpoint: Endpoint, forged?: Forgery): void {
    const version = endpoint.api_version ?? e.api_version;
    let signed = '';
    const job = this.dispatcher.send({
      subscription: forged ? `forged:${endpoint.id}` : endpoint.id,
      url: endpoint.url,
      event: e.type,
      body: () => {
        signed = JSON.stringify(renderEvent(e, version), null, 2);
        return forged === 'tampered-body' ? signed.replace('"livemode": false', '"livemode": true') : signed;
      },
      headers: {
        'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'Content-Type': 'application/json; charset=utf-8',
      },
      sign: (body, at): Record<string, string> => {
        if (forged === 'unsigned') return {};
        const t = Math.floor(at / 1000) - (forged === 'old-timestamp' ? 600 : 0);
        const secret = forged === 'wrong-secret' ? 'whsec_not_the_secret' : endpoint.secret;
        return { 'Stripe-Signature': signatureHeader(secret, t, signed || body) };
      },
    });
    if (!forged) this.#jobs.set(job, e);
  }

  /** Sends an event to an endpoint again (the Dashboard's "Resend"). */
  resend(eventId: string, endpointId: string): void {
    const endpoint = this.store.get<Endpoint>(endpointId, 'webhook_endpoint');
    if (!endpoint) throw noSuch('webhook_endpoint', endpointId);
    this.#deliver(this.event(eventId), endpoint);
  }

  forge(endpointId: string, eventId: string | undefined, how: Forgery): void {
    const endpoint = this.store.get<Endpoint>(endpointId, 'webhook_endpoint');
    if (!endpoint) throw noSuch('webhook_endpoint', endpointId);
    const e = eventId ? this.event(eventId) : this.store.events.at(-1);
    if (!e) throw new Error('no event to forge a delivery of');
    this.#deliver(e, endpoint, how);
  }

  #result(r: DeliveryRecord): void {
    const e = this.#jobs.get(r.id);
    if (!e || r.outcome !== 'delivered') return;
    e.pending_webhooks = Math.max(0, e.pending_webhooks - 1);
    this.#jobs.delete(r.id);
  }

  close(): void {
    this.dispatcher.close();
  }
}

export const endpointOf = (store: StripeStore, endpointId: string): Endpoint => {
  const e = store.get<Endpoint>(endpointId, 'webhook_endpoint');
  if (!e) throw noSuch('webhook_endpoint', endpointId);
  return e;
};
