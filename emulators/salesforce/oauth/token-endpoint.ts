// /services/oauth2/{token,authorize,revoke}: the grant types jsforce and our service use.
// Replies carry exactly what jsforce reads (id = <login>/id/<org>/<user> is mandatory: jsforce
// splits it to get user and org ids); errors are Salesforce's {error, error_description}.
import { createHmac } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import type { Database } from '../data/database.ts';
import { decodeAssertion, publicKeyFrom, verifySignature } from './jwt.ts';
import type { Session, SessionStore } from './sessions.ts';

export type ConnectedApp = {
  clientId: string;
  clientSecret: string;
  /** PEM certificate (or public key) uploaded for the JWT bearer flow. */
  certificate?: string;
  /** User the client-credentials flow runs as. */
  runAsUsername?: string;
};

export type OAuthDeps = {
  db: Database;
  sessions: SessionStore;
  apps: () => ConnectedApp[];
  orgId: string;
  baseUrl: () => string;
  /** username → password for the username-password flow. */
  passwords: Map<string, string>;
  defaultUsername: string;
};

const JWT_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];
const Params = z.object({
  grant_type: z.string(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  refresh_token: z.string().optional(),
  code: z.string().optional(),
  redirect_uri: z.string().optional(),
  assertion: z.string().optional(),
});

class OAuthError extends Error {
  readonly error: string;
  constructor(error: string, description: string) {
    super(description);
    this.error = error;
  }
}
const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);

export function userIdByUsername(db: Database, username: string): string | undefined {
  for (const row of db.store.rows('User')) {
    if (String(row.rec.Username).toLowerCase() === username.toLowerCase() && row.rec.IsActive === true)
      return String(row.rec.Id);
  }
  return undefined;
}

export function oauthRouter(deps: OAuthDeps): Router {
  const router = express.Router();
  const app = (clientId: string | undefined, secret?: string | undefined, needSecret = false): ConnectedApp => {
    const found = deps.apps().find((a) => a.clientId === clientId);
    if (!found) throw new OAuthError('invalid_client_id', 'client identifier invalid');
    if ((needSecret || secret !== undefined) && found.clientSecret !== secret)
      throw new OAuthError('invalid_client', 'invalid client credentials');
    return found;
  };
  const reply = (res: Response, session: Session, client: ConnectedApp, refreshToken?: string) => {
    const id = `${deps.baseUrl()}/id/${deps.orgId}/${session.userId}`;
    const issuedAt = String(session.issuedAt);
    res.json({
      access_token: session.token,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      signature: createHmac('sha256', client.clientSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: refreshToken ? 'refresh_token api' : 'api',
      instance_url: deps.baseUrl(),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    });
  };

  router.post('/services/oauth2/token', express.urlencoded({ extended: false }), (req: Request, res: Response) => {
    try {
      const parsed = Params.safeParse(req.body);
      if (!parsed.success) throw new OAuthError('invalid_request', 'grant type not supported');
      const p = parsed.data;
      switch (p.grant_type) {
        case 'password': {
          const client = app(p.client_id, p.client_secret, true);
          const userId = p.username ? userIdByUsername(deps.db, p.username) : undefined;
          // Salesforce accepts password + security token concatenated; the emulator has no token.
          if (!userId || !p.username || deps.passwords.get(p.username.toLowerCase()) !== p.password)
            throw invalidGrant('authentication failure');
          return reply(res, deps.sessions.issue(userId, client.clientId), client);
        }
        case 'refresh_token': {
          const client = app(p.client_id, p.client_secret);
          const entry = p.refresh_token ? deps.sessions.useRefreshToken(p.refresh_token, client.clientId) : undefined;
          if (!entry) throw invalidGrant('expired access/refresh token');
          return reply(res, deps.sessions.issue(entry.userId, client.clientId), client);
        }
        case 'client_credentials': {
          const client = app(p.client_id, p.client_secret, true);
          const userId = userIdByUsername(deps.db, client.runAsUsername ?? deps.defaultUsername);
          if (!userId) throw new OAuthError('invalid_grant', 'no client credentials user enabled');
          return reply(res, deps.sessions.issue(userId, client.clientId), client);
        }
        case 'authorization_code': {
          const client = app(p.client_id, p.client_secret, true);
          const entry = p.code ? deps.sessions.useCode(p.code, client.clientId, p.redirect_uri) : undefined;
          if (!entry) throw invalidGrant('invalid authorization code');
          return reply(
            res,
            deps.sessions.issue(entry.userId, client.clientId),
            client,
            deps.sessions.issueRefreshToken(entry.userId, client.clientId),
          );
        }
        case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
          const claims = p.assertion ? decodeAssertion(p.assertion) : undefined;
          if (!claims || !p.assertion) throw invalidGrant('invalid assertion');
          const client = app(claims.iss);
          if (!client.certificate || !verifySignature(p.assertion, publicKeyFrom(client.certificate)))
            throw invalidGrant('invalid assertion');
          const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
          if (!audiences.some((aud) => [...JWT_AUDIENCES, deps.baseUrl()].includes(aud.replace(/\/$/, ''))))
            throw invalidGrant('audience is invalid');
          if (claims.exp * 1000 < deps.db.clock.now()) throw invalidGrant('expired authorization code');
          const userId = userIdByUsername(deps.db, claims.sub);
          if (!userId) throw invalidGrant("user hasn't approved this consumer");
          return reply(res, deps.sessions.issue(userId, client.clientId), client);
        }
        default:
          throw new OAuthError('unsupported_grant_type', 'grant type not supported');
      }
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      res.status(400).json({ error: err.error, error_description: err.message });
    }
  });

  // Consent is implied: the emulator has one org and logs in as login_hint or the default user.
  router.get('/services/oauth2/authorize', (req: Request, res: Response) => {
    const q = z
      .object({
        client_id: z.string(),
        redirect_uri: z.string(),
        state: z.string().optional(),
        login_hint: z.string().optional(),
      })
      .safeParse(req.query);
    if (!q.success || !deps.apps().some((a) => a.clientId === q.data.client_id)) {
      res.status(400).send('error=invalid_client_id&error_description=client%20identifier%20invalid');
      return;
    }
    const userId = userIdByUsername(deps.db, q.data.login_hint ?? deps.defaultUsername);
    if (!userId) {
      res.status(400).send('unknown login_hint');
      return;
    }
    const target = new URL(q.data.redirect_uri);
    target.searchParams.set('code', deps.sessions.issueCode(userId, q.data.client_id, q.data.redirect_uri));
    if (q.data.state !== undefined) target.searchParams.set('state', q.data.state);
    res.redirect(302, target.toString());
  });

  router.post('/services/oauth2/revoke', express.urlencoded({ extended: false }), (req: Request, res: Response) => {
    const token = z.object({ token: z.string() }).safeParse(req.body);
    if (token.success && !deps.sessions.revokeRefreshToken(token.data.token)) deps.sessions.expire(token.data.token);
    res.status(200).end();
  });

  return router;
}
