import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { decryptSecret, deriveKey, encryptSecret } from '../../core/crypto.ts';
import { toAppError } from '../../core/errors.ts';
import { saveConnection } from '../../db/source-connections.repo.ts';
import { formToken, requireAdmin, validFormToken } from '../../web/admin-auth.ts';
import { escapeHtml, messagePage, renderPage } from '../../web/console/layout.ts';
import type { SourceServices } from '../source.ts';
import { type BusinessLocation, businessLocations, exchangeCode } from './api.ts';
import type { LightspeedConfig, LightspeedCredentials } from './settings.ts';

/**
 * Connecting a K-Series business location (OAuth2 authorization code, scope `financial-api`):
 * `GET /sources/lightspeed/connect?key=…` sends the admin to Lightspeed's authorize page with a
 * signed, short-lived `state`; `/callback` checks it, exchanges the code, lists the locations the
 * account may read and stores the token pair encrypted as the connection — at once when there is
 * one location, after a choice when there are several (the pair travels sealed in that form).
 */

const SYSTEM = 'lightspeed';
const KEY = /^[a-z0-9-]{1,20}$/;
const TTL_MS = 10 * 60_000;

type Config = LightspeedConfig & {
  ENCRYPTION_KEY: string;
  APP_SECRET: string;
  ADMIN_PASSWORD?: string;
  PUBLIC_URL?: string;
};

interface Pending {
  key: string;
  tokens: LightspeedCredentials;
  locations: BusinessLocation[];
  exp: number;
}

const page = (title: string, body: string) => renderPage({ title, section: 'none', body });
const back = { href: '/sources/lightspeed/connect', label: 'Connect a location again' };

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`lightspeed-state:${payload}`).digest('base64url');
}

function stateFor(config: Config, key: string, now: number): string {
  const payload = Buffer.from(JSON.stringify({ key, exp: now + TTL_MS, n: randomBytes(8).toString('hex') })).toString(
    'base64url',
  );
  return `${payload}.${sign(config.APP_SECRET, payload)}`;
}

function keyOfState(config: Config, state: string, now: number): string | undefined {
  const [payload, mac] = state.split('.');
  if (payload === undefined || mac === undefined) return undefined;
  const want = Buffer.from(sign(config.APP_SECRET, payload));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
  const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { key?: unknown; exp?: unknown };
  if (typeof parsed.key !== 'string' || typeof parsed.exp !== 'number' || parsed.exp < now) return undefined;
  return parsed.key;
}

function redirectUri(config: Config, req: Request): string {
  const base = config.PUBLIC_URL ?? `${req.protocol}://${req.get('host')}`;
  return `${base.replace(/\/$/, '')}/sources/lightspeed/callback`;
}

function keyForm(): string {
  return page(
    'Connect a Lightspeed location',
    `<form method="get" action="/sources/lightspeed/connect">
<p><label>Connection key (a short name for this location)<br><input name="key" required pattern="[a-z0-9-]{1,20}" placeholder="gotgatan"></label></p>
<p><button>Continue to Lightspeed</button></p></form>
<p class="muted">Lightspeed asks you to sign in and allow read access to the financial data (scope financial-api). Afterwards each closed day of the location is posted to Fortnox as one voucher.</p>`,
  );
}

function choiceForm(config: Config, sealed: string, locations: BusinessLocation[]): string {
  const options = locations
    .map(
      (l, i) =>
        `<p><label><input type="radio" name="location" value="${l.id}"${i === 0 ? ' checked' : ''}> ${escapeHtml(l.name)} <span class="muted">(${escapeHtml(l.business)}, blID ${l.id})</span></label></p>`,
    )
    .join('');
  return page(
    'Choose the location',
    `<form method="post" action="/sources/lightspeed/choose"><input type="hidden" name="token" value="${escapeHtml(formToken(config))}">
<input type="hidden" name="pending" value="${escapeHtml(sealed)}">${options}<p><button>Connect this location</button></p></form>`,
  );
}

