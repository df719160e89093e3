import { StripeError } from './errors.ts';

/**
 * Idempotency keys (docs.stripe.com/idempotency): the first answer to a POST with a key is kept
 * (at least 24 h) and replayed for the same key; the same key with other parameters, or on another
 * endpoint, is refused with `idempotency_error`. Answers to requests that failed validation are not
 * kept, so a corrected retry runs. GET and DELETE ignore the header.
 */

interface Entry {
  endpoint: string;
  params: string;
  status: number;
  body: string;
  at: number;
}

/** Parameters compared independent of key order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const idempotencyError = (message: string): StripeError => new StripeError(400, 'idempotency_error', message);

export class IdempotencyKeys {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  /** The kept answer for this key, or undefined when the request should run. */
  lookup(key: string, endpoint: string, params: unknown, now: number): Entry | undefined {
    if (key.length > 255)
      throw new StripeError(400, 'invalid_request_error', 'Idempotency-Key must be 255 characters or fewer.');
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (now - entry.at > this.#ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    if (entry.endpoint !== endpoint) {
      throw idempotencyError(
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (entry.params !== canonical(params)) {
      throw idempotencyError(
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    return entry;
  }

  /** Keeps the answer unless the request was refused before it ran (4xx other than a card decline). */
  save(key: string, endpoint: string, params: unknown, status: number, body: string, now: number): void {
    if (status >= 400 && status < 500 && status !== 402) return;
    this.#entries.set(key, { endpoint, params: canonical(params), status, body, at: now });
  }

  size(): number {
    return this.#entries.size;
  }
}
