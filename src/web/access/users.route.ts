import type { Express, Request, RequestHandler, Response } from 'express';
import express from 'express';
import type pg from 'pg';
import { recordConfigChange } from '../../db/config-changes.repo.ts';
import { listUsers, ROLES, type Role, removeUser, saveUser } from '../../db/console-users.repo.ts';
import { escapeHtml, messagePage, renderPage, when } from '../console/layout.ts';
import { hashPassword, passwordProblem, usernameProblem } from './passwords.ts';
import { accessOf, validCsrf } from './session.ts';

/**
 * `/users`: who may sign in and as what. Admins add people (viewer: finance, looks and downloads;
 * admin: also changes), change a role or password, remove them; every change is in the audit trail.
 */

const ROLE_WORDS: Record<Role, string> = {
  viewer: 'Viewer — looks and downloads',
  admin: 'Admin — also retries, changes settings, connects',
};

function usersPage(users: Awaited<ReturnType<typeof listUsers>>, csrf: string, notice?: string): string {
  const token = `<input type="hidden" name="token" value="${escapeHtml(csrf)}">`;
  const rows = users
    .map(
      (
        u,
      ) => `<tr><td>${escapeHtml(u.username)}</td><td>${escapeHtml(ROLE_WORDS[u.role])}</td><td>${escapeHtml(u.createdBy)}, ${escapeHtml(when(u.createdAt))}</td>
<td>${u.lastSignedIn ? escapeHtml(when(u.lastSignedIn)) : '<span class="muted">never</span>'}</td>
<td><form method="post" action="/users/remove">${token}<input type="hidden" name="username" value="${escapeHtml(u.username)}"><button type="submit" aria-label="Remove ${escapeHtml(u.username)}">Remove</button></form></td></tr>`,
    )
    .join('');
  const table =
    users.length === 0
      ? '<p class="muted">Nobody has been added yet; until then <strong>admin</strong> with ADMIN_PASSWORD signs in.</p>'
      : `<table><thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Added by</th><th scope="col">Last sign-in</th><th scope="col"><span class="muted">Action</span></th></tr></thead><tbody>${rows}</tbody></table>`;
  const options = ROLES.map((r) => `<option value="${r}">${escapeHtml(ROLE_WORDS[r])}</option>`).join('');
  const form = `<h2>Add someone, or change a role or password</h2><form method="post" action="/users">${token}
<p><label>User name <input name="username" autocomplete="off" required></label>
<label>Role <select name="role">${options}</select></label>
<label>Password (12 characters or more) <input name="password" type="password" autocomplete="new-password" required></label>
<button type="submit">Save user</button></p></form>
<p class="muted">From a shell: <code>npm run console:user -- add NAME viewer</code> (the password is asked for).</p>`;
  return renderPage({ title: 'Users', section: 'users', body: table + form, notice });
}

export function registerUserRoutes(app: Express, deps: { pool: pg.Pool }, guard: RequestHandler): void {
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const back = (res: Response, notice: string) => res.redirect(303, `/users?notice=${encodeURIComponent(notice)}`);
  const expired = (res: Response) =>
    res
      .status(403)
      .type('html')
      .send(messagePage('This form has expired', 'Reload Users and try again.', { href: '/users', label: 'Users' }));

  app.get('/users', guard, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const notice = typeof req.query.notice === 'string' ? req.query.notice.slice(0, 300) : undefined;
    res.type('html').send(usersPage(await listUsers(deps.pool), accessOf(res).csrf, notice));
  });

  app.post('/users', guard, form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!validCsrf(res, body.token)) return void expired(res);
    const username = String(body.username ?? '')
      .trim()
      .toLowerCase();
    const role = ROLES.find((r) => r === body.role);
    const password = String(body.password ?? '');
    const problems = [
      usernameProblem(username),
      role === undefined ? 'Choose a role: viewer or admin.' : undefined,
      passwordProblem(password),
    ].filter((p) => p !== undefined);
    if (problems.length > 0 || role === undefined) return back(res, `Not saved. ${problems.join(' ')}`);
    const actor = accessOf(res).actor;
    const existed = await saveUser(deps.pool, {
      username,
      role,
      passwordHash: await hashPassword(password),
      createdBy: actor,
    });
    await recordConfigChange(deps.pool, {
      actor,
      scope: 'users',
      key: username,
      before: existed ? 'changed' : null,
      after: role,
    });
    back(
      res,
      existed
        ? `${username} is now ${role}, with the new password; their sessions were ended.`
        : `${username} can now sign in as ${role}.`,
    );
  });

  app.post('/users/remove', guard, form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!validCsrf(res, body.token)) return void expired(res);
    const username = String(body.username ?? '');
    const actor = accessOf(res).actor;
    if (username === actor) return back(res, 'You cannot remove yourself; ask another admin.');
    const removed = await removeUser(deps.pool, username);
    if (removed)
      await recordConfigChange(deps.pool, { actor, scope: 'users', key: username, before: 'user', after: null });
    back(res, removed ? `${username} can no longer sign in.` : `There is no user ${username}.`);
  });
}
