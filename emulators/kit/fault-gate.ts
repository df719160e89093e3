import type { NextFunction, Request, Response } from 'express';
import type { FaultSpec, Faults } from './faults.ts';
import { delay, send } from './http.ts';
import type { RequestStats } from './stats.ts';

/**
 * The express middleware that puts `Faults` in front of an emulator's routes. The emulator says
 * how its system answers a 5xx and a 429 (a Fortnox 500 is JSON, a gateway 503 is HTML, BigCommerce
 * adds `X-Retry-After`); the gate does the rest the same way everywhere, including commit-then-fail:
 * the route runs and stores its write, and only the answer is replaced (or the socket dropped).
 */

export interface FailureBody {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

export interface FaultGateOptions {
  faults: Faults;
  stats?: RequestStats;
  /** Which face these routes are ('api', 'token', …), matched against a fault's `target`. */
  target?: string;
  /** The tenant/store/project a request belongs to, when it can be told before authentication. */
  scopeOf?: (req: Request) => string | undefined;
  /** The system's answer for a `status` fault (and for commit-then-fail's 500). */
  failure: (status: number) => FailureBody;
  /** What replaces the answer of a committed write, when it differs from `failure(500)`. */
  committedFailure?: () => FailureBody;
  /** The system's 429. */
  rateLimited: () => FailureBody;
}

function write(res: Response, f: FailureBody): void {
  for (const [k, v] of Object.entries(f.headers ?? {})) res.setHeader(k, v);
  send(res, f.status, f.body, f.contentType);
}

/** Applies a fault that acts before the route; true when the request is finished (or abandoned). */
async function before(
  options: FaultGateOptions,
  f: FaultSpec,
  req: Request,
  res: Response,
  scope: string | undefined,
): Promise<boolean> {
  switch (f.kind) {
    case 'latency':
      await delay(f.ms);
      return false;
    case 'hang':
      return true; // never answered; close() tears the socket down
    case 'drop':
      options.stats?.dropped(scope);
      req.socket.destroy();
      return true;
    case 'status':
      write(res, options.failure(f.status));
      return true;
    case 'rate-limit':
      write(res, options.rateLimited());
      return true;
    case 'commit-then-fail':
      return false;
  }
}

/** After a successful write, replace the answer: a 500 of the system's shape, or a dropped socket. */
export function failAfterCommit(
  res: Response,
  then: 'status' | 'drop',
  failure: () => FailureBody,
  onDrop?: () => void,
): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    if (res.statusCode >= 400) return end(...args); // the write was refused: nothing to fail after
    if (then === 'drop') {
      onDrop?.();
      res.socket?.destroy();
      return res;
    }
    const f = failure();
    res.statusCode = f.status;
    res.removeHeader('Content-Length');
    res.setHeader('Content-Type', f.contentType);
    for (const [k, v] of Object.entries(f.headers ?? {})) res.setHeader(k, v);
    return end(f.body);
  }) as Response['end'];
}

export function faultGate(options: FaultGateOptions) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const scope = options.scopeOf?.(req);
    options.stats?.request(scope, req.method, req.originalUrl);
    res.on('finish', () => options.stats?.answered(scope, res.statusCode));
    const fault = options.faults.take({
      method: req.method,
      path: req.originalUrl,
      target: options.target ?? 'api',
      scope,
    });
    if (fault !== undefined && (await before(options, fault, req, res, scope))) return;
    if (fault?.kind === 'commit-then-fail') {
      failAfterCommit(res, fault.then, options.committedFailure ?? (() => options.failure(500)), () =>
        options.stats?.dropped(scope),
      );
    }
    next();
  };
}
