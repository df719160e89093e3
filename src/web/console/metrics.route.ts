import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type pg from 'pg';
import type { Config } from '../../config.ts';
import { sameSecret } from '../admin-auth.ts';

/**
 * `GET /metrics`: the ledger, the queues, write-back and Fortnox rate use in the Prometheus text
 * format (0.0.4), read from Postgres at scrape time, so every web process answers the same and
 * nothing is lost on restart. Behind `Authorization: Bearer $METRICS_TOKEN` or an admin session.
 * Written by hand: a dozen gauges do not need a client library's registry.
 */

type Sample = { labels: Record<string, string>; value: number };
interface Family {
  name: string;
  help: string;
  samples: Sample[];
}

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function exposition(families: readonly Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} gauge`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      out.push(`${f.name}${labels === '' ? '' : `{${labels}}`} ${Number.isFinite(s.value) ? s.value : 0}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export async function collectMetrics(pool: pg.Pool, config: Pick<Config, 'FORTNOX_RATE_WINDOW_MS'>): Promise<Family[]> {
  const [records, queues, writebacks, rate, sources, tenants] = await Promise.all([
    pool.query<{ system: string; state: string; kind: string; n: number }>(
      `SELECT source_system AS system, state, document_kind AS kind, count(*)::int AS n FROM sync_records GROUP BY 1, 2, 3`,
    ),
    pool.query<{ name: string; state: string; n: number; oldest: number | null }>(
      `SELECT name, state::text AS state, count(*)::int AS n,
              extract(epoch FROM now() - min(created_on))::float8 AS oldest
         FROM pgboss.job WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY 1, 2`,
    ),
    pool.query<{ system: string; n: number; oldest: number | null; failing: number }>(
      `SELECT source_system AS system, count(*)::int AS n, extract(epoch FROM now() - min(created_at))::float8 AS oldest,
              count(*) FILTER (WHERE last_error IS NOT NULL)::int AS failing
         FROM source_writebacks GROUP BY 1`,
    ),
    pool.query<{ tenant_id: string; n: number }>(
      `SELECT tenant_id, count(*)::int AS n FROM fortnox_rate_slots
        WHERE done_at IS NULL OR done_at > now() - make_interval(secs => $1 / 1000.0) GROUP BY 1`,
      [config.FORTNOX_RATE_WINDOW_MS],
    ),
    pool.query<{ system: string; key: string; state: string }>('SELECT system, key, state FROM source_connections'),
    pool.query<{ tenant_id: string; state: string }>('SELECT tenant_id, state FROM connections'),
  ]);
  const waiting = queues.rows.filter((q) => q.state !== 'failed' && q.state !== 'active');
  return [
    {
      name: 'fortnox_sync_records',
      help: 'Ledger records by source, state and document kind.',
      samples: records.rows.map((r) => ({ labels: { source: r.system, state: r.state, kind: r.kind }, value: r.n })),
    },
    {
      name: 'fortnox_sync_queue_jobs',
      help: 'pg-boss jobs by queue and state (created, retry, active; failed as retained).',
      samples: queues.rows.map((q) => ({ labels: { queue: q.name, state: q.state }, value: q.n })),
    },
    {
      name: 'fortnox_sync_queue_oldest_seconds',
      help: 'Age of the oldest job waiting to run, per queue and state.',
      samples: waiting.map((q) => ({ labels: { queue: q.name, state: q.state }, value: q.oldest ?? 0 })),
    },
    {
      name: 'fortnox_sync_job_failures',
      help: 'Jobs that failed for good and are still retained by pg-boss, per queue.',
      samples: queues.rows.filter((q) => q.state === 'failed').map((q) => ({ labels: { queue: q.name }, value: q.n })),
    },
    {
      name: 'fortnox_sync_writeback_backlog',
      help: 'Source records waiting for their fields to be written back, per source.',
      samples: writebacks.rows.map((w) => ({ labels: { source: w.system }, value: w.n })),
    },
    {
      name: 'fortnox_sync_writeback_failing',
      help: 'Write-backs whose last attempt failed, per source.',
      samples: writebacks.rows.map((w) => ({ labels: { source: w.system }, value: w.failing })),
    },
    {
      name: 'fortnox_sync_writeback_oldest_seconds',
      help: 'Age of the oldest pending write-back, per source.',
      samples: writebacks.rows.map((w) => ({ labels: { source: w.system }, value: w.oldest ?? 0 })),
    },
    {
      name: 'fortnox_sync_fortnox_requests_in_window',
      help: 'Fortnox requests counted in the current rate window, per tenant (the limiter’s slots).',
      samples: rate.rows.map((r) => ({ labels: { tenant: r.tenant_id }, value: r.n })),
    },
    {
      name: 'fortnox_sync_source_connection_active',
      help: '1 when the source connection is active, 0 when paused, revoked or in error.',
      samples: sources.rows.map((c) => ({
        labels: { source: c.system, connection: c.key, state: c.state },
        value: c.state === 'active' ? 1 : 0,
      })),
    },
    {
      name: 'fortnox_sync_fortnox_tenant_active',
      help: '1 when the Fortnox company is connected and usable.',
      samples: tenants.rows.map((t) => ({
        labels: { tenant: t.tenant_id, state: t.state },
        value: t.state === 'active' ? 1 : 0,
      })),
    },
  ];
}

export function registerMetricsRoute(
  app: Express,
  deps: { pool: pg.Pool; config: Config },
  guard: RequestHandler,
): void {
  const bearerOrAdmin = (req: Request, res: Response, next: NextFunction) => {
    const [scheme, token] = (req.get('authorization') ?? '').split(' ');
    const expected = deps.config.METRICS_TOKEN;
    if (expected !== undefined && scheme?.toLowerCase() === 'bearer' && token && sameSecret(token, expected))
      return next();
    return guard(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      if (res.locals.access?.role !== 'admin')
        return void res.status(403).type('text').send('Metrics need METRICS_TOKEN or an admin sign-in.\n');
      next();
    });
  };
  app.get('/metrics', bearerOrAdmin, async (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('text/plain; version=0.0.4; charset=utf-8').send(exposition(await collectMetrics(deps.pool, deps.config)));
  });
}
