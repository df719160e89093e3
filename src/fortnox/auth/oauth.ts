import { z } from 'zod';
import { fortnoxErrorFromNetwork, fortnoxErrorFromResponse } from '../error-factory.ts';
import { FortnoxResponseError } from '../errors.ts';

/**
 * Fortnox's OAuth endpoints at apps.fortnox.se/oauth-v1 [reference §1.2–1.3]: the authorize URL,
 * code exchange, refresh (single-use refresh tokens: every answer carries a new one) and client
 * credentials for service accounts (TenantId header, no refresh token). Stateless: storing and
 * locking tokens is token-store.ts's job.
 */

export interface TokenSet {
  accessToken: string;
  /** Absent for service accounts (client credentials). */
  refreshToken: string | undefined;
  expiresInSeconds: number;
  scope: string;
  /** From the access token's `tenantId` claim. */
  tenantId: string;
}

export interface FortnoxOAuthOptions {
  authUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().int().positive(),
  scope: z.string().default(''),
});

const Claims = z.object({ tenantId: z.union([z.number(), z.string()]) });

/**
 * Reads the `tenantId` claim without verifying the signature, as Fortnox documents: we received
 * the token straight from Fortnox over TLS, and Fortnox verifies it on every call anyway.
 */
export function tenantIdOfAccessToken(token: string): string {
  const payload = token.split('.')[1];
  try {
    const claims = Claims.parse(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')));
    return String(claims.tenantId);
  } catch (cause) {
    throw new FortnoxResponseError('Fortnox access token has no readable tenantId claim', {
      code: 'fortnox_token_unreadable',
      userMessage: 'Fortnox returned an access token we cannot read; support has been notified.',
      cause,
    });
  }
}

export class FortnoxOAuth {
  readonly #options: Required<Omit<FortnoxOAuthOptions, 'fetch'>> & { fetch: typeof fetch };

  constructor(options: FortnoxOAuthOptions) {
    this.#options = { timeoutMs: 15_000, fetch: globalThis.fetch, ...options };
  }

  get clientId(): string {
    return this.#options.clientId;
  }

  /** Where to send the user's browser; Fortnox comes back to `redirectUri?code=…&state=…`. */
  authorizeUrl(p: { redirectUri: string; scopes: string; state: string; serviceAccount?: boolean }): string {
    const url = new URL('/oauth-v1/auth', this.#options.authUrl);
    url.searchParams.set('client_id', this.#options.clientId);
    url.searchParams.set('redirect_uri', p.redirectUri);
    url.searchParams.set('scope', p.scopes);
    url.searchParams.set('state', p.state);
    url.searchParams.set('access_type', 'offline');
    url.searchParams.set('response_type', 'code');
    if (p.serviceAccount === true) url.searchParams.set('account_type', 'service');
    return url.toString();
  }

  exchangeCode(code: string, redirectUri: string, signal?: AbortSignal): Promise<TokenSet> {
    return this.#token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }, {}, signal);
  }

  refresh(refreshToken: string, signal?: AbortSignal): Promise<TokenSet> {
    return this.#token({ grant_type: 'refresh_token', refresh_token: refreshToken }, {}, signal);
  }

  clientCredentials(tenantId: string, signal?: AbortSignal): Promise<TokenSet> {
    return this.#token({ grant_type: 'client_credentials' }, { TenantId: tenantId }, signal);
  }

  async #token(form: Record<string, string>, headers: Record<string, string>, signal?: AbortSignal): Promise<TokenSet> {
    const { authUrl, clientId, clientSecret, timeoutMs } = this.#options;
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    let body: string;
    try {
      res = await this.#options.fetch(new URL('/oauth-v1/token', authUrl), {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          ...headers,
        },
        body: new URLSearchParams(form).toString(),
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
      body = await res.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // A token request is never ambiguous in a harmful way: a lost refresh answer breaks the
      // chain either way, and the caller re-reads the store before declaring it dead.
      throw fortnoxErrorFromNetwork(error, { idempotent: true, timedOut: timeout.aborted });
    }
    if (!res.ok) {
      throw fortnoxErrorFromResponse({
        status: res.status,
        contentType: res.headers.get('content-type'),
        body,
        retryAfter: res.headers.get('retry-after'),
      });
    }
    let answer: z.infer<typeof TokenAnswer>;
    try {
      answer = TokenAnswer.parse(JSON.parse(body));
    } catch (cause) {
      throw new FortnoxResponseError('Fortnox token endpoint answered something that is not a token', {
        code: 'fortnox_token_unreadable',
        status: res.status,
        userMessage: 'Fortnox returned an unexpected answer while connecting; try again.',
        cause,
      });
    }
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresInSeconds: answer.expires_in,
      scope: answer.scope,
      tenantId: tenantIdOfAccessToken(answer.access_token),
    };
  }
}
