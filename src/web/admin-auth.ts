import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.ts';

/**
 * HTTP Basic with ADMIN_PASSWORD (any user name): the bootstrap admin for scripts and the one-click
 * Heroku setup, beside the console's sign-in (`access/`). Routes that only an admin may use (a
 * source's connect page) take `requireAdmin`; a signed-in admin session passes it too. Forms of
 * Basic callers carry a token derived from APP_SECRET, because browsers send Basic credentials on
 * cross-site form posts too.
 */

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function basicPasswordMatches(req: Request, config: Pick<Config, 'ADMIN_PASSWORD'>): boolean {
  const password = config.ADMIN_PASSWORD;
  if (password === undefined) return false;
  const [scheme, encoded] = (req.get('authorization') ?? '').split(' ');
  const given =
    scheme?.toLowerCase() === 'basic' && encoded
      ? Buffer.from(encoded, 'base64').toString('utf8').split(':').slice(1).join(':')
      : '';
  return given !== '' && sameSecret(given, password);
}

export function requireAdmin(config: Pick<Config, 'ADMIN_PASSWORD'>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (res.locals.access?.role === 'admin') return next();
    if (config.ADMIN_PASSWORD === undefined && res.locals.access === undefined) {
      next(); // development only: production refuses to start without ADMIN_PASSWORD
      return;
    }
    if (basicPasswordMatches(req, config)) return next();
    if (res.locals.access !== undefined)
      return void res.status(403).send('Only an admin can do this; you are signed in as a viewer.');
    res.setHeader('WWW-Authenticate', 'Basic realm="fortnox-sync", charset="UTF-8"');
    res.status(401).send('Sign in at /signin as an admin (or use HTTP Basic with ADMIN_PASSWORD).');
  };
}

export function formToken(config: Pick<Config, 'APP_SECRET'>): string {
  return createHmac('sha256', config.APP_SECRET).update('dashboard-form').digest('base64url');
}

export function validFormToken(config: Pick<Config, 'APP_SECRET'>, token: unknown): boolean {
  return typeof token === 'string' && sameSecret(token, formToken(config));
}
