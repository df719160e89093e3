import { randomBytes } from 'node:crypto';
import type { Clock } from '../kit/index.ts';
import type { ResolvedStripeOptions } from './options.ts';

/**
 * The account's objects. Most are kept in their API shape (what `GET` answers in the current
 * version); invoices are a model rendered on demand because their totals, lines and version-specific
 * shape are derived. Every change worth an event goes through `emit`, which snapshots the object as
 * Stripe does (an event carries the object as it was, not as it is when delivered).
 */

export type Json = Record<string, unknown>;
export interface ApiObject extends Json {
  id: string;
  object: string;
  created: number;
}

export interface StoredEvent extends ApiObject {
  object: 'event';
  type: string;
  api_version: string;
  data: { object: Json; previous_attributes?: Json };
  request: { id: string | null; idempotency_key: string | null };
  pending_webhooks: number;
  /** The object as a pre-2025-03-31 version renders it, where that differs (invoices). Not sent. */
  legacy?: Json;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `cus_…` ids: 14 characters; others (`in_1…`, `ch_1…`) the 24-character style. */
export function newId(prefix: string): string {
  const length = prefix === 'cus' || prefix === 'si' ? 14 : 24;
  const bytes = randomBytes(length);
  const body = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return prefix === 'cus' || prefix === 'si' ? `${prefix}_${body}` : `${prefix}_1${body.slice(1)}`;
}

export class StripeStore {
  readonly clock: Clock;
  readonly opts: ResolvedStripeOptions;
  readonly objects = new Map<string, ApiObject>();
  readonly events: StoredEvent[] = [];
  /** Which request (and idempotency key) caused the events being emitted now; null when automatic. */
  request: { id: string | null; idempotency_key: string | null } = { id: null, idempotency_key: null };
  /** While scheduled work runs (a renewal due at period end), objects are stamped with its due time. */
  #at: number | undefined;
  #seq = 0;
  readonly #order = new Map<string, number>();
  readonly #listeners = new Set<(e: StoredEvent) => void>();

  constructor(clock: Clock, opts: ResolvedStripeOptions) {
    this.clock = clock;
    this.opts = opts;
  }

  now(): number {
    return this.#at ?? this.clock.now();
  }

  /** Unix seconds, Stripe's timestamps. */
  unix(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Runs `work` as if it happened at `at` (scheduled billing work). */
  atTime<T>(at: number, work: () => T): T {
    const before = this.#at;
    this.#at = at;
    try {
      return work();
    } finally {
      this.#at = before;
    }
  }

  put<T extends ApiObject>(o: T): T {
    if (!this.#order.has(o.id)) this.#order.set(o.id, ++this.#seq);
    this.objects.set(o.id, o);
    return o;
  }

  get<T extends ApiObject>(id: string, object: T['object']): T | undefined {
    const o = this.objects.get(id);
    return o && o.object === object ? (o as T) : undefined;
  }

  all<T extends ApiObject>(object: T['object']): T[] {
    return [...this.objects.values()].filter((o) => o.object === object) as T[];
  }

  /** Newest first, ties in reverse creation order (Stripe's list order). */
  order(id: string): number {
    return this.#order.get(id) ?? 0;
  }

  onEvent(listener: (e: StoredEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(type: string, object: Json, previous?: Json, legacy?: Json): StoredEvent {
    const event: StoredEvent = {
      id: newId('evt'),
      object: 'event',
      api_version: this.opts.accountApiVersion,
      created: this.unix(),
      data: {
        object: structuredClone(object),
        ...(previous ? { previous_attributes: structuredClone(previous) } : {}),
      },
      livemode: false,
      pending_webhooks: 0,
      request: { ...this.request },
      type,
      ...(legacy ? { legacy: structuredClone(legacy) } : {}),
    };
    this.events.push(event);
    this.#order.set(event.id, ++this.#seq);
    for (const l of this.#listeners) l(event);
    return event;
  }
}
