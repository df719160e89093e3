import { AppError, isNetworkError } from '../../core/errors.ts';
import type { RateLimiter } from '../../fortnox/rate-limiter.ts';
import { sleep } from '../../fortnox/sleep.ts';

/**
 * A thin fetch client for one store's REST API (V2 and V3), with the store's quota respected.
 * No SDK: the maintained ones hard-code api.bigcommerce.com [reference A9]. Every request first
 * takes a slot of the per-store limiter held in Postgres (shared by every process of ours), then
 * honours what BigCommerce says: `X-Rate-Limit-Requests-Left: 0` (other apps share the quota) holds
 * the next request until `X-Rate-Limit-Time-Reset-Ms`; a 429 waits `X-Retry-After` and tries again.
 */

export interface StoreCredentials {
  storeHash: string;
  accessToken: string;
}

export interface ClientOptions {
  apiUrl: string;
  limiter: RateLimiter;
  /** Attempts of one request through 429s before the job itself is retried later. */
  maxTries?: number;
  timeoutMs?: number;
}

const TIMEOUT_MS = 30_000;
/** A 429 without quota headers means platform load [reference A7]: back off without being told how long. */
const LOAD_BACKOFF_MS = 5_000;

/** When each store's quota, as BigCommerce last reported it, allows the next request (this process). */
const heldUntil = new Map<string, number>();

export class BigCommerceClient {
  readonly #o: Required<ClientOptions>;
  readonly #store: StoreCredentials;
  /** Requests sent (429s included): the benchmark's "requests per order". */
  requests = 0;

  constructor(store: StoreCredentials, options: ClientOptions) {
    this.#store = store;
    this.#o = { maxTries: 4, timeoutMs: TIMEOUT_MS, ...options };
  }

  get storeHash(): string {
    return this.#store.storeHash;
  }

  /** The parsed JSON body; undefined for 204 (BigCommerce's V2 answer to an empty list) or 404 with `allow404`. */
  async request(
    method: string,
    path: string,
    o: { body?: unknown; signal?: AbortSignal; allow404?: boolean } = {},
  ): Promise<unknown> {
    const hash = this.#store.storeHash;
    for (let attempt = 1; ; attempt++) {
      await sleep((heldUntil.get(hash) ?? 0) - Date.now(), o.signal);
      const slot = await this.#o.limiter.acquire(`bigcommerce:${hash}`, o.signal);
      let res: Response;
      try {
        this.requests++;
        const timeout = AbortSignal.timeout(this.#o.timeoutMs);
        res = await fetch(`${this.#o.apiUrl}/stores/${encodeURIComponent(hash)}${path}`, {
          method,
          headers: {
            'X-Auth-Token': this.#store.accessToken,
            Accept: 'application/json',
            'Content-Type': 'application/json',
          },
          ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
          signal: o.signal === undefined ? timeout : AbortSignal.any([o.signal, timeout]),
        });
      } catch (error) {
        if (o.signal?.aborted) throw o.signal.reason;
        throw new AppError(`BigCommerce ${method} ${path} failed: ${String(error)}`, {
          code: 'bigcommerce_unreachable',
          category: 'unavailable',
          retryable: true,
          cause: error,
          userMessage: 'BigCommerce could not be reached; it is tried again automatically.',
          details: { network: isNetworkError(error) },
        });
      } finally {
        await slot.release();
      }
      this.#noteQuota(res.headers);
      if (res.status === 429 && attempt < this.#o.maxTries) {
        await res.body?.cancel();
        await sleep(retryAfterMs(res.headers), o.signal);
        continue;
      }
      return this.#answer(method, path, res, o.allow404 === true);
    }
  }

  #noteQuota(headers: Headers): void {
    const left = headers.get('x-rate-limit-requests-left');
    const reset = Number(headers.get('x-rate-limit-time-reset-ms'));
    if (left !== null && Number(left) <= 0 && Number.isFinite(reset))
      heldUntil.set(this.#store.storeHash, Date.now() + reset);
  }

  async #answer(method: string, path: string, res: Response, allow404: boolean): Promise<unknown> {
    const text = await res.text();
    if (res.status === 204 || (res.ok && text === '')) return undefined;
    if (res.ok) return JSON.parse(text) as unknown;
    if (res.status === 404 && allow404) return undefined;
    throw bigcommerceError(method, path, res.status, text, res.headers);
  }
}

function retryAfterMs(headers: Headers): number {
  const seconds = Number(headers.get('x-retry-after'));
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  const reset = Number(headers.get('x-rate-limit-time-reset-ms'));
  return Number.isFinite(reset) && reset > 0 ? reset : LOAD_BACKOFF_MS;
}

/** BigCommerce's error bodies differ by version: V2 `[{status,message}]`, V3 `{title,errors}` or `{data:[{title}]}`. */
export function errorText(body: string): string {
  try {
    const json = JSON.parse(body) as unknown;
    const first = Array.isArray(json) ? json[0] : json;
    const inner = first && typeof first === 'object' && 'data' in first ? (first.data as unknown[])[0] : first;
    if (inner && typeof inner === 'object') {
      const r = inner as Record<string, unknown>;
      return String(r.message ?? r.title ?? r.error ?? body).slice(0, 300);
    }
  } catch {
    // not JSON: the text as is
  }
  return body.slice(0, 300);
}

function bigcommerceError(method: string, path: string, status: number, body: string, headers: Headers): AppError {
  const said = errorText(body);
  const base = { details: { status, path: path.split('?')[0] }, userMessage: '' };
  if (status === 401 || status === 403) {
    return new AppError(`BigCommerce ${method} ${path}: ${status} ${said}`, {
      ...base,
      code: status === 401 ? 'bigcommerce_token_refused' : 'bigcommerce_scope_missing',
      category: 'auth',
      retryable: false,
      userMessage:
        status === 401
          ? 'BigCommerce refused the store’s API token. Create a new API account in the BigCommerce control panel and connect the store again.'
          : `The store’s API account lacks a scope this needs (${said}). Give it read access to orders, transactions, customers and products, and connect again.`,
    });
  }
  if (status === 429 || status >= 500) {
    return new AppError(`BigCommerce ${method} ${path}: ${status} ${said}`, {
      ...base,
      code: status === 429 ? 'bigcommerce_rate_limited' : 'bigcommerce_unavailable',
      category: status === 429 ? 'rate_limit' : 'unavailable',
      retryable: true,
      ...(status === 429 ? { retryAfterMs: retryAfterMs(headers) } : {}),
      userMessage: 'BigCommerce is busy or unavailable; it is tried again automatically.',
    });
  }
  return new AppError(`BigCommerce ${method} ${path}: ${status} ${said}`, {
    ...base,
    code: status === 404 ? 'bigcommerce_not_found' : 'bigcommerce_refused',
    category: status === 404 ? 'not_found' : 'validation',
    retryable: false,
    userMessage: `BigCommerce refused the request: ${said}`,
  });
}
