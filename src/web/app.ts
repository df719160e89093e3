import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import helmet from 'helmet';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { Config } from '../config.ts';
import { deriveKey } from '../core/crypto.ts';
import { toAppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { defined } from '../core/optional.ts';
import { connectionDirectory } from '../db/source-connections.repo.ts';
import type { JobCatalog } from '../jobs/catalog.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { parseConnectionSettings, type SourceSet } from '../sources/source-set.ts';
import { sessionReader } from './access/session.ts';
import { registerSigninRoutes } from './access/signin.route.ts';
import { messagePage } from './console/layout.ts';
import { registerDashboardRoutes } from './routes/dashboard.route.ts';
import { registerFortnoxRoutes } from './routes/fortnox-oauth.route.ts';
import { healthRoute } from './routes/health.route.ts';
import { registerInvoicePdfRoute } from './routes/invoice-pdf.route.ts';

export interface WebDependencies {
  pool: pg.Pool;
  boss: PgBoss;
  logger: Logger;
  /** Without it the Fortnox OAuth routes are not mounted (tests of other routes). */
  config?: Config;
  /** Without it the dashboard (which enqueues retries) is not mounted. */
  queue?: JobQueue<JobCatalog>;
  /** The sources opened in this process: their webhook and connect routes are mounted under /sources/<system>/. */
  sources?: SourceSet;
}

declare module 'express-serve-static-core' {
  interface Locals {
    logger: Logger;
    correlationId: string;
  }
}

/**
 * The web process: health, Fortnox OAuth, the dashboard and signed PDF links. It never
 * calls Fortnox inside a request except to finish OAuth or stream a PDF; everything else is enqueued.
 */
export function createWebApp(deps: WebDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 1); // Heroku's router terminates TLS and sets X-Forwarded-*
  app.use(helmet());
  app.use((req: Request, res: Response, next: NextFunction) => {
    const header = req.get('x-request-id');
    const correlationId = header !== undefined && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
    res.locals.correlationId = correlationId;
    res.locals.logger = deps.logger.child({ correlationId, method: req.method, path: req.path });
    res.setHeader('X-Request-Id', correlationId);
    next();
  });

  app.get('/healthz', healthRoute(deps));
  // Who is signed in, before any route (a source's connect page asks `requireAdmin` too).
  if (deps.config !== undefined) {
    app.use(sessionReader(deps.pool, deps.config));
    registerSigninRoutes(app, { pool: deps.pool, config: deps.config });
  }
  if (deps.config !== undefined)
    registerFortnoxRoutes(app, {
      pool: deps.pool,
      config: deps.config,
      logger: deps.logger,
      ...defined({ queue: deps.queue }),
    });
  if (deps.config !== undefined)
    registerInvoicePdfRoute(app, { pool: deps.pool, config: deps.config, logger: deps.logger });
  if (deps.config !== undefined && deps.queue !== undefined) {
    const connections = connectionDirectory(deps.pool, deriveKey(deps.config.ENCRYPTION_KEY), parseConnectionSettings);
    registerDashboardRoutes(app, { pool: deps.pool, config: deps.config, queue: deps.queue, connections });
  }
  for (const { adapter, runtime } of deps.sources?.all() ?? []) {
    if (runtime.routes === undefined) continue;
    const router = express.Router();
    runtime.routes(router);
    app.use(`/sources/${adapter.system}`, router);
  }

  // People get a page with the way back; programs (the API, webhooks) keep getting JSON.
  const wantsHtml = (req: Request): boolean => req.accepts(['json', 'html']) === 'html';
  app.use((req: Request, res: Response) => {
    if (wantsHtml(req))
      return void res.status(404).type('html').send(messagePage('No such page', 'There is nothing at this address.'));
    res.status(404).json({ error: 'not_found', message: 'No such page.' });
  });
  // Express 5 routes rejected promises here too, so no handler can crash the process.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // The body parsers' own refusals (too large, not JSON, bad encoding) are the client's fault: a 4xx that says why.
    const refused = bodyRefusal(error);
    if (refused !== undefined) {
      res.locals.logger.warn('request body refused', { status: refused.status, reason: refused.error });
      return void res.status(refused.status).json(refused);
    }
    const err = toAppError(error);
    if (err.category === 'unavailable' && !wantsHtml(req)) {
      // A burst (thousands of webhooks at once) outran the database pool: senders retry a 503.
      res.locals.logger.warn('request deferred: busy', { code: err.code });
      res.setHeader('Retry-After', '5');
      return void res
        .status(503)
        .json({ error: 'busy', message: err.userMessage, correlationId: res.locals.correlationId });
    }
    res.locals.logger.error('request failed', { error: err });
    if (wantsHtml(req))
      return void res
        .status(500)
        .type('html')
        .send(
          messagePage(
            'Something went wrong',
            `It has been logged; try again in a moment. If it keeps happening, give support this reference: ${res.locals.correlationId}.`,
          ),
        );
    res.status(500).json({
      error: 'internal',
      message: 'Something went wrong; it has been logged.',
      correlationId: res.locals.correlationId,
    });
  });
  return app;
}

const BODY_REFUSALS: Record<string, string> = {
  'entity.too.large': 'The request body is larger than this endpoint accepts.',
  'entity.parse.failed': 'The request body is not valid JSON.',
  'encoding.unsupported': 'The request body has an encoding this endpoint does not accept.',
  'charset.unsupported': 'The request body has a character set this endpoint does not accept.',
  'request.aborted': 'The request was aborted before its body arrived.',
  'entity.verify.failed': 'The request body could not be verified.',
};

/** An error thrown by express's body parsers (they mark it with `type` and a 4xx `status`). */
function bodyRefusal(error: unknown): { status: number; error: string; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const message = BODY_REFUSALS[type];
  return message === undefined ? undefined : { status, error: type.replaceAll('.', '_'), message };
}
