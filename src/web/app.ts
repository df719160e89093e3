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
import { connectionDirectory } from '../db/source-connections.repo.ts';
import type { JobCatalog } from '../jobs/catalog.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { parseConnectionSettings, type SourceSet } from '../sources/source-set.ts';
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
  if (deps.config !== undefined)
    registerFortnoxRoutes(app, {
      pool: deps.pool,
      config: deps.config,
      logger: deps.logger,
      ...(deps.queue === undefined ? {} : { queue: deps.queue }),
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

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: 'No such page.' });
  });
  // Express 5 routes rejected promises here too, so no handler can crash the process.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const err = toAppError(error);
    res.locals.logger.error('request failed', { error: err });
    res.status(500).json({
      error: 'internal',
      message: 'Something went wrong; it has been logged.',
      correlationId: res.locals.correlationId,
    });
  });
  return app;
}
