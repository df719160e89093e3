import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { OAuthApp } from './options.ts';
import type { Env } from './state.ts';

export interface Consent {
  id: string;
  clientId: string;
  tenantId: number;
  userId: string;
  scope: string;
  accountType: 'user' | 'service';
  revoked: boolean;
}
interface AuthCode {
  clientId: string;
  redirectUri: string | undefined;
  consentId: string;
  expiresAt: number;
  used: boolean;
}
interface RefreshToken {
  consentId: string;
  expiresAt: number;
  used: boolean;
}

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  token_type: 'bearer';
  scope: string;
  refresh_token?: string;
}

/**
 * An OAuth error answered with the real endpoint's odd Content-Types: invalid_grant comes as
 * text/html, invalid_client as text/plain, both with a JSON body [VCR authentication/*].
 */
export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  readonly contentType: string;
  constructor(status: number, error: string, description: string) {
    super(description);
    this.status = status;
    this.error = error;
    this.contentType = status === 401 ? 'text/plain;charset=UTF-8' : 'text/html; charset=UTF-8';
  }
  body(): string {
    return JSON.stringify({ error: this.error, error_description: this.message });
  }
}

export const invalidGrant = (d = 'Invalid refresh token'): OAuthError => new OAuthError(400, 'invalid_grant', d);
export const invalidClient = (): OAuthError =>
  new OAuthError(401, 'invalid_client', 'The client credentials are invalid');

export class OAuthStore {
  readonly #env: Env;
  readonly consents = new Map<string, Consent>();
  readonly #codes = new Map<string, AuthCode>();
  readonly #refresh = new Map<string, RefreshToken>();
  constructor(env: Env) {
    this.#env = env;
  }

  app(clientId: string, secret?: string): OAuthApp | undefined {
    const app = this.#env.opts.apps.find((a) => a.clientId === clientId);
    return app && (secret === undefined || app.clientSecret === secret) ? app : undefined;
  }

  /** One consent per (client, tenant, account type); consenting again replaces its scope. */
  consent(p: Omit<Consent, 'id' | 'revoked'>): Consent {
    const existing = [...this.consents.values()].find(
      (c) => c.clientId === p.clientId && c.tenantId === p.tenantId && c.accountType === p.accountType && !c.revoked,
    );
    const consent: Consent = { ...p, id: existing?.id ?? randomUUID(), revoked: false };
    this.consents.set(consent.id, consent);
    return consent;
  }

  issueCode(consent: Consent, redirectUri: string | undefined): string {
    const code = randomBytes(20).toString('hex');
    const expiresAt = this.#env.clock.now() + this.#env.opts.authCodeTtlSeconds * 1000;
    this.#codes.set(code, { clientId: consent.clientId, redirectUri, consentId: consent.id, expiresAt, used: false });
    return code;
  }

  /** Authorization codes live 10 minutes and work once [FX-docs FAQ]. */
  exchangeCode(clientId: string, code: string, redirectUri: string | undefined): TokenAnswer {
    const c = this.#codes.get(code);
    const bad =
      !c ||
      c.used ||
      c.clientId !== clientId ||
      c.expiresAt <= this.#env.clock.now() ||
      (c.redirectUri !== undefined && redirectUri !== undefined && c.redirectUri !== redirectUri);
    if (!c || bad) throw invalidGrant('Invalid authorization code'); // [unverified] description
    c.used = true;
    return this.#answer(this.#live(c.consentId), true);
  }

  /** Single-use rotation: the old refresh token dies the moment a new pair is issued. */
  refresh(clientId: string, token: string): TokenAnswer {
    const r = this.#refresh.get(token);
    const consent = r ? this.consents.get(r.consentId) : undefined;
    if (
      !r ||
      r.used ||
      r.expiresAt <= this.#env.clock.now() ||
      !consent ||
      consent.revoked ||
      consent.clientId !== clientId
    ) {
      throw invalidGrant();
    }
    r.used = true;
    return this.#answer(consent, true);
  }

