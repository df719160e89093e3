import type { Request, Response } from 'express';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';

interface HealthDependencies {
  pool: pg.Pool;
  boss: PgBoss;
}

const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}

/**
 * `GET /healthz`: 200 when the database answers, with queue depths so an operator sees a backlog;
 * 503 when it does not (Heroku and uptime monitors alert on it). Answers within a few seconds even
 * when the database hangs.
 */
export function healthRoute(deps: HealthDependencies) {
  return async (_req: Request, res: Response): Promise<void> => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await withTimeout(deps.pool.query('SELECT 1'), CHECK_TIMEOUT_MS);
    } catch (error) {
      res.locals.logger.warn('health check: database unreachable', { error });
      res.status(503).json({ status: 'unavailable', database: 'down' });
      return;
    }
    try {
      const queues = await withTimeout(deps.boss.getQueues(), CHECK_TIMEOUT_MS);
      const depth = Object.fromEntries(
        queues.map((q) => [q.name, { queued: q.queuedCount, active: q.activeCount, failed: q.failedCount }]),
      );
      res.status(200).json({ status: 'ok', database: 'up', queue: { state: 'up', queues: depth } });
    } catch (error) {
      // The database answered but pg-boss did not (schema not installed yet, or stopping).
      res.locals.logger.warn('health check: queue unavailable', { error });
      res.status(200).json({ status: 'degraded', database: 'up', queue: { state: 'down' } });
    }
  };
}
