import type { Express, Request, Response } from 'express';
import type pg from 'pg';
import type { Config } from '../../config.ts';
import { deriveKey } from '../../core/crypto.ts';
import { toAppError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { FortnoxConnector } from '../../fortnox/auth/connect.ts';
import { createFortnox } from '../../fortnox/client.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { FIXED_BY_CONNECTING, retryParked } from '../../jobs/retry-records.ts';
import { cookie } from '../access/session.ts';
import { messagePage } from '../console/layout.ts';

/**
 * `GET /fortnox/connect` sends the admin to Fortnox's consent page (`?service=1` for a service
 * account); `GET /fortnox/callback` is where Fortnox sends them back. These two are the only
 * Fortnox calls the web process makes (DESIGN: web never calls Fortnox except to finish OAuth).
 */

const COOKIE = 'fortnox_oauth_nonce';

interface FortnoxRouteDeps {
  pool: pg.Pool;
  config: Config;
  logger: Logger;
  /** Without it a new connection retries nothing (tests of the OAuth flow alone). */
  queue?: Pick<JobQueue<JobCatalog>, 'send'>;
}

function baseUrl(config: Config, req: Request): string {
  return (config.PUBLIC_URL ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, '');
}

/** Connect results and errors in the console's frame, always with the way back to the overview. */
function page(res: Response, status: number, title: string, message: string): void {
  res.status(status).type('html').setHeader('Cache-Control', 'no-store');
  res.send(messagePage(title, message));
}

export function registerFortnoxRoutes(app: Express, deps: FortnoxRouteDeps): void {
  const { config, pool, logger } = deps;
  const fortnox = createFortnox({ pool, config, logger });
  const connector = new FortnoxConnector({
    fortnox,
    pool,
    key: deriveKey(config.ENCRYPTION_KEY),
    appSecret: config.APP_SECRET,
    scopes: config.FORTNOX_SCOPES,
  });

  app.get('/fortnox/connect', (req: Request, res: Response) => {
    const serviceAccount = req.query.service === '1' || req.query.service === 'true';
    const start = connector.start({ redirectUri: `${baseUrl(config, req)}/fortnox/callback`, serviceAccount });
    res.cookie(COOKIE, start.nonce, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/fortnox',
      maxAge: 10 * 60_000,
    });
    res.redirect(302, start.url);
  });

  app.get('/fortnox/callback', async (req: Request, res: Response) => {
    const q = req.query;
    if (typeof q.error === 'string') {
      return page(
        res,
        400,
        'Fortnox was not connected',
        `Fortnox answered "${q.error}": the connection was not approved. Start again from the dashboard.`,
      );
    }
    if (typeof q.code !== 'string' || typeof q.state !== 'string') {
      return page(
        res,
        400,
        'Fortnox was not connected',
        'The link is missing its code or state; start the connection again from the dashboard.',
      );
    }
    try {
      const result = await connector.finish({
        code: q.code,
        state: q.state,
        cookieNonce: cookie(req, COOKIE),
        redirectUri: `${baseUrl(config, req)}/fortnox/callback`,
      });
      res.clearCookie(COOKIE, { path: '/fortnox' });
      // What waited for a Fortnox company (not connected, revoked) goes again now, not on the next Retry.
      const retried = deps.queue
        ? await retryParked(
            pool,
            deps.queue,
            { codes: FIXED_BY_CONNECTING, tenantIds: [result.tenantId], reason: 'reconnect' },
            res.locals.correlationId,
          )
        : 0;
      res.locals.logger.info('fortnox connected', { tenantId: result.tenantId, kind: result.kind, retried });
      page(
        res,
        200,
        'Fortnox connected',
        `${result.companyName} (Fortnox tenant ${result.tenantId}) is connected${result.kind === 'service_account' ? ' with a service account' : ''}.${retried > 0 ? ` ${retried} record${retried === 1 ? '' : 's'} waiting for Fortnox will be sent now.` : ''} Its documents are listed on the overview.`,
      );
    } catch (error) {
      const err = toAppError(error);
      res.locals.logger.warn('fortnox connect failed', { error: err });
      page(
        res,
        err.category === 'validation' || err.category === 'auth' ? 400 : 502,
        'Fortnox was not connected',
        err.userMessage,
      );
    }
  });
}
