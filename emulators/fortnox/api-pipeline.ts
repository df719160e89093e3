import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { bearer, faultGate } from '../kit/index.ts';
import { send, sendError, sendResult, sendUnauthorized } from './answers.ts';
import { FortnoxError } from './errors.ts';
import { fortnoxFailure, rateLimited } from './faults.ts';
import type { Claims } from './oauth-store.ts';
import { peekJwt } from './oauth-store.ts';
import type { ApiResult } from './resource.ts';
import type { EmulatorState } from './state.ts';
import type { Tenant } from './tenant.ts';

export interface ApiLocals {
  tenant: Tenant;
  claims: Claims;
}

/** The tenant a request belongs to, read from its token before it is checked (faults and stats need it). */
function tenantHint(req: Request): string | undefined {
  const token = bearer(req);
  const id = token ? peekJwt(token)?.tenantId : undefined;
  return id === undefined ? undefined : String(id);
}

/**
 * In front of every /3/ route: the kit's fault gate (counting per tenant, faults in Fortnox's
 * answer shapes, commit-then-fail), then authentication and the (client, tenant) rate limit.
 */
export function apiGate(state: EmulatorState): RequestHandler[] {
  const gate = faultGate({
    faults: state.faults,
    stats: state.stats,
    target: 'api',
    scopeOf: tenantHint,
    failure: fortnoxFailure,
    rateLimited: () => rateLimited(state.env.opts.quirks.rateLimitBody),
  });
  const auth = (req: Request, res: Response, next: NextFunction): void => {
    const token = bearer(req);
    const claims = token ? state.oauth.verifyAccess(token) : undefined;
    const tenant = claims ? state.tenants.get(claims.tenantId) : undefined;
    if (!claims || !tenant) return sendUnauthorized(res);
    if (!state.limiter.take(claims.clientId, claims.tenantId)) {
      return send(res, 429, state.env.opts.quirks.rateLimitBody, 'application/json');
    }
    const locals: ApiLocals = { tenant, claims };
    res.locals.api = locals;
    next();
  };
  return [gate, auth];
}

/** Runs a handler and writes its answer (a refused write answers Fortnox's error). */
export function finish(res: Response, run: () => ApiResult): void {
  let result: ApiResult;
  try {
    result = run();
  } catch (e) {
    if (e instanceof FortnoxError) return sendError(res, e);
    throw e;
  }
  sendResult(res, result);
}