export function connectRoutes(router: Router, services: SourceServices, now: () => number = Date.now): void {
  const config = services.config as unknown as Config;
  const key = deriveKey(config.ENCRYPTION_KEY);
  const admin = requireAdmin({ ADMIN_PASSWORD: config.ADMIN_PASSWORD });
  const client = { id: config.LIGHTSPEED_CLIENT_ID, secret: config.LIGHTSPEED_CLIENT_SECRET };

  async function connect(res: Response, pending: Omit<Pending, 'exp' | 'locations'>, location: BusinessLocation) {
    await saveConnection(services.pool, key, {
      system: SYSTEM,
      key: pending.key,
      label: location.name,
      credentials: pending.tokens,
      settings: { businessLocationId: location.id },
    });
    res
      .type('html')
      .send(
        messagePage(
          'Lightspeed connected',
          `“${location.name}” is connected as “${pending.key}”. Each day Lightspeed reports complete is posted to Fortnox as one voucher; check the account mapping in the connection's settings first.`,
        ),
      );
  }

  router.get('/connect', admin, (req: Request, res: Response) => {
    const k = typeof req.query.key === 'string' ? req.query.key.trim() : '';
    if (k === '') return void res.type('html').send(keyForm());
    if (!KEY.test(k))
      return void res
        .status(400)
        .type('html')
        .send(messagePage('Not connected', 'The key must be lowercase letters, digits and -, at most 20.', back));
    const url = new URL('/oauth/authorize', config.LIGHTSPEED_API_URL);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', client.id);
    url.searchParams.set('scope', 'financial-api');
    url.searchParams.set('redirect_uri', redirectUri(config, req));
    url.searchParams.set('state', stateFor(config, k, now()));
    res.redirect(302, url.toString());
  });

  router.get('/callback', admin, async (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const connectionKey = typeof q.state === 'string' ? keyOfState(config, q.state, now()) : undefined;
    const fail = (status: number, message: string) =>
      void res
        .status(status)
        .type('html')
        .send(messagePage('Lightspeed not connected', message, back));
    if (connectionKey === undefined)
      return fail(400, 'This sign-in link is not ours or has expired (10 minutes). Start connecting again.');
    if (typeof q.error === 'string')
      return fail(
        400,
        q.error === 'access_denied'
          ? 'Access was not allowed in Lightspeed, so nothing was connected.'
          : `Lightspeed answered “${q.error}”; nothing was connected.`,
      );
    if (typeof q.code !== 'string' || q.code === '')
      return fail(400, 'Lightspeed sent no authorization code; start connecting again.');
    try {
      const tokens = await exchangeCode(config.LIGHTSPEED_API_URL, client, q.code, redirectUri(config, req));
      const locations = await businessLocations(config.LIGHTSPEED_API_URL, tokens.accessToken);
      if (locations.length === 0) return fail(400, 'This Lightspeed account has no business location to connect.');
      if (locations.length === 1) return void (await connect(res, { key: connectionKey, tokens }, locations[0]!));
      const pending: Pending = { key: connectionKey, tokens, locations, exp: now() + TTL_MS };
      res.type('html').send(choiceForm(config, encryptSecret(JSON.stringify(pending), key), locations));
    } catch (error) {
      const err = toAppError(error);
      services.logger.warn('lightspeed connect failed', { code: err.code });
      fail(502, `Lightspeed did not accept the sign-in (${err.code}); start connecting again.`);
    }
  });

  router.post(
    '/choose',
    admin,
    express.urlencoded({ extended: false, limit: '64kb' }),
    async (req: Request, res: Response) => {
      const body = req.body as Record<string, unknown>;
      const fail = (message: string) =>
        void res
          .status(400)
          .type('html')
          .send(messagePage('Lightspeed not connected', message, back));
      if (!validFormToken(config, body.token)) return fail('The form has expired; start connecting again.');
      let pending: Pending;
      try {
        pending = JSON.parse(decryptSecret(String(body.pending ?? ''), key)) as Pending;
      } catch {
        return fail('The form was changed or has expired; start connecting again.');
      }
      if (pending.exp < now()) return fail('The choice waited more than 10 minutes; start connecting again.');
      const location = pending.locations.find((l) => String(l.id) === String(body.location));
      if (location === undefined) return fail('Choose one of the listed locations.');
      await connect(res, pending, location);
    },
  );
}
