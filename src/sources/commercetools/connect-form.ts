import express, { type Request, type Response, type Router } from 'express';
import { toAppError } from '../../core/errors.ts';
import { sourceAdminPages } from '../../web/access/source-pages.ts';
import { requireAdmin } from '../../web/admin-auth.ts';
import { escapeHtml, renderPage } from '../../web/console/layout.ts';
import type { SourceServices } from '../source.ts';
import { connectInput, connectProject, REGIONS } from './connect.ts';

/**
 * `GET /sources/commercetools/connect`: the console's form to connect a project (project key,
 * region or hosts, API client id and secret, scopes). It posts urlencoded to `/connect-form` with
 * the session's form token; every problem is named on the form with the values kept — never the
 * secret typed in. `POST /connect` takes the same as JSON for scripts (dashboard password).
 */

type Values = Partial<Record<'projectKey' | 'label' | 'region' | 'apiUrl' | 'authUrl' | 'clientId' | 'scopes', string>>;

const FIELDS = ['projectKey', 'label', 'region', 'apiUrl', 'authUrl', 'clientId', 'scopes'] as const;

function formPage(token: string, values: Values, problem?: string): string {
  const v = (k: keyof Values) => escapeHtml(values[k] ?? '');
  const region = values.region ?? 'europe-west1.gcp';
  const options = [...REGIONS, 'custom']
    .map(
      (r) =>
        `<option value="${r}"${r === region ? ' selected' : ''}>${r === 'custom' ? 'other hosts (below)' : r}</option>`,
    )
    .join('');
  return renderPage({
    title: 'Connect a commercetools project',
    section: 'connections',
    body: `${problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : ''}
<p>In the Merchant Center create an API client (Settings → Developer settings) with at least <code>manage_orders</code>,
<code>view_payments</code>, <code>view_customers</code> and <code>view_messages</code> (also <code>view_business_units</code>,
<code>manage_channels</code> and, for the status on the order, <code>manage_types</code>), and turn Messages on
(Settings → Project settings). Copy the project key, client id and secret here; they are checked with commercetools and stored encrypted.</p>
<form method="post" action="/sources/commercetools/connect-form"><input type="hidden" name="token" value="${escapeHtml(token)}">
<p><label>Project key <input name="projectKey" required pattern="[a-z0-9-]{1,20}" value="${v('projectKey')}"></label></p>
<p><label>Label shown in the console <input name="label" value="${v('label')}"></label></p>
<p><label>Region <select name="region">${options}</select></label></p>
<p><label>API URL (other hosts only) <input name="apiUrl" type="url" value="${v('apiUrl')}"></label></p>
<p><label>Auth URL (other hosts only) <input name="authUrl" type="url" value="${v('authUrl')}"></label></p>
<p><label>Client id <input name="clientId" required autocomplete="off" value="${v('clientId')}"></label></p>
<p><label>Client secret <input name="clientSecret" type="password" required autocomplete="off"></label></p>
<p><label>Scopes (space separated; empty = all of the client’s) <input name="scopes" value="${v('scopes')}"></label></p>
<p><button type="submit">Connect the project</button> <a href="/connections">Back to connections</a></p></form>`,
  });
}

const problemsOf = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) =>
  issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`).join('; ');

/** Empty form fields are absent, so optional ones (label, hosts) are not "invalid". */
function inputOf(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...FIELDS, 'clientSecret']) {
    const value = body[k];
    if (typeof value === 'string' && value.trim() !== '') out[k] = value.trim();
  }
  return out;
}

export function connectFormRoutes(router: Router, services: SourceServices): void {
  const config = {
    ADMIN_PASSWORD: typeof services.config.ADMIN_PASSWORD === 'string' ? services.config.ADMIN_PASSWORD : undefined,
    APP_SECRET: String(services.config.APP_SECRET ?? ''),
  };
  const pages = sourceAdminPages(config);
  const form = express.urlencoded({ extended: false, limit: '8kb' });

  router.get('/connect', pages.page, (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(formPage(pages.token(res), {}));
  });

  router.post('/connect-form', pages.page, form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Values = Object.fromEntries(FIELDS.map((k) => [k, String(body[k] ?? '')]));
    const again = (status: number, problem: string) =>
      res
        .status(status)
        .type('html')
        .send(formPage(pages.token(res), values, problem));
    if (!pages.valid(res, body.token)) return void again(403, 'The form had expired; fill it in again.');
    const parsed = connectInput.safeParse(inputOf(body));
    if (!parsed.success) return void again(400, problemsOf(parsed.error.issues));
    try {
      await connectProject(services, parsed.data);
    } catch (error) {
      return void again(400, toAppError(error).userMessage);
    }
    const notice = `commercetools project “${parsed.data.projectKey}” is connected; orders and payments changed from now on are synced.`;
    res.redirect(303, `/connections?notice=${encodeURIComponent(notice)}`);
  });

  // JSON only: a cross-site HTML form cannot send it, so remembered Basic credentials cannot be replayed.
  router.post('/connect', requireAdmin(config), express.json({ limit: '8kb' }), async (req, res) => {
    const parsed = connectInput.safeParse(inputOf((req.body ?? {}) as Record<string, unknown>));
    if (!parsed.success)
      return void res.status(400).json({ error: 'invalid', message: problemsOf(parsed.error.issues) });
    try {
      await connectProject(services, parsed.data);
      res.status(200).json({ connected: parsed.data.projectKey });
    } catch (error) {
      const err = toAppError(error);
      res
        .status(400)
        .json({ error: (err.details as { reason?: string })?.reason ?? err.code, message: err.userMessage });
    }
  });
}
