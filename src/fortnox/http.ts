import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Logger } from '../core/logger.ts';
import { CLIENT_RETRY, decideRetry, type RetryPolicy } from '../core/retry-policy.ts';
import type { TokenSource } from './auth/token-provider.ts';
import { fortnoxErrorFromNetwork, fortnoxErrorFromResponse } from './error-factory.ts';
import {
  connectionRevokedError,
  FortnoxAuthError,
  FortnoxError,
  FortnoxNotFoundError,
  FortnoxResponseError,
  isAmbiguous,
} from './errors.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { sleep } from './sleep.ts';

/**
 * One tenant's HTTP pipe to /3/: token, shared rate limit, fetch, typed errors, short retries.
 * Resource classes call `json()`/`binary()` with a path they build from typed arguments; nothing
 * outside src/fortnox/ sees a URL.
 *
 * Retries (reference §9, aesthetics P3/P4): network errors, 429 and 5xx, decided by decideRetry with
 * CLIENT_RETRY (a few seconds at most; anything longer is pg-boss's job). A 401 refreshes the token
 * once and retries once; a second 401 with a fresh token means the consent is gone. A write that is
 * not idempotent is never re-sent after it may have reached Fortnox: the error is flagged
 * `ambiguous` and the caller looks for the document before creating it again.
 */

export type Query = Record<string, string | number | boolean | undefined>;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface HttpRequest extends CallOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  /** Safe to send twice. Default: GET only. */
  idempotent?: boolean;
  /** Short name for logs, e.g. `invoices.create`. */
  operation: string;
}

export interface FortnoxHttpOptions {
  tenantId: string;
  apiUrl: string;
  tokens: TokenSource;
  limiter: RateLimiter;
  logger: Logger;
  retry?: RetryPolicy;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Runs before every attempt of a write; throwing stops the write (the caller's fence). */
  beforeWrite?: () => Promise<void>;
}

interface Answer {
  status: number;
  contentType: string;
  body: Buffer;
}

export class FortnoxHttp {
  readonly tenantId: string;
  readonly #o: Required<FortnoxHttpOptions>;

  constructor(options: FortnoxHttpOptions) {
    this.tenantId = options.tenantId;
    this.#o = {
      retry: CLIENT_RETRY,
      timeoutMs: 30_000,
      fetch: globalThis.fetch,
      beforeWrite: async () => undefined,
      ...options,
    };
  }

  /** A JSON call whose answer is parsed with `schema` (lenient Fortnox decoding). */
  async json<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<z.output<S>> {
    const answer = await this.#send(request, 'application/json');
    if (answer.status === 204) return schema.parse(undefined);
    const text = answer.body.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw this.#unreadable(request, answer, 'is not JSON', cause);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw this.#unreadable(
        request,
        answer,
        `does not match the expected shape (${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')})`,
        parsed.error,
      );
    return parsed.data;
  }

  /** A file answer (invoice PDF). */
  async binary(request: HttpRequest): Promise<{ contentType: string; data: Buffer }> {
    const answer = await this.#send(request, 'application/pdf, application/json');
    return { contentType: answer.contentType, data: answer.body };
  }

  async #send(request: HttpRequest, accept: string): Promise<Answer> {
    const idempotent = request.idempotent ?? request.method === 'GET';
    const log = this.#o.logger.child({
      tenantId: this.tenantId,
      requestId: randomUUID().slice(0, 8),
      operation: request.operation,
    });
    const url = this.#url(request);
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.#o.tokens.accessToken(this.tenantId, request.signal);
      let error: FortnoxError;
      try {
        const answer = await this.#attempt(request, url, token, accept, idempotent, log, attempt);
        // An HTML page with 200 is an outage or maintenance page in front of the API, not data.
        if (answer.status < 400 && !/text\/html/i.test(answer.contentType)) return answer;
        error = fortnoxErrorFromResponse({
          status: answer.status,
          contentType: answer.contentType,
          body: answer.body.toString('utf8'),
          retryAfter: answer.retryAfter,
          idempotent,
        });
      } catch (thrown) {
        if (!(thrown instanceof FortnoxError)) throw thrown;
        error = thrown;
      }
      const failure = { method: request.method, path: request.path, attempt, error };
      if (error instanceof FortnoxAuthError && error.retryable) {
        log.info('fortnox refused the access token; refreshing', failure);
        if (refreshed) {
          // A token Fortnox itself issued moments ago is refused too: the consent is gone.
          const reason = 'Fortnox refused a freshly issued access token (HTTP 401)';
          await this.#o.tokens.markRevoked(this.tenantId, reason);
          throw connectionRevokedError(this.tenantId, reason);
        }
        refreshed = true;
        await this.#o.tokens.renewAfterRejection(this.tenantId, token, request.signal);
        attempt--; // the refresh retry is not one of the CLIENT_RETRY attempts
        continue;
      }
      if (isAmbiguous(error)) {
        log.warn('fortnox request outcome unknown', failure);
        throw error;
      }
      const decision = decideRetry(error, attempt, this.#o.retry);
      const outcome = { ...failure, retry: decision.retry, reason: decision.reason, waitMs: decision.waitMs };
      // A lookup that finds nothing is an answer ("no such article"), not a failure worth a log line.
      if (error instanceof FortnoxNotFoundError) log.debug('fortnox: not found', outcome);
      else if (decision.retry) log.info('fortnox request failed; retrying', outcome);
      else log.warn('fortnox request failed', outcome);
      if (!decision.retry) throw error;
      await sleep(decision.waitMs, request.signal);
    }
  }

  async #attempt(
    request: HttpRequest,
    url: string,
    token: string,
    accept: string,
    idempotent: boolean,
    log: Logger,
    attempt: number,
  ): Promise<Answer & { retryAfter: string | null }> {
    const slot = await this.#o.limiter.acquire(this.tenantId, request.signal);
    try {
      // After the rate slot (which may have waited): the last moment before the write leaves.
      if (!idempotent) await this.#o.beforeWrite();
    } catch (error) {
      await slot.release();
      throw error;
    }
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.#o.timeoutMs);
    try {
      const res = await this.#o.fetch(url, {
        method: request.method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: accept,
          ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]),
      });
      const body = Buffer.from(await res.arrayBuffer());
      log.debug('fortnox request', {
        method: request.method,
        path: request.path,
        status: res.status,
        attempt,
        ms: Math.round(performance.now() - started),
      });
      return {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        body,
        retryAfter: res.headers.get('retry-after'),
      };
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      throw fortnoxErrorFromNetwork(error, { idempotent, timedOut: timeout.aborted });
    } finally {
      await slot.release();
    }
  }

  #url(request: HttpRequest): string {
    const url = new URL(`/3/${request.path.replace(/^\/+/, '')}`, this.#o.apiUrl);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      // Fortnox wants every parameter name in lower case (reference §5); unknown ones are a 400.
      if (value !== undefined && value !== '') url.searchParams.set(name.toLowerCase(), String(value));
    }
    return url.toString();
  }

  #unreadable(request: HttpRequest, answer: Answer, what: string, cause: unknown): FortnoxResponseError {
    const writing = !(request.idempotent ?? request.method === 'GET');
    return new FortnoxResponseError(`Fortnox answer to ${request.operation} ${what}`, {
      code: 'fortnox_unexpected_response',
      status: answer.status,
      cause,
      userMessage: 'Fortnox answered in a way this integration does not understand; support has been notified.',
      // A write Fortnox accepted (2xx) but we could not read: it exists, so do not create it again.
      details: { contentType: answer.contentType, ...(writing ? { ambiguous: true } : {}) },
    });
  }
}
