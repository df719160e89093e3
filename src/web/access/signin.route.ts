import { randomBytes } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import express from 'express';
import type pg from 'pg';
import type { Config } from '../../config.ts';
import { anyUsers, closeSession, openSession, passwordHashOf } from '../../db/console-users.repo.ts';
import { sameSecret } from '../admin-auth.ts';
import { escapeHtml, renderPage } from '../console/layout.ts';
import { LoginLimit } from './login-limit.ts';
import { verifyPassword } from './passwords.ts';
import { cookie, ENV_ADMIN, SESSION_COOKIE, validCsrf } from './session.ts';

/**
 * `/signin` and `/signout`. The session cookie is HttpOnly, SameSite=Lax and Secure in production;
 * the sign-in form carries a token matching a short-lived cookie of its own (no one signs you in as
 * someone else from another site). Until users exist, `admin` with ADMIN_PASSWORD is the way in.
 */

const FORM_COOKIE = 'fs_signin';

/** Only a path on this site: `next=//evil.example` or an absolute URL sends people to the overview. */
const safeNext = (raw: unknown): string =>
  typeof raw === 'string' && /^\/(?![/\\])/.test(raw) && raw.length <= 500 ? raw : '/';

function cookieText(config: Pick<Config, 'NODE_ENV'>, name: string, value: string, maxAge: number): string {
  const secure = config.NODE_ENV === 'production' ? '; Secure' : '';
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

function signinPage(o: { token: string; next: string; problem?: string; firstAdmin: boolean; username?: string }) {
  const first = o.firstAdmin
    ? '<p class="muted">No users have been added yet: sign in as <strong>admin</strong> with the ADMIN_PASSWORD of this app, then add people under Users.</p>'
    : '';
  const problem = o.problem ? `<p class="error" role="alert">${escapeHtml(o.problem)}</p>` : '';
  return renderPage({
    title: 'Sign in',
    section: 'none',
    body: `${first}${problem}<form method="post" action="/signin">
<input type="hidden" name="token" value="${escapeHtml(o.token)}"><input type="hidden" name="next" value="${escapeHtml(o.next)}">
<p><label>User name<br><input name="username" autocomplete="username" required value="${escapeHtml(o.username ?? '')}"></label></p>
<p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button></p></form>`,
  });
}

export function registerSigninRoutes(app: Express, deps: { pool: pg.Pool; config: Config }): void {
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const limit = new LoginLimit();
  const firstAdmin = async () => deps.config.ADMIN_PASSWORD !== undefined && !(await anyUsers(deps.pool));

  const show = async (res: Response, status: number, next: string, problem?: string, username?: string) => {
    const token = randomBytes(18).toString('base64url');
    res.setHeader('Set-Cookie', cookieText(deps.config, FORM_COOKIE, token, 3600));
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(status)
      .type('html')
      .send(
        signinPage({
          token,
          next,
          firstAdmin: await firstAdmin(),
          ...(problem ? { problem } : {}),
          ...(username ? { username } : {}),
        }),
      );
  };

  app.get('/signin', (req: Request, res: Response) => show(res, 200, safeNext(req.query.next)));

  app.post('/signin', form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const username = String(body.username ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 64);
    const password = String(body.password ?? '').slice(0, 200);
    const expected = cookie(req, FORM_COOKIE);
    if (expected === undefined || typeof body.token !== 'string' || !sameSecret(body.token, expected))
      return show(res, 403, next, 'The sign-in form had expired; try again.', username);
    const ip = req.ip ?? 'unknown';
    const wait = limit.blockedFor(ip, username);
    if (wait !== undefined)
      return show(
        res,
        429,
        next,
        `Too many failed sign-ins for this user from your address. Try again in ${wait} minute${wait === 1 ? '' : 's'}.`,
        username,
      );

    const user = await passwordHashOf(deps.pool, username);
    let envAdmin = false;
    let ok = false;
    if (user !== undefined) ok = await verifyPassword(password, user.hash);
    else if (username === ENV_ADMIN && deps.config.ADMIN_PASSWORD !== undefined) {
      ok = sameSecret(password, deps.config.ADMIN_PASSWORD);
      envAdmin = ok;
    }
    if (!ok) {
      limit.failed(ip, username);
      res.locals.logger.warn('sign-in failed', { reason: user === undefined ? 'unknown_user' : 'wrong_password' });
      return show(res, 401, next, 'That user name and password do not match.', username);
    }
    limit.succeeded(ip, username);
    const session = await openSession(deps.pool, username, envAdmin);
    res.setHeader('Set-Cookie', [
      cookieText(deps.config, SESSION_COOKIE, session.token, session.maxAgeSeconds),
      cookieText(deps.config, FORM_COOKIE, '', 0),
    ]);
    res.locals.logger.info('signed in', { envAdmin });
    res.redirect(303, next);
  });

  app.post('/signout', form, async (req: Request, res: Response) => {
    const token = cookie(req, SESSION_COOKIE);
    if (token !== undefined && validCsrf(res, (req.body as Record<string, unknown>).token))
      await closeSession(deps.pool, token);
    res.setHeader('Set-Cookie', cookieText(deps.config, SESSION_COOKIE, '', 0));
    res.redirect(303, '/signin');
  });
}