  /** Service accounts: client credentials + TenantId header, no refresh token [FX-docs]. */
  clientCredentials(clientId: string, tenantId: number): TokenAnswer {
    const consent = [...this.consents.values()].find(
      (c) => c.clientId === clientId && c.tenantId === tenantId && c.accountType === 'service' && !c.revoked,
    );
    if (!consent) throw new OAuthError(400, 'invalid_grant', 'No consent for tenant'); // [unverified] wording
    return this.#answer(consent, false);
  }

  /** Revoking a refresh token revokes its consent: every later refresh fails with invalid_grant. */
  revoke(clientId: string, token: string): boolean {
    const r = this.#refresh.get(token);
    const consent = r ? this.consents.get(r.consentId) : undefined;
    if (!consent || consent.clientId !== clientId) return false;
    consent.revoked = true;
    return true;
  }

  revokeConsent(tenantId: number, clientId?: string): number {
    let n = 0;
    for (const c of this.consents.values()) {
      if (c.tenantId === tenantId && (clientId === undefined || c.clientId === clientId) && !c.revoked) {
        c.revoked = true;
        n++;
      }
    }
    return n;
  }

  /** Claims of a valid, unexpired access token (401 otherwise). */
  verifyAccess(token: string): Claims | undefined {
    const claims = verifyJwt(token, this.#env.opts.jwtSecret);
    if (!claims || claims.exp * 1000 <= this.#env.clock.now()) return undefined;
    const consent = this.consents.get(claims.consentId);
    if (!consent) return undefined;
    // [unverified] whether revoking a consent kills live access tokens; switchable.
    if (consent.revoked && !this.#env.opts.quirks.accessTokenSurvivesRevoke) return undefined;
    return claims;
  }

  #live(consentId: string): Consent {
    const consent = this.consents.get(consentId);
    if (!consent || consent.revoked) throw invalidGrant('Invalid authorization code');
    return consent;
  }

  /** Key order as recorded: access_token, expires_in, token_type, scope, refresh_token. */
  #answer(consent: Consent, withRefresh: boolean): TokenAnswer {
    const now = this.#env.clock.now();
    const ttl = this.#env.opts.accessTokenTtlSeconds;
    const claims: Claims = {
      tenantId: consent.tenantId,
      userId: consent.userId,
      clientId: consent.clientId,
      scope: consent.scope,
      consentId: consent.id,
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + ttl,
      jti: randomUUID(),
    };
    const out: TokenAnswer = {
      access_token: signJwt(claims, this.#env.opts.jwtSecret),
      expires_in: ttl,
      token_type: 'bearer',
      scope: consent.scope,
    };
    if (withRefresh) {
      const token = randomUUID(); // Fortnox's docs show a UUID; treated as opaque
      this.#refresh.set(token, {
        consentId: consent.id,
        used: false,
        expiresAt: now + this.#env.opts.refreshTokenTtlDays * 86_400_000,
      });
      out.refresh_token = token;
    }
    return out;
  }
}

/** Claims of an emulator access token; `tenantId`/`userId` as in Fortnox's JWTs [CS TokenInfo]. */
export const Claims = z.object({
  tenantId: z.number(),
  userId: z.string(),
  clientId: z.string(),
  scope: z.string(),
  consentId: z.string(),
  iat: z.number(),
  exp: z.number(),
  jti: z.string(),
});
export type Claims = z.infer<typeof Claims>;

const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

export function signJwt(claims: Claims, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** Verifies signature and shape; expiry is the caller's business (it owns the clock). */
export function verifyJwt(token: string, secret: string): Claims | undefined {
  const [head, body, sig] = token.split('.');
  if (!head || !body || !sig) return undefined;
  const want = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
  return decodeClaims(body);
}

/** Reads claims without verifying (as Fortnox tells clients they may do to learn tenantId). */
export function peekJwt(token: string): Claims | undefined {
  const body = token.split('.')[1];
  return body ? decodeClaims(body) : undefined;
}

function decodeClaims(body: string): Claims | undefined {
  try {
    const parsed = Claims.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
