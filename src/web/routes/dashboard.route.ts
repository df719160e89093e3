import type { Express, Request, Response } from 'express';
import express from 'express';
import type pg from 'pg';
import type { Config } from '../../config.ts';
import { AppError, toAppError } from '../../core/errors.ts';
import { type SyncSettings, syncSettingsSchema } from '../../core/settings.ts';
import { withTransaction } from '../../db/connection.ts';
import { loadSettings, saveSetting } from '../../db/settings.repo.ts';
import { getRecord } from '../../db/sync-records.repo.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { enqueueRetry, retryAfterSettings } from '../../jobs/retry-records.ts';
import { formToken, requireAdmin, validFormToken } from '../admin-auth.ts';
import { type RecordRow, renderDashboard, SETTING_FIELDS } from './dashboard-view.ts';

/**
 * The dashboard (`/`) and its JSON API (`/api/…`): what is connected, what needs a person (with a
 * retry button), and the mapping settings. Retrying only enqueues a job; the worker does the work.
 */

interface DashboardDeps {
  pool: pg.Pool;
  config: Config;
  queue: JobQueue<JobCatalog>;
}

const RECORD_COLUMNS = `id, source_object, source_id, source_label, document_kind, tenant_id, state, fortnox_number, error_message, remote_message, updated_at`;
type Row = {
  id: string;
  source_object: string;
  source_id: string;
  source_label: string | null;
  document_kind: string;
  tenant_id: string;
  state: string;
  fortnox_number: string | null;
  error_message: string | null;
  remote_message: string | null;
  updated_at: Date;
};

const toRecord = (r: Row): RecordRow => ({
  id: Number(r.id),
  sourceObject: r.source_object,
  sourceId: r.source_id,
  label: r.source_label,
  kind: r.document_kind,
  tenantId: r.tenant_id,
  state: r.state,
  fortnoxNumber: r.fortnox_number,
  errorMessage: r.error_message,
  remoteMessage: r.remote_message,
  updatedAt: r.updated_at,
});

async function records(pool: pg.Pool, state: string | undefined, limit: number): Promise<RecordRow[]> {
  const { rows } = await pool.query<Row>(
    `SELECT ${RECORD_COLUMNS} FROM sync_records WHERE ($1::text IS NULL OR state = $1) ORDER BY updated_at DESC LIMIT $2`,
    [state ?? null, limit],
  );
  return rows.map(toRecord);
}

/** Enqueues the job that redoes a record; answers what was queued, for the notice. */
async function retry(deps: DashboardDeps, id: number, correlationId: string): Promise<string> {
  const record = await getRecord(deps.pool, id);
  if (record === undefined)
    throw new AppError(`No sync record ${id}`, {
      code: 'not_found',
      category: 'not_found',
      retryable: false,
      userMessage: `There is no record ${id}.`,
    });
  await enqueueRetry(deps.queue, record.source, correlationId);
  return `${record.source.object} ${record.label ? `“${record.label}”` : record.source.id} will be tried again in a moment.`;
}

