import express, { type Router } from 'express';
import { basicCredentials, queryOf, readBody, sendJson } from '../kit/index.ts';
import { CtError, oauthError } from './errors.ts';
import type { AuthServer } from './oauth.ts';

/**
 * The auth host's routes [CT oauth.raml]: `POST /oauth/token` (client credentials; parameters in the
 * form body or the query string, as the RAML declares them as query parameters and the SDK sends a
 * form) and `POST /oauth/introspect?token=…`.
 */

function params(url: string | undefined, raw: string): URLSearchParams {
  const form = new URLSearchParams(raw);
  for (const [k, v] of queryOf(url)) if (!form.has(k)) form.set(k, v);
  return form;
}

export function authRoutes(auth: AuthServer): Router {
  const router = express.Router();
  router.post('/token', async (req, res) => {
    try {
      const p = params(req.originalUrl, await readBody(req));
      sendJson(res, 200, auth.issue(basicCredentials(req), p.get('grant_type'), p.get('scope')));
    } catch (e) {
      const err = e instanceof CtError ? e : oauthError(500, 'server_error', String(e));
      sendJson(res, err.status, err.body());
    }
  });
  router.post('/introspect', async (req, res) => {
    const creds = basicCredentials(req);
    const client = creds ? auth.client(creds.id) : undefined;
    if (!client || client.secret !== creds?.secret) {
      const err = oauthError(
        401,
        'invalid_client',
        'Please provide valid client credentials using HTTP Basic Authentication.',
      );
      sendJson(res, err.status, err.body());
      return;
    }
    const p = params(req.originalUrl, await readBody(req));
    sendJson(res, 200, auth.introspect(p.get('token') ?? ''));
  });
  return router;
}
