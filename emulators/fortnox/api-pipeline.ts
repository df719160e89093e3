import type { NextFunction, Request, Response } from 'express';
import { FortnoxError, KNOWN } from './errors.ts';
import type { FaultSpec } from './faults.ts';
import { bearer, delay, send, sendError, sendResult, sendUnauthorized } from './http-util.ts';
import type { Claims } from './oauth-store.ts';
import { peekJwt } from './oauth-store.ts';
import type { ApiResult } from './resource.ts';
import type { EmulatorState } from './state.ts';
import type { Tenant } from './tenant.ts';
import { fortnoxJson } from './values.ts';

export interface ApiLocals {
  tenant: Tenant;
  claims: Claims;
  fault: FaultSpec | undefined;
}

const systemError = (): string =>
  fortnoxJson(new FortnoxError(500, KNOWN.systemError.code, KNOWN.systemError.message).body());

/** Applies a pre-handling fault; answers true when the request is finished (or abandoned). */
export async function preFault(
  state: EmulatorState,
  f: FaultSpec | undefined,
  req: Request,
  res: Response,
  tenantId: number | undefined,
): Promise<boolean> {
  if (!f) return false;
  switch (f.kind) {
    case 'latency':
      await delay(f.ms);
      return false;
    case 'hang':
      return true; // never answered; close() tears the socket down
    case 'drop':
      state.stats.dropped(tenantId);
      req.socket.destroy();
      return true;
    case 'status':
      // [unverified] body of a Fortnox 5xx; 503s are usually a gateway's HTML page.
      if (f.status === 500) send(res, 500, systemError(), 'application/json');
      else send(res, f.status, '<html><body><h1>Service Unavailable</h1></body></html>', 'text/html');
      return true;
    case 'rate-limit':
      send(res, 429, state.env.opts.quirks.rateLimitBody, 'application/json');
      return true;
    case 'commit-then-fail':
      return false;
  }
}

/** Auth, counting, faults and the rate limit in front of every /3/ route. */
export function apiGate(state: EmulatorState) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = bearer(req);
    const hinted = token ? peekJwt(token)?.tenantId : undefined;
    state.stats.request(hinted);
    res.on('finish', () => state.stats.answered(hinted, res.statusCode));
    const fault = state.faults.take({ method: req.method, path: req.originalUrl, tenantId: hinted, target: 'api' });
    if (await preFault(state, fault, req, res, hinted)) return;
    const claims = token ? state.oauth.verifyAccess(token) : undefined;
    const tenant = claims ? state.tenants.get(claims.tenantId) : undefined;
    if (!claims || !tenant) return sendUnauthorized(res);
    if (!state.limiter.take(claims.clientId, claims.tenantId)) {
      return send(res, 429, state.env.opts.quirks.rateLimitBody, 'application/json');
    }
    const locals: ApiLocals = { tenant, claims, fault: fault?.kind === 'commit-then-fail' ? fault : undefined };
    res.locals.api = locals;
    next();
  };
}

/** Runs a handler; a commit-then-fail fault stores the write and then fails the answer. */
export function finish(
  state: EmulatorState,
  req: Request,
  res: Response,
  locals: ApiLocals,
  run: () => ApiResult,
): void {
  let result: ApiResult;
  try {
    result = run();
  } catch (e) {
    if (e instanceof FortnoxError) return sendError(res, e);
    throw e;
  }
  const f = locals.fault;
  if (f) {
    if (f.then === 'drop') {
      state.stats.dropped(locals.tenant.id);
      req.socket.destroy();
      return;
    }
    return send(res, 500, systemError(), 'application/json');
  }
  sendResult(res, result);
}
