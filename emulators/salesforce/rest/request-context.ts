// The gate in front of /services/data/vXX.X: API version, session, injected faults, the daily
// allocation and the Sforce-Limit-Info header. Routes read the caller from callContext(req).
import type { NextFunction, Request, Response } from 'express';
import { type FailureBody, faultGate } from '../../kit/index.ts';
import { SfError, sfError } from '../data/sf-error.ts';
import type { CallContext } from '../data/transaction.ts';
import type { Org } from '../org.ts';

export type RestCall = CallContext & { readonly version: string };

const calls = new WeakMap<Request, RestCall>();
const MIN_VERSION = 20;

export function callContext(req: Request): RestCall {
  const call = calls.get(req);
  if (!call) throw new Error('route mounted outside the REST gate');
  return call;
}

/** "client=fortnox-sync, defaultNamespace=x" → "fortnox-sync". */
export function clientFromCallOptions(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (key === 'client' && value) return value;
  }
  return undefined;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

export function sendError(res: Response, err: SfError): void {
  res.status(err.status).json(err.body());
}

const asFailure = (err: SfError): FailureBody => ({
  status: err.status,
  contentType: 'application/json;charset=UTF-8',
  body: JSON.stringify(err.body()),
});

/** A 5xx as Salesforce answers it: 503 SERVER_UNAVAILABLE, otherwise UNKNOWN_EXCEPTION with an ErrorId. */
export function serverError(status: number): SfError {
  return status === 503
    ? new SfError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable.')
    : new SfError(
        status,
        'UNKNOWN_EXCEPTION',
        'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)',
      );
}

export function restGate(org: Org) {
  // The kit's faults, applied where Salesforce's own failures happen: after the session and the
  // allocation are checked and the call is counted. A 'rate-limit' fault is REQUEST_LIMIT_EXCEEDED.
  const gate = faultGate({
    faults: org.faults.kit,
    stats: org.stats,
    target: 'api',
    scopeOf: () => org.seeded.orgId,
    failure: (status) => asFailure(serverError(status)),
    rateLimited: () => asFailure(sfError.requestLimit()),
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    // req.path is relative to the mount point here; the full path is needed.
    const path = req.originalUrl.split('?')[0] ?? '';
    const match = /^\/services\/data\/v(\d+\.\d)(?:\/|$)/.exec(path);
    const version = match?.[1];
    if (!version || Number(version) < MIN_VERSION || Number(version) > Number(org.latestVersion)) {
      sendError(res, sfError.notFound());
      return;
    }
    res.setHeader('Sforce-Limit-Info', org.usage.header());
    const token = bearerToken(req.header('authorization'));
    const session = token ? org.sessions.use(token) : undefined;
    if (!session) {
      sendError(res, sfError.invalidSession());
      return;
    }
    if (org.usage.exhausted()) {
      sendError(res, sfError.requestLimit());
      return;
    }
    const resource = path.slice(match[0].length).split('/').slice(0, 2).join('/');
    org.usage.record(`${req.method} ${resource.replace(/\/[a-zA-Z0-9]{15,18}$/, '/:id') || '/'}`);
    res.setHeader('Sforce-Limit-Info', org.usage.header());
    const client = clientFromCallOptions(req.header('sforce-call-options'));
    const origin = `com/salesforce/api/rest/${version}${client ? `;client=${client}` : ''}`;
    calls.set(req, { userId: session.userId, origin, version });
    void gate(req, res, next);
  };
}

/** Express error handler speaking Salesforce's error shape. */
export function restErrorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof SfError) return sendError(res, err);
  const parseFailure = typeof err === 'object' && err !== null && 'type' in err && err.type === 'entity.parse.failed';
  if (parseFailure)
    return sendError(
      res,
      new SfError(
        400,
        'JSON_PARSER_ERROR',
        `Unexpected character in request body: ${err instanceof Error ? err.message : ''}`,
      ),
    );
  sendError(res, new SfError(500, 'UNKNOWN_EXCEPTION', err instanceof Error ? err.message : String(err)));
}
