import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.ts';

/**
 * Guards the dashboard and its API. HTTP Basic with ADMIN_PASSWORD (any user name): simple enough
 * for a one-click Heroku app, and the platform terminates TLS. Forms also carry a token derived from
 * APP_SECRET, because browsers send Basic credentials on cross-site form posts too.
 */

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function requireAdmin(config: Pick<Config, 'ADMIN_PASSWORD'>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const password = config.ADMIN_PASSWORD;
    if (password === undefined) {
      next(); // development only: production refuses to start without ADMIN_PASSWORD
      return;
    }
    const header = req.get('authorization') ?? '';
    const [scheme, encoded] = header.split(' ');
    const given =
      scheme?.toLowerCase() === 'basic' && encoded
        ? Buffer.from(encoded, 'base64').toString('utf8').split(':').slice(1).join(':')
        : '';
    if (given !== '' && sameSecret(given, password)) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="fortnox-sync", charset="UTF-8"');
    res.status(401).send('Sign in with the dashboard password (ADMIN_PASSWORD).');
  };
}

export function formToken(config: Pick<Config, 'APP_SECRET'>): string {
  return createHmac('sha256', config.APP_SECRET).update('dashboard-form').digest('base64url');
}

export function validFormToken(config: Pick<Config, 'APP_SECRET'>, token: unknown): boolean {
  return typeof token === 'string' && sameSecret(token, formToken(config));
}
