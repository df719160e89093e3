import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { Fortnox } from '../client.ts';
import { type ConnectionKind, saveConnection, setCompanyName } from './connections.ts';

/**
 * Connecting a tenant (authorization-code flow, reference §1.2): the `state` we hand Fortnox is
 * signed with APP_SECRET and carries a nonce, the account type and an expiry, so the callback can
 * trust it without server-side session storage. The nonce is also set as a cookie on the browser
 * that started the flow, so a callback URL forged for another browser is refused (login CSRF).
 */

const STATE_TTL_MS = 10 * 60_000; // Fortnox's authorization codes live 10 minutes too

const StatePayload = z.object({ n: z.string().min(16), exp: z.number(), svc: z.boolean() });
type StatePayload = z.infer<typeof StatePayload>;

const mac = (body: string, secret: string): Buffer =>
  createHmac('sha256', secret).update(`fortnox-oauth-state.${body}`).digest();

export function signState(payload: StatePayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body, secret).toString('base64url')}`;
}

export class OAuthStateError extends AppError {
  constructor(reason: string) {
    super(`OAuth state rejected: ${reason}`, {
      code: 'fortnox_oauth_state',
      category: 'validation',
      retryable: false,
      details: { reason },
      userMessage:
        'This Fortnox connection link is invalid or has expired; start the connection again from the dashboard.',
    });
  }
}

export function verifyState(state: string, secret: string, now = Date.now()): StatePayload {
  const [body, signature] = state.split('.');
  if (body === undefined || signature === undefined) throw new OAuthStateError('malformed');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(body, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new OAuthStateError('bad signature');
  let payload: StatePayload;
  try {
    payload = StatePayload.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    throw new OAuthStateError('unreadable');
  }
  if (payload.exp <= now) throw new OAuthStateError('expired');
  return payload;
}

export interface ConnectStart {
  /** Send the browser here. */
  url: string;
  /** Store in a short-lived, HttpOnly cookie; the callback needs it back. */
  nonce: string;
}

export interface ConnectResult {
  tenantId: string;
  kind: ConnectionKind;
  companyName: string;
}

/** The two halves of the connect flow, used by the web routes (the only Fortnox calls web makes). */
export class FortnoxConnector {
  readonly #fortnox: Fortnox;
  readonly #pool: Parameters<typeof saveConnection>[0];
  readonly #key: Buffer;
  readonly #secret: string;
  readonly #scopes: string;

  constructor(o: {
    fortnox: Fortnox;
    pool: Parameters<typeof saveConnection>[0];
    key: Buffer;
    appSecret: string;
    scopes: string;
  }) {
    this.#fortnox = o.fortnox;
    this.#pool = o.pool;
    this.#key = o.key;
    this.#secret = o.appSecret;
    this.#scopes = o.scopes;
  }

  start(p: { redirectUri: string; serviceAccount: boolean; now?: number }): ConnectStart {
    const nonce = randomBytes(18).toString('base64url');
    const state = signState(
      { n: nonce, exp: (p.now ?? Date.now()) + STATE_TTL_MS, svc: p.serviceAccount },
      this.#secret,
    );
    return {
      nonce,
      url: this.#fortnox.oauth.authorizeUrl({
        redirectUri: p.redirectUri,
        scopes: this.#scopes,
        state,
        serviceAccount: p.serviceAccount,
      }),
    };
  }

  /** Verifies the state, exchanges the code, stores the encrypted tokens, reads the company name. */
  async finish(p: {
    code: string;
    state: string;
    cookieNonce: string | undefined;
    redirectUri: string;
    signal?: AbortSignal;
  }): Promise<ConnectResult> {
    const state = verifyState(p.state, this.#secret);
    const cookie = Buffer.from(p.cookieNonce ?? '');
    const nonce = Buffer.from(state.n);
    if (cookie.length !== nonce.length || !timingSafeEqual(cookie, nonce))
      throw new OAuthStateError('started in another browser');
    const tokens = await this.#fortnox.oauth.exchangeCode(p.code, p.redirectUri, p.signal);
    const kind: ConnectionKind = state.svc ? 'service_account' : 'authorization_code';
    // A service account renews with client credentials; a refresh token would only be a liability.
    await saveConnection(
      this.#pool,
      this.#key,
      kind,
      kind === 'service_account' ? { ...tokens, refreshToken: undefined } : tokens,
    );
    const info = await this.#fortnox
      .client(tokens.tenantId)
      .settings.companyInformation(p.signal === undefined ? {} : { signal: p.signal });
    await setCompanyName(this.#pool, tokens.tenantId, info.CompanyName);
    return { tenantId: tokens.tenantId, kind, companyName: info.CompanyName };
  }
}
