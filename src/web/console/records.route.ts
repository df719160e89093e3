import type { Express, Request, RequestHandler, Response } from 'express';
import {
  decodeCursor,
  encodeCursor,
  listConsoleRecords,
  type RecordFilter,
  recordFilterSchema,
} from '../../db/console-records.repo.ts';
import { accessOf } from '../access/session.ts';
import type { DashboardDeps } from '../routes/dashboard-records.ts';
import { fortnoxUrl, sourceLinker } from './links.ts';
import { renderRecordsPage } from './records-view.ts';

/** `GET /records` (HTML) and `GET /api/console/records` (JSON): one keyset page of the filtered ledger. */

export const PAGE_SIZE = 50;

const LABELS: Record<keyof RecordFilter, string> = {
  q: 'Search',
  system: 'Source',
  connection: 'Connection',
  tenant: 'Fortnox company',
  state: 'State',
  kind: 'Kind',
  from: 'Changed from',
  to: 'Changed to',
};

/** Parses each filter on its own, so one bad value is named and dropped rather than failing the page. */
export function parseFilter(query: Record<string, unknown>): { filter: RecordFilter; problems: string[] } {
  const filter: Record<string, string> = {};
  const problems: string[] = [];
  for (const key of Object.keys(LABELS) as (keyof RecordFilter)[]) {
    const raw = query[key];
    if (raw === undefined || raw === '') continue;
    const one = recordFilterSchema.shape[key].safeParse(typeof raw === 'string' ? raw : String(raw));
    if (one.success && one.data) filter[key] = one.data;
    else if (!one.success) problems.push(`${LABELS[key]} ${one.error.issues[0]?.message ?? 'is not valid'}`);
  }
  return { filter: filter as RecordFilter, problems };
}

export function filterQuery(filter: RecordFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...extra })) if (typeof v === 'string' && v !== '') params.set(k, v);
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

export function registerRecordsRoutes(app: Express, deps: DashboardDeps, admin: RequestHandler): void {
  const page = async (req: Request) => {
    const { filter, problems } = parseFilter(req.query as Record<string, unknown>);
    const after = decodeCursor(req.query.after);
    if (req.query.after !== undefined && after === undefined)
      problems.push('the page link was damaged; showing the first page');
    const { records, next, searchedBackTo } = await listConsoleRecords(deps.pool, filter, {
      limit: PAGE_SIZE,
      ...(after ? { after } : {}),
    });
    return { filter, problems, after, records, next, searchedBackTo };
  };

  app.get('/records', admin, async (req: Request, res: Response) => {
    const { filter, problems, after, records, next, searchedBackTo } = await page(req);
    const link = sourceLinker(deps.connections, deps.config);
    const rows = await Promise.all(
      records.map(async (record) => ({
        record,
        sourceUrl: await link(record),
        fortnoxUrl: fortnoxUrl(deps.config, record),
      })),
    );
    const [connections, tenants] = await Promise.all([
      deps.pool.query<{ system: string; key: string; label: string | null }>(
        'SELECT system, key, label FROM source_connections ORDER BY system, key',
      ),
      deps.pool.query<{ id: string; name: string | null }>(
        'SELECT tenant_id AS id, company_name AS name FROM connections ORDER BY tenant_id',
      ),
    ]);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(
      renderRecordsPage({
        filter,
        rows,
        nextHref: next ? `/records${filterQuery(filter, { after: encodeCursor(next) })}` : undefined,
        firstHref: after ? `/records${filterQuery(filter)}` : undefined,
        searchedBackTo,
        connections: connections.rows,
        tenants: tenants.rows,
        problems,
        formToken: accessOf(res).csrf,
        notice: typeof req.query.notice === 'string' ? req.query.notice.slice(0, 300) : undefined,
      }),
    );
  });

  app.get('/api/console/records', admin, async (req: Request, res: Response) => {
    const { problems, records, next, searchedBackTo } = await page(req);
    res.json({ records, next: next ? encodeCursor(next) : null, searchedBackTo: searchedBackTo ?? null, problems });
  });
}
