import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../kit/index.ts';
import { insufficientScope, invalidToken, oauthError } from './errors.ts';

/**
 * The auth service (`https://auth.{region}.commercetools.com`): client credentials only, HTTP Basic
 * `client_id:client_secret`, form `grant_type=client_credentials[&scope=…]`, answer `{access_token,
 * expires_in, scope, token_type: "Bearer"}` with no refresh token [CT oauth.raml]. Tokens live
 * `accessTokenValiditySeconds` (default 172800 = 48 h) [types/api-client/ApiClient.raml]. Without
 * `scope` the token gets all the client's scopes; `manage_project` clients cannot ask for less
 * [https://docs.commercetools.com/api/scopes]. Tokens are kept only as SHA-256 digests.
 */

export interface ApiClient {
  id: string;
  secret: string;
  /** Full scope strings, e.g. `manage_orders:demo-project`, `view_orders:demo-project:se`. */
  scopes: string[];
  accessTokenValiditySeconds?: number;
}

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  scope: string;
  token_type: 'Bearer';
}

export interface Grant {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

export class AuthServer {
  readonly #clock: Clock;
  readonly #clients = new Map<string, ApiClient>();
  readonly #tokens = new Map<string, Grant>();
  readonly defaultTtlSeconds: number;

  constructor(clock: Clock, clients: readonly ApiClient[], defaultTtlSeconds: number) {
    this.#clock = clock;
    this.defaultTtlSeconds = defaultTtlSeconds;
    for (const c of clients) this.addClient(c);
  }

  addClient(client: ApiClient): void {
    this.#clients.set(client.id, { ...client, scopes: [...client.scopes] });
  }

  clientIds(): string[] {
    return [...this.#clients.keys()];
  }

  /** `POST /oauth/token` after the route has read Basic credentials and the form. */
  issue(
    credentials: { id: string; secret: string } | undefined,
    grantType: string | null,
    scope: string | null,
  ): TokenAnswer {
    const client = credentials ? this.#clients.get(credentials.id) : undefined;
    if (!client || !credentials || client.secret !== credentials.secret) {
      throw oauthError(
        401,
        'invalid_client',
        'Please provide valid client credentials using HTTP Basic Authentication.',
      );
    }
    if (grantType === null) throw oauthError(400, 'invalid_request', 'Missing required parameter: grant_type.');
    if (grantType !== 'client_credentials') {
      throw oauthError(
        400,
        'unsupported_grant_type',
        `Invalid parameter: grant_type: Invalid grant type: ${grantType}`,
      );
    }
    const requested = scope ? scope.split(/[\s+]+/).filter(Boolean) : client.scopes;
    const isProject = client.scopes.some((s) => s.startsWith('manage_project:'));
    for (const s of requested) {
      const ok = isProject ? client.scopes.includes(s) : client.scopes.some((own) => own === s || implies(own, s));
      if (!ok) throw oauthError(400, 'invalid_scope', `Invalid scope: ${s}`);
    }
    if (isProject && !client.scopes.every((s) => requested.includes(s))) {
      throw oauthError(
        400,
        'invalid_scope',
        'An API Client with manage_project cannot request a token with fewer scopes.',
      );
    }
    return this.mint(client, requested);
  }

  mint(client: ApiClient, scopes: readonly string[]): TokenAnswer {
    const ttl = client.accessTokenValiditySeconds ?? this.defaultTtlSeconds;
    const token = randomBytes(24).toString('base64url');
    this.#tokens.set(digest(token), {
      clientId: client.id,
      scopes: [...scopes],
      expiresAt: this.#clock.now() + ttl * 1000,
    });
    return { access_token: token, expires_in: ttl, scope: scopes.join(' '), token_type: 'Bearer' };
  }

  client(id: string): ApiClient | undefined {
    return this.#clients.get(id);
  }

  /** The grant behind a bearer token, or 401 `invalid_token` (unknown, revoked or expired). */
  verify(token: string | undefined): Grant {
    const grant = token ? this.#tokens.get(digest(token)) : undefined;
    if (!grant || grant.expiresAt <= this.#clock.now()) throw invalidToken();
    return grant;
  }

  introspect(token: string): { active: boolean; scope?: string; exp?: number } {
    const grant = this.#tokens.get(digest(token));
    if (!grant || grant.expiresAt <= this.#clock.now()) return { active: false };
    return { active: true, scope: grant.scopes.join(' '), exp: Math.floor(grant.expiresAt / 1000) };
  }

  /** Lever: every token issued so far stops working (as after a client's secret is rotated). */
  revokeAll(): number {
    const n = this.#tokens.size;
    this.#tokens.clear();
    return n;
  }
}

/** `manage_x:p[:s]` grants `view_x:p[:s]`: "Implies the view_… scope" [docs scopes page]. */
function implies(own: string, wanted: string): boolean {
  return own.startsWith('manage_') && wanted.startsWith('view_') && own.slice(7) === wanted.slice(5);
}

/**
 * The scope an endpoint needs [CT resources/*.raml `securedBy`]: any one of `names` on the project,
 * or (in-store routes only) on `project:store`. `manage_project` grants everything.
 */
export function requireScope(grant: Grant, projectKey: string, names: readonly string[], storeKey?: string): void {
  const targets = names.flatMap((n) => [
    `${n}:${projectKey}`,
    ...(storeKey === undefined ? [] : [`${n}:${projectKey}:${storeKey}`]),
  ]);
  const ok = grant.scopes.some(
    (s) => s === `manage_project:${projectKey}` || targets.some((t) => s === t || implies(s, t)),
  );
  if (!ok) throw insufficientScope(targets);
}
