import type { NextFunction, Request, Response } from 'express';
import type pg from 'pg';
import type { Config } from '../../config.ts';
import { anyUsers, findSession, type Role } from '../../db/console-users.repo.ts';
import { basicPasswordMatches, formToken, sameSecret } from '../admin-auth.ts';
import { messagePage, pageViewer } from '../console/layout.ts';

/**
 * Who is asking, for every console page: a signed-in session (cookie), or — for scripts and the
 * one-click setup — HTTP Basic with ADMIN_PASSWORD, or nobody. Pages need a viewer; anything that
 * is not a GET needs an admin, decided here once so no route can forget it.
 */

export interface Access {
  /** Who, for the audit trail ("alice", "admin (ADMIN_PASSWORD)"). */
  actor: string;
  role: Role;
  /** The token every form of this session carries. */
  csrf: string;
  via: 'session' | 'basic' | 'open';
}

declare module 'express-serve-static-core' {
  interface Locals {
    access?: Access;
  }
}

export const SESSION_COOKIE = 'fs_session';
export const ENV_ADMIN = 'admin';

/**
 * A cookie's value, or undefined. A value that is not percent-encoding we wrote (`%E0`, from another
 * app on the domain or a hand-edited cookie) is no cookie: decodeURIComponent would throw, and this
 * runs before every route, webhooks too.
 */
export function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      // A later cookie of the same name (another path's) may still be ours.
    }
  }
  return undefined;
}

/** Reads the session cookie on every request (one indexed lookup, only when the cookie is there). */
export function sessionReader(pool: pg.Pool, config: Pick<Config, 'ADMIN_PASSWORD'>) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = cookie(req, SESSION_COOKIE);
    if (token !== undefined && token !== '') {
      const s = await findSession(pool, token);
      // The bootstrap admin's sessions last only as long as ADMIN_PASSWORD is set.
      const role =
        s === undefined ? null : s.envAdmin ? (config.ADMIN_PASSWORD === undefined ? null : 'admin') : s.role;
      if (s !== undefined && role !== null)
        res.locals.access = { actor: s.username, role, csrf: s.csrf, via: 'session' };
    }
    next();
  };
}

const wantsHtml = (req: Request): boolean => req.accepts(['json', 'html']) === 'html';
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The console's guard: viewers read, admins change; the sign-in page for browsers, 401 for programs. */
export function requireConsole(deps: { pool: pg.Pool; config: Pick<Config, 'ADMIN_PASSWORD' | 'APP_SECRET'> }) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    let access = res.locals.access;
    if (access === undefined && basicPasswordMatches(req, deps.config))
      access = { actor: 'dashboard admin', role: 'admin', csrf: formToken(deps.config), via: 'basic' };
    // Development without ADMIN_PASSWORD and before anyone is added: open, as it always was.
    if (access === undefined && deps.config.ADMIN_PASSWORD === undefined && !(await anyUsers(deps.pool)))
      access = { actor: 'dashboard admin', role: 'admin', csrf: formToken(deps.config), via: 'open' };
    if (access === undefined) {
      if (wantsHtml(req) && READS.has(req.method))
        return void res.redirect(303, `/signin?next=${encodeURIComponent(req.originalUrl.slice(0, 500))}`);
      res.setHeader('WWW-Authenticate', 'Basic realm="fortnox-sync", charset="UTF-8"');
      return void res.status(401).send('Sign in at /signin (or use HTTP Basic with ADMIN_PASSWORD).');
    }
    res.locals.access = access;
    const viewer = access;
    if (READS.has(req.method) || access.role === 'admin') return pageViewer.run(viewer, () => next());
    res.locals.logger.warn('viewer refused a change', { path: req.path });
    const message = `You are signed in as ${access.actor}, a viewer: you can look and download, but not change anything. Ask an admin.`;
    if (wantsHtml(req) || req.is('application/x-www-form-urlencoded'))
      return void res.status(403).type('html').send(messagePage('Not allowed for viewers', message));
    res.status(403).json({ error: 'forbidden', message });
  };
}

export const accessOf = (res: Response): Access =>
  res.locals.access ?? { actor: 'dashboard admin', role: 'viewer', csrf: '', via: 'open' };

/** Whether a form carries this session's token (browsers send cookies and Basic on cross-site posts too). */
export function validCsrf(res: Response, token: unknown): boolean {
  const expected = res.locals.access?.csrf;
  return typeof token === 'string' && expected !== undefined && expected !== '' && sameSecret(token, expected);
}