/** Form values → typed settings; every bad value is named, nothing is saved unless all are valid. */
function parseSettingsForm(body: Record<string, unknown>): { values: Partial<SyncSettings>; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const { key, label, field } of SETTING_FIELDS) {
    const raw = body[key];
    if (raw === undefined) continue;
    const text = Array.isArray(raw) ? raw.map(String) : [String(raw)];
    const last = text.at(-1) ?? '';
    const value =
      field.kind === 'list'
        ? last
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : field.kind === 'bool'
          ? text.includes('true')
          : field.kind === 'number' || key === 'defaultVatRate'
            ? Number(last)
            : field.kind === 'text' && last.trim() === ''
              ? null
              : last.trim();
    const parsed = syncSettingsSchema.shape[key].safeParse(value);
    if (parsed.success) values[key] = parsed.data;
    else problems.push(`${label}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { values: values as Partial<SyncSettings>, problems };
}

/**
 * Saves every value in one transaction, then retries the records the changed settings can fix (a
 * default company chosen, a default article set), so a fix made here needs no Retry per record.
 */
async function saveAll(deps: DashboardDeps, values: Partial<SyncSettings>, correlationId: string): Promise<number> {
  const before = await loadSettings(deps.pool);
  await withTransaction(deps.pool, async (client) => {
    for (const [key, value] of Object.entries(values))
      await saveSetting(client, key as keyof SyncSettings, value as never);
  });
  const changed = (Object.keys(values) as (keyof SyncSettings)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(values[key]),
  );
  return retryAfterSettings(deps.pool, deps.queue, changed, correlationId);
}

export function registerDashboardRoutes(app: Express, deps: DashboardDeps): void {
  const admin = requireAdmin(deps.config);
  const form = express.urlencoded({ extended: false, limit: '20kb' });
  const token = formToken(deps.config);

  app.get('/', admin, async (req: Request, res: Response) => {
    const [connections, counts, attention, recent] = await Promise.all([
      deps.pool.query<{
        tenant_id: string;
        kind: string;
        state: string;
        company_name: string | null;
        last_error: string | null;
      }>('SELECT tenant_id, kind, state, company_name, last_error FROM connections ORDER BY tenant_id'),
      deps.pool.query<{ state: string; n: number }>(
        `SELECT state, count(*)::int AS n FROM sync_records WHERE document_kind <> 'customer' GROUP BY state ORDER BY state`,
      ),
      records(deps.pool, 'needs_attention', 100),
      records(deps.pool, undefined, 30),
    ]);
    let settings: SyncSettings | undefined;
    let settingsError: string | undefined;
    try {
      settings = await loadSettings(deps.pool);
    } catch (error) {
      settingsError = toAppError(error).userMessage;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(
      renderDashboard({
        connections: connections.rows.map((c) => ({
          tenantId: c.tenant_id,
          kind: c.kind,
          state: c.state,
          companyName: c.company_name,
          lastError: c.last_error,
        })),
        counts: Object.fromEntries(counts.rows.map((c) => [c.state, c.n])),
        attention,
        recent,
        settings,
        settingsError,
        formToken: token,
        notice: typeof req.query.notice === 'string' ? req.query.notice.slice(0, 300) : undefined,
      }),
    );
  });

  app.post('/dashboard/records/:id/retry', admin, form, async (req: Request, res: Response) => {
    if (!validFormToken(deps.config, (req.body as Record<string, unknown>).token))
      return void res.status(403).send('This form has expired; reload the dashboard.');
    const notice = await retry(deps, Number(req.params.id), res.locals.correlationId);
    res.redirect(303, `/?notice=${encodeURIComponent(notice)}`);
  });

  app.post('/dashboard/settings', admin, form, async (req: Request, res: Response) => {
    const body = req.body as Record<string, unknown>;
    if (!validFormToken(deps.config, body.token))
      return void res.status(403).send('This form has expired; reload the dashboard.');
    const { values, problems } = parseSettingsForm(body);
    if (problems.length > 0)
      return void res.redirect(303, `/?notice=${encodeURIComponent(`Not saved. ${problems.join('; ')}`)}`);
    const retried = await saveAll(deps, values, res.locals.correlationId);
    const notice = `Settings saved; they apply to the next sync.${retried > 0 ? ` ${retried} record${retried === 1 ? '' : 's'} waiting for this change will be tried again.` : ''}`;
    res.redirect(303, `/?notice=${encodeURIComponent(notice)}`);
  });

  app.get('/api/records', admin, async (req: Request, res: Response) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    res.json({ records: await records(deps.pool, state, 500) });
  });

  app.post('/api/records/:id/retry', admin, async (req: Request, res: Response) => {
    if (req.get('content-type')?.includes('application/json') !== true)
      return void res.status(415).json({ error: 'unsupported', message: 'Send JSON.' });
    try {
      res.status(202).json({ message: await retry(deps, Number(req.params.id), res.locals.correlationId) });
    } catch (error) {
      const err = toAppError(error);
      res.status(err.category === 'not_found' ? 404 : 500).json({ error: err.code, message: err.userMessage });
    }
  });

  app.get('/api/settings', admin, async (_req: Request, res: Response) => {
    res.json({ settings: await loadSettings(deps.pool) });
  });

  app.put('/api/settings', admin, express.json({ limit: '20kb' }), async (req: Request, res: Response) => {
    const parsed = syncSettingsSchema.partial().strict().safeParse(req.body);
    if (!parsed.success)
      return void res.status(400).json({
        error: 'invalid_settings',
        message: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
      });
    const retried = await saveAll(deps, parsed.data, res.locals.correlationId);
    res.json({ settings: await loadSettings(deps.pool), retried });
  });
}
