import type { NextFunction, Request, Response } from 'express';
import {
  type FailureBody,
  type Faults,
  type FixedWindowLimiter,
  faultGate,
  type RequestStats,
  send,
} from '../kit/index.ts';
import {
  BcError,
  type ErrorStyle,
  MISSING_SCOPE,
  RATE_LIMITED_V2,
  RATE_LIMITED_V3,
  renderError,
  UNAUTHORIZED,
} from './errors.ts';
import type { ApiAccount } from './model.ts';
import type { Store } from './store.ts';

/**
 * What stands in front of every `/stores/{store_hash}/v2|v3/…` route: faults (kit), the
 * `X-Auth-Token` of a store API account (401 otherwise), the store's quota shared by every app
 * ("all apps accessing the store share the store's quota" [BC-RL]) with its headers on every
 * answer and `X-Retry-After` in seconds on a 429 [BC-RL about/index.mdx], then per-route scopes (403).
 */

export interface ApiLocals {
  store: Store;
  account: ApiAccount;
  version: 'v2' | 'v3';
}

export interface GateDeps {
  stores: Map<string, Store>;
  faults: Faults;
  stats: RequestStats;
  limiter: FixedWindowLimiter;
}

export const versionOf = (req: Request): 'v2' | 'v3' =>
  /^\/stores\/[^/]+\/v2(\/|$)/.test(req.originalUrl) ? 'v2' : 'v3';
const styleOf = (req: Request): ErrorStyle => versionOf(req);
const hashOf = (req: Request): string | undefined => /^\/stores\/([^/?]+)/.exec(req.originalUrl)?.[1];

export function sendError(res: Response, e: BcError, style: ErrorStyle): void {
  const a = renderError(e, style);
  send(res, a.status, a.body, a.contentType);
}

function limitHeaders(res: Response, quota: number, windowMs: number, resetMs: number, left: number): void {
  res.setHeader('X-Rate-Limit-Time-Window-Ms', String(windowMs));
  res.setHeader('X-Rate-Limit-Time-Reset-Ms', String(Math.ceil(resetMs)));
  res.setHeader('X-Rate-Limit-Requests-Quota', String(quota));
  res.setHeader('X-Rate-Limit-Requests-Left', String(left));
}

/** The kit's fault gate with BigCommerce's bodies; a `status` 429 fault is the header-less "platform load" 429. */
export function storeFaultGate(deps: GateDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const v2 = versionOf(req) === 'v2';
    const windowMs = deps.limiter.settings.windowMs;
    return faultGate({
      faults: deps.faults,
      stats: deps.stats,
      target: 'api',
      scopeOf: hashOf,
      failure: (status): FailureBody => {
        const title = status === 429 ? 'Too many requests' : status >= 500 ? 'Internal Server Error' : 'Error';
        const a = renderError(new BcError(status, title), v2 ? 'v2' : 'v3');
        return { status, contentType: a.contentType, body: a.body };
      },
      rateLimited: () => ({
        status: 429,
        contentType: 'application/json',
        body: v2 ? RATE_LIMITED_V2 : RATE_LIMITED_V3,
        headers: {
          'X-Rate-Limit-Time-Window-Ms': String(windowMs),
          'X-Rate-Limit-Time-Reset-Ms': String(windowMs),
          'X-Rate-Limit-Requests-Quota': String(deps.limiter.settings.max),
          'X-Rate-Limit-Requests-Left': '0',
          'X-Retry-After': String(Math.ceil(windowMs / 1000)),
        },
      }),
    })(req, res, next);
  };
}

export function authenticate(deps: GateDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const store = deps.stores.get(hashOf(req) ?? '');
    const token = req.get('x-auth-token');
    const account = token === undefined ? undefined : store?.accounts.get(token);
    if (!store || !account) return sendError(res, new BcError(401, UNAUTHORIZED), styleOf(req));
    const answer = deps.limiter.take(store.hash);
    limitHeaders(res, answer.limit, deps.limiter.settings.windowMs, answer.resetMs, answer.remaining);
    if (!answer.allowed) {
      res.setHeader('X-Retry-After', String(Math.max(1, Math.ceil(answer.resetMs / 1000))));
      return send(res, 429, versionOf(req) === 'v2' ? RATE_LIMITED_V2 : RATE_LIMITED_V3, 'application/json');
    }
    const locals: ApiLocals = { store, account, version: versionOf(req) };
    res.locals.api = locals;
    next();
  };
}

/** Scopes that grant a route: reading takes any listed, writing the modify ones [BC-AUTH scope table; BC-O3]. */
export interface Need {
  read: readonly string[];
  write: readonly string[];
}

const pair = (scope: string): Need => ({ read: [scope, `${scope}_read_only`], write: [scope] });

export const NEEDS = {
  orders: pair('store_v2_orders'),
  transactions: pair('store_v2_transactions'),
  /** Payment actions and refunds: "at least one of store_v2_orders, store_v2_transactions" [BC-O3]. */
  paymentActions: {
    read: ['store_v2_orders', 'store_v2_orders_read_only', 'store_v2_transactions', 'store_v2_transactions_read_only'],
    write: ['store_v2_orders', 'store_v2_transactions'],
  },
  products: pair('store_v2_products'),
  inventory: pair('store_inventory'),
  customers: pair('store_v2_customers'),
  /** "Webhooks are accessible from the default scope … to all API accounts" [BC-AUTH]. */
  none: { read: [], write: [] },
} as const satisfies Record<string, Need>;

export function checkScope(account: ApiAccount, need: Need, method: string): void {
  const wanted = method === 'GET' || method === 'HEAD' ? need.read : need.write;
  if (wanted.length === 0) return;
  if (!wanted.some((s) => account.scopes.has(s))) throw new BcError(403, MISSING_SCOPE);
}
