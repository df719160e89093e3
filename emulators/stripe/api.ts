import { randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import {
  basicCredentials,
  bearer,
  parseNestedParams,
  readBody,
  type SlidingWindowLimiter,
  send,
} from '../kit/index.ts';
import { invalid, StripeError } from './errors.ts';
import type { StripeEvents } from './events.ts';
import type { IdempotencyKeys } from './idempotency.ts';
import type { Json, StripeStore } from './store.ts';
import { checkVersion } from './versions.ts';

/**
 * Every `/v1` request, in Stripe's order: the secret key (Bearer or Basic), the rate limit, the API
 * version (`Stripe-Version` or the account default), form-encoded parameters (a JSON body is
 * refused), the route, then for a POST with `Idempotency-Key` the kept answer or a new one. Answers
 * are pretty-printed JSON with `Request-Id` and `Stripe-Version` headers.
 */

export interface Ctx {
  store: StripeStore;
  events: StripeEvents;
  params: Json;
  ids: string[];
  version: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: RegExp;
  run: (c: Ctx) => Json;
}

export interface StripeApi {
  store: StripeStore;
  events: StripeEvents;
  idempotency: IdempotencyKeys;
  limiter: SlidingWindowLimiter;
  routes: Route[];
}

/** `/v1/customers/:id` → a matcher capturing the ids. */
export const route = (method: Route['method'], path: string, run: Route['run']): Route => ({
  method,
  path: new RegExp(`^${path.replace(/:[a-z_]+/g, '([^/]+)')}$`),
  run,
});

const json = (body: unknown): string => JSON.stringify(body, null, 2);
const mask = (key: string): string => `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;

function apiKey(req: Request): string | undefined {
  return bearer(req) ?? basicCredentials(req)?.id;
}

function answer(res: Response, status: number, body: string, requestId: string, version: string): void {
  res.setHeader('Request-Id', requestId);
  res.setHeader('Stripe-Version', version);
  res.setHeader('Access-Control-Allow-Origin', '*');
  send(res, status, body, 'application/json');
}

export function stripeApi(api: StripeApi): express.Router {
  const router = express.Router();
  router.use(async (req: Request, res: Response) => {
    const { store } = api;
    const requestId = `req_${randomBytes(7).toString('hex')}`;
    let version = store.opts.accountApiVersion;
    try {
      const key = apiKey(req);
      if (!key) {
        throw new StripeError(
          401,
          'invalid_request_error',
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        );
      }
      if (!store.opts.secretKeys.includes(key)) {
        throw new StripeError(401, 'invalid_request_error', `Invalid API Key provided: ${mask(key)}`);
      }
      if (!api.limiter.take(key).allowed) {
        throw new StripeError(
          429,
          'invalid_request_error',
          'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
          { code: 'rate_limit' },
        );
      }
      const asked = req.get('stripe-version');
      if (asked !== undefined) version = checkVersion(asked);
      const url = new URL(req.originalUrl, 'http://api.stripe.com');
      const raw = await readBody(req);
      const contentType = String(req.headers['content-type'] ?? '');
      if (raw.trim() !== '' && !contentType.includes('application/x-www-form-urlencoded')) {
        throw invalid(
          `Invalid request: unsupported Content-Type ${contentType.split(';')[0]}. If error persists and you need assistance, please contact support@stripe.com.`,
        );
      }
      const params = parseNestedParams(req.method === 'POST' ? new URLSearchParams(raw) : url.searchParams);
      let ids: string[] = [];
      const found = api.routes.find((r) => {
        const m = r.method === req.method ? r.path.exec(url.pathname) : null;
        if (m) ids = m.slice(1).map(decodeURIComponent);
        return m !== null;
      });
      if (!found) {
        throw new StripeError(
          404,
          'invalid_request_error',
          `Unrecognized request URL (${req.method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        );
      }
      const idemKey = req.method === 'POST' ? req.get('idempotency-key') : undefined;
      const endpoint = `${req.method} ${url.pathname}`;
      if (idemKey !== undefined) {
        const kept = api.idempotency.lookup(idemKey, endpoint, params, store.now());
        if (kept) {
          res.setHeader('Idempotency-Key', idemKey);
          res.setHeader('Idempotent-Replayed', 'true');
          return answer(res, kept.status, kept.body, requestId, version);
        }
      }
      store.request = { id: requestId, idempotency_key: idemKey ?? null };
      let status = 200;
      let body: string;
      try {
        body = json(found.run({ store, events: api.events, params, ids, version }));
      } catch (e) {
        if (!(e instanceof StripeError)) throw e;
        status = e.status;
        body = json(e.body(requestId));
      } finally {
        store.request = { id: null, idempotency_key: null };
      }
      if (idemKey !== undefined) {
        api.idempotency.save(idemKey, endpoint, params, status, body, store.now());
        res.setHeader('Idempotency-Key', idemKey);
      }
      answer(res, status, body, requestId, version);
    } catch (e) {
      if (!(e instanceof StripeError)) throw e;
      answer(res, e.status, json(e.body(requestId)), requestId, version);
    }
  });
  return router;
}
