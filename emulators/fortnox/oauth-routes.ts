import express, { type Request, type Response } from 'express';
import { basicCredentials, escapeHtml, faultGate, readBody } from '../kit/index.ts';
import { send } from './answers.ts';
import { fortnoxFailure } from './faults.ts';
import { invalidClient, OAuthError, type TokenAnswer } from './oauth-store.ts';
import { DEMO_TENANT_ID } from './options.ts';
import type { EmulatorState } from './state.ts';

const badRequest = (res: Response, msg: string): void =>
  send(res, 400, `<html><body><h1>Bad request</h1><p>${escapeHtml(msg)}</p></body></html>`, 'text/html; charset=UTF-8');

/** apps.fortnox.se/oauth-v1: consent page, token endpoint (3 grants) and revoke [reference §1.2–1.3]. */
export function oauthRouter(state: EmulatorState): express.Router {
  const r = express.Router();

  r.get('/auth', (req: Request, res: Response) => {
    const q = new URL(req.originalUrl, 'http://emulator').searchParams;
    const app = state.oauth.app(q.get('client_id') ?? '');
    if (!app) return badRequest(res, 'Unknown client_id');
    const redirect = q.get('redirect_uri') ?? app.redirectUris?.[0];
    if (!redirect) return badRequest(res, 'redirect_uri missing');
    if (app.redirectUris?.length && !app.redirectUris.includes(redirect))
      return badRequest(res, 'redirect_uri mismatch');
    if (q.get('response_type') !== 'code' || !q.get('state') || !q.get('scope')) {
      return badRequest(res, 'response_type=code, state and scope are required');
    }
    // Auto-approve for tests: option, or the emulator-only query switch `emulator_auto_approve=1`.
    if (state.env.opts.autoApprove || q.get('emulator_auto_approve') === '1') {
      return approve(state, res, q, Number(q.get('emulator_tenant') ?? DEMO_TENANT_ID), redirect);
    }
    send(res, 200, consentPage(state, app.name ?? app.clientId, q), 'text/html; charset=UTF-8');
  });

  r.post('/auth/approve', async (req: Request, res: Response) => {
    const form = new URLSearchParams(await readBody(req));
    const q = new URLSearchParams(form.get('query') ?? '');
    const app = state.oauth.app(q.get('client_id') ?? '');
    const redirect = q.get('redirect_uri') ?? app?.redirectUris?.[0];
    if (!app || !redirect) return badRequest(res, 'Unknown client or redirect');
    if (form.get('decision') !== 'approve') {
      return redirectTo(res, redirect, { error: 'access_denied', state: q.get('state') ?? '' });
    }
    approve(state, res, q, Number(form.get('tenant') ?? DEMO_TENANT_ID), redirect);
  });

  // Faults with target 'token' (not counted in the /3/ stats). A commit-then-fail stores the new
  // pair (the old refresh token is already dead) but the client never sees it.
  const tokenGate = faultGate({
    faults: state.faults,
    target: 'token',
    failure: fortnoxFailure,
    committedFailure: () => ({ status: 500, contentType: 'application/json', body: '{"error":"server_error"}' }),
    rateLimited: () => ({ status: 429, contentType: 'application/json', body: state.env.opts.quirks.rateLimitBody }),
  });
  r.post('/token', tokenGate, async (req: Request, res: Response) => {
    const form = new URLSearchParams(await readBody(req));
    try {
      const creds = clientOf(req, form);
      if (!creds || !state.oauth.app(creds.id, creds.secret)) throw invalidClient();
      const answer = grant(state, creds.id, form, req.headers.tenantid);
      res.setHeader('Cache-Control', 'no-store');
      send(res, 200, JSON.stringify(answer), 'application/json');
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      send(res, e.status, e.body(), e.contentType);
    }
  });

  r.post('/revoke', async (req: Request, res: Response) => {
    const form = new URLSearchParams(await readBody(req));
    const creds = clientOf(req, form);
    if (!creds || !state.oauth.app(creds.id, creds.secret)) {
      const e = invalidClient();
      return send(res, e.status, e.body(), e.contentType);
    }
    // [unverified] answer for an unknown token; Fortnox documents only {"revoked": true}.
    const revoked = state.oauth.revoke(creds.id, form.get('token') ?? '');
    send(res, 200, JSON.stringify({ revoked }), 'application/json');
  });
  return r;
}

/** Basic client credentials from the header (Fortnox's way) or, leniently, the form body. */
function clientOf(req: Request, form: URLSearchParams): { id: string; secret: string } | undefined {
  const basic = basicCredentials(req);
  if (basic) return basic;
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id && secret ? { id, secret } : undefined;
}

function grant(
  state: EmulatorState,
  clientId: string,
  form: URLSearchParams,
  tenantHeader: string | string[] | undefined,
): TokenAnswer {
  switch (form.get('grant_type')) {
    case 'authorization_code':
      return state.oauth.exchangeCode(clientId, form.get('code') ?? '', form.get('redirect_uri') ?? undefined);
    case 'refresh_token':
      return state.oauth.refresh(clientId, form.get('refresh_token') ?? '');
    case 'client_credentials': {
      const tenant = Number(Array.isArray(tenantHeader) ? tenantHeader[0] : tenantHeader);
      if (!Number.isInteger(tenant)) throw new OAuthError(400, 'invalid_request', 'TenantId header missing');
      return state.oauth.clientCredentials(clientId, tenant);
    }
    default:
      throw new OAuthError(400, 'unsupported_grant_type', 'Unsupported grant type');
  }
}

function approve(state: EmulatorState, res: Response, q: URLSearchParams, tenantId: number, redirect: string): void {
  if (!state.tenants.has(tenantId)) return badRequest(res, `No tenant ${tenantId}`);
  const consent = state.oauth.consent({
    clientId: q.get('client_id') ?? '',
    tenantId,
    userId: `user-${tenantId}`,
    scope: q.get('scope') ?? '',
    accountType: q.get('account_type') === 'service' ? 'service' : 'user',
  });
  const code = state.oauth.issueCode(consent, q.get('redirect_uri') ?? undefined);
  redirectTo(res, redirect, { code, state: q.get('state') ?? '' });
}

function redirectTo(res: Response, base: string, params: Record<string, string>): void {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  res.statusCode = 302;
  res.setHeader('Location', url.toString());
  res.end();
}

/** The emulator's stand-in for Fortnox's consent screen: pick a company, approve or deny. */
export function consentPage(state: EmulatorState, appName: string, q: URLSearchParams): string {
  const options = [...state.tenants.values()]
    .map((t) => `<option value="${t.id}">${escapeHtml(t.name)} (${t.id})</option>`)
    .join('');
  const scopes = (q.get('scope') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((s) => `<li>${escapeHtml(s)}</li>`)
    .join('');
  const service =
    q.get('account_type') === 'service'
      ? '<p><strong>Service account:</strong> the integration acts as its own user (client credentials).</p>'
      : '';
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Fortnox (emulator) – godkänn integration</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;color:#1b2b34}
button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}.approve{background:#1d8a4e;color:#fff;border:0}</style>
</head><body>
<h1>Godkänn ${escapeHtml(appName)}</h1>
<p>The app asks for access to:</p><ul>${scopes}</ul>${service}
<form method="post" action="/oauth-v1/auth/approve">
<input type="hidden" name="query" value="${escapeHtml(q.toString())}">
<label>Company <select name="tenant">${options}</select></label>
<p><button class="approve" name="decision" value="approve">Approve</button>
<button name="decision" value="deny">Deny</button></p>
</form></body></html>`;
}
