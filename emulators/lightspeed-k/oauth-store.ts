import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../kit/index.ts';
import type { OAuthClient, ResolvedOptions } from './options.ts';

/**
 * Lightspeed K-Series OAuth2, authorization code grant only ("No other authentication methods
 * are supported"), as the Authorization FAQ states it: access tokens expire after 60 minutes,
 * refresh tokens after 14 days unused, and "refresh tokens can only be used once" — each refresh
 * returns a new pair. The answer carries access_token, refresh_token, scope and expires_in
 * ("Managing Access Tokens"). Tokens are kept only as SHA-256 hashes: nothing here can leak one.
 */

export class OAuthError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, description: string) {
    super(description);
    this.status = status;
    this.code = code;
  }
}

export interface TokenAnswer {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

interface Grant {
  id: number;
  clientId: string;
  scope: string;
  revoked: boolean;
}

interface Issued {
  grant: Grant;
  expiresAt: number;
  used?: boolean;
}

export interface AccessCheck {
  ok: boolean;
  clientId?: string;
  scope?: string[];
  reason?: 'missing' | 'unknown' | 'expired' | 'revoked';
}

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');
const secret = (): string => randomBytes(32).toString('base64url');

export class OAuthStore {
  readonly #codes = new Map<string, Issued & { redirectUri: string | undefined }>();
  readonly #access = new Map<string, Issued>();
  readonly #refresh = new Map<string, Issued>();
  readonly #grants: Grant[] = [];
  readonly #clock: Clock;
  readonly #opts: ResolvedOptions;

  constructor(clock: Clock, opts: ResolvedOptions) {
    this.#clock = clock;
    this.#opts = opts;
  }

  client(clientId: string, clientSecret?: string): OAuthClient | undefined {
    const c = this.#opts.clients.find((x) => x.clientId === clientId);
    return c && (clientSecret === undefined || c.clientSecret === clientSecret) ? c : undefined;
  }

  issueCode(clientId: string, scope: string, redirectUri: string | undefined): string {
    const grant: Grant = { id: this.#grants.length + 1, clientId, scope, revoked: false };
    this.#grants.push(grant);
    const code = randomBytes(6).toString('base64url'); // short, like the docs' "VlWFo0"
    this.#codes.set(hash(code), {
      grant,
      redirectUri,
      expiresAt: this.#clock.now() + this.#opts.authCodeTtlSeconds * 1000,
    });
    return code;
  }

  exchangeCode(clientId: string, code: string, redirectUri: string | undefined): TokenAnswer {
    const c = this.#codes.get(hash(code));
    if (!c || c.used || c.grant.clientId !== clientId)
      throw new OAuthError(400, 'invalid_grant', 'Invalid authorization code');
    if (c.expiresAt <= this.#clock.now()) throw new OAuthError(400, 'invalid_grant', 'Authorization code expired');
    if (c.redirectUri !== undefined && c.redirectUri !== redirectUri) {
      throw new OAuthError(400, 'invalid_grant', 'Redirect URI mismatch');
    }
    c.used = true;
    return this.#pair(c.grant);
  }

  refresh(clientId: string, token: string): TokenAnswer {
    const r = this.#refresh.get(hash(token));
    if (!r || r.grant.clientId !== clientId) throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token');
    if (r.used) throw new OAuthError(400, 'invalid_grant', 'Refresh token has already been used');
    if (r.grant.revoked) throw new OAuthError(400, 'invalid_grant', 'Access to this account was revoked');
    if (r.expiresAt <= this.#clock.now()) throw new OAuthError(400, 'invalid_grant', 'Refresh token expired');
    r.used = true;
    return this.#pair(r.grant);
  }

  /** A pair without the consent dance, for tests and the demo (`POST /__control/tokens`). */
  mint(clientId = this.#opts.clients[0]?.clientId ?? '', scope = 'financial-api'): TokenAnswer {
    if (!this.client(clientId)) throw new RangeError(`no OAuth client ${clientId}`);
    const grant: Grant = { id: this.#grants.length + 1, clientId, scope, revoked: false };
    this.#grants.push(grant);
    return this.#pair(grant);
  }

  check(token: string | undefined): AccessCheck {
    if (token === undefined || token === '') return { ok: false, reason: 'missing' };
    const a = this.#access.get(hash(token));
    if (!a) return { ok: false, reason: 'unknown' };
    if (a.grant.revoked) return { ok: false, reason: 'revoked' };
    if (a.expiresAt <= this.#clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, clientId: a.grant.clientId, scope: a.grant.scope.split(/\s+/).filter(Boolean) };
  }

  /** Expires what was issued so far (the fault suite's "token expired mid-run"); returns how many. */
  expire(kind: 'access' | 'refresh' | 'all'): number {
    const now = this.#clock.now();
    let n = 0;
    const maps =
      kind === 'access' ? [this.#access] : kind === 'refresh' ? [this.#refresh] : [this.#access, this.#refresh];
    for (const m of maps) {
      for (const t of m.values()) {
        if (t.expiresAt > now) {
          t.expiresAt = now;
          n += 1;
        }
      }
    }
    return n;
  }

  /** The merchant disconnects the app: every token of its grants stops working. */
  revoke(clientId?: string): number {
    let n = 0;
    for (const g of this.#grants) {
      if (!g.revoked && (clientId === undefined || g.clientId === clientId)) {
        g.revoked = true;
        n += 1;
      }
    }
    return n;
  }

  #pair(grant: Grant): TokenAnswer {
    const now = this.#clock.now();
    const access = secret();
    const refresh = secret();
    this.#access.set(hash(access), { grant, expiresAt: now + this.#opts.accessTokenTtlSeconds * 1000 });
    this.#refresh.set(hash(refresh), { grant, expiresAt: now + this.#opts.refreshTokenTtlDays * 86_400_000 });
    return {
      access_token: access,
      token_type: 'bearer',
      expires_in: this.#opts.accessTokenTtlSeconds,
      refresh_token: refresh,
      scope: grant.scope,
    };
  }
}
