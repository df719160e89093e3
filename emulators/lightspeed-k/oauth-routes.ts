import express, { type Request, type Response } from 'express';
import { basicCredentials, escapeHtml, readBody, renderPage, send, sendJson } from '../kit/index.ts';
import { oauthError } from './errors.ts';
import { OAuthError, type OAuthStore } from './oauth-store.ts';
import { FINANCIAL_SCOPE, type ResolvedOptions } from './options.ts';

/**
 * `/oauth/authorize` and `/oauth/token` (Authorization Overview; Authentication Tutorial). The
 * authorize URL takes response_type=code, client_id, scope (space separated), redirect_uri and
 * an optional state; the token request authenticates the client with
 * `Authorization: Basic base64(client_id:client_secret)` and sends code, grant_type and
 * redirect_uri — the tutorial puts them in the query string, a form body works too.
 */

const KNOWN_SCOPES = new Set([
  FINANCIAL_SCOPE,
  'orders-api',
  'items',
  'staff-api',
  'propertymanagement',
  'id-cards',
  'reservations-api',
  'offline_access',
]);

export function oauthRouter(store: OAuthStore, opts: ResolvedOptions): express.Router {
  const r = express.Router();

  r.get('/authorize', (req: Request, res: Response) => {
    const q = new URL(req.originalUrl, 'http://emulator').searchParams;
    const problem = authorizeProblem(store, opts, q);
    if (problem)
      return send(res, 400, page('Authorization failed', `<p>${escapeHtml(problem)}</p>`), 'text/html; charset=utf-8');
    const redirect = q.get('redirect_uri') ?? '';
    const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s) && !s.startsWith('reservation-'));
    if (q.get('response_type') !== 'code') return back(res, redirect, { error: 'unsupported_response_type' }, q);
    if (scopes.length === 0 || unknown.length > 0) return back(res, redirect, { error: 'invalid_scope' }, q);
    if (opts.autoApprove || q.get('emulator_auto_approve') === '1') {
      return back(res, redirect, { code: store.issueCode(q.get('client_id') ?? '', scopes.join(' '), redirect) }, q);
    }
    const client = store.client(q.get('client_id') ?? '');
    send(res, 200, consent(client?.name ?? client?.clientId ?? '', scopes, q), 'text/html; charset=utf-8');
  });

  r.post('/authorize', async (req: Request, res: Response) => {
    const form = new URLSearchParams(await readBody(req));
    const q = new URLSearchParams(form.get('query') ?? '');
    const problem = authorizeProblem(store, opts, q);
    if (problem)
      return send(res, 400, page('Authorization failed', `<p>${escapeHtml(problem)}</p>`), 'text/html; charset=utf-8');
    const redirect = q.get('redirect_uri') ?? '';
    if (form.get('decision') !== 'approve') return back(res, redirect, { error: 'access_denied' }, q);
    const scope = (q.get('scope') ?? '').split(/\s+/).filter(Boolean).join(' ');
    back(res, redirect, { code: store.issueCode(q.get('client_id') ?? '', scope, redirect) }, q);
  });

  r.post('/token', async (req: Request, res: Response) => {
    const params = new URL(req.originalUrl, 'http://emulator').searchParams;
    for (const [k, v] of new URLSearchParams(await readBody(req))) params.set(k, v);
    try {
      const clientId = authenticate(store, opts, req, params);
      const answer = grant(store, clientId, params);
      res.setHeader('Cache-Control', 'no-store');
      sendJson(res, 200, answer);
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      const f = oauthError(e.status, e.code, e.message);
      for (const [k, v] of Object.entries(f.headers ?? {})) res.setHeader(k, v);
      send(res, f.status, f.body, f.contentType);
    }
  });
  return r;
}

function authorizeProblem(store: OAuthStore, opts: ResolvedOptions, q: URLSearchParams): string | undefined {
  const client = store.client(q.get('client_id') ?? '');
  if (!client) return 'Unknown client_id.';
  const redirect = q.get('redirect_uri');
  if (!redirect) return 'redirect_uri is required.';
  if (client.redirectUris?.length && !client.redirectUris.includes(redirect))
    return 'redirect_uri is not registered for this client.';
  let url: URL;
  try {
    url = new URL(redirect);
  } catch {
    return 'redirect_uri is not a URL.';
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (opts.quirks.requireHttpsRedirect && url.protocol !== 'https:' && !loopback) return 'Redirect URLs require HTTPS.';
  return undefined;
}

function authenticate(store: OAuthStore, opts: ResolvedOptions, req: Request, params: URLSearchParams): string {
  const basic = basicCredentials(req);
  const creds =
    basic ??
    (opts.quirks.clientSecretInBody && params.get('client_id')
      ? { id: params.get('client_id') ?? '', secret: params.get('client_secret') ?? '' }
      : undefined);
  if (!creds || !store.client(creds.id, creds.secret))
    throw new OAuthError(401, 'invalid_client', 'Client authentication failed');
  return creds.id;
}

function grant(store: OAuthStore, clientId: string, p: URLSearchParams) {
  switch (p.get('grant_type')) {
    case 'authorization_code': {
      const code = p.get('code');
      if (!code) throw new OAuthError(400, 'invalid_request', 'Missing parameter: code');
      return store.exchangeCode(clientId, code, p.get('redirect_uri') ?? undefined);
    }
    case 'refresh_token': {
      const token = p.get('refresh_token');
      if (!token) throw new OAuthError(400, 'invalid_request', 'Missing parameter: refresh_token');
      return store.refresh(clientId, token);
    }
    case null:
      throw new OAuthError(400, 'invalid_request', 'Missing parameter: grant_type');
    default:
      throw new OAuthError(400, 'unsupported_grant_type', 'Only authorization_code and refresh_token are supported');
  }
}

function back(res: Response, redirect: string, params: Record<string, string>, q: URLSearchParams): void {
  const url = new URL(redirect);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const state = q.get('state');
  if (state !== null) url.searchParams.set('state', state);
  res.statusCode = 302;
  res.setHeader('Location', url.toString());
  res.end();
}

function page(title: string, body: string): string {
  return renderPage({ title, subtitle: 'Lightspeed Restaurant K-Series (emulator)', body });
}

function consent(appName: string, scopes: string[], q: URLSearchParams): string {
  const list = scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  return page(
    `Authorize ${appName}`,
    `<p>${escapeHtml(appName)} asks to access your Lightspeed account:</p><ul>${list}</ul>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="query" value="${escapeHtml(q.toString())}">
<button name="decision" value="approve">Authorize</button> <button name="decision" value="deny">Cancel</button>
</form>`,
  );
}
