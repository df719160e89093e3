import type { Express, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { recordConfigChange } from '../../db/config-changes.repo.ts';
import { withTransaction } from '../../db/connection.ts';
import { setConnectionState } from '../../db/source-connections.repo.ts';
import { enqueueRetry, retryParked } from '../../jobs/retry-records.ts';
import { SOURCES, sourceAdapter } from '../../sources/registry.ts';
import { accessOf, validCsrf } from '../access/session.ts';
import type { DashboardDeps } from '../routes/dashboard-records.ts';
import { type ConnectionsView, renderConnectionsPage, type SourceRow, type TenantRow } from './connections-view.ts';
import { messagePage } from './layout.ts';

/**
 * `/connections`: every connection of every registered source (through the registry, so a new
 * source appears with no change here) and every Fortnox company, with pause and resume.
 */

/** An adapter's connect page: a path under its own `/sources/<system>/` (or already a full path). */
export const connectHref = (system: string, path: string): string =>
  path.startsWith('/sources/') ? path : `/sources/${system}${path.startsWith('/') ? '' : '/'}${path}`;

async function loadView(deps: DashboardDeps): Promise<Omit<ConnectionsView, 'csrf' | 'notice'>> {
  const [connections, attention, tenants, slots, stock] = await Promise.all([
    deps.pool.query<{
      system: string;
      key: string;
      label: string | null;
      state: string;
      last_error: string | null;
      last_event_at: Date | null;
      updated_at: Date;
      has_credentials: boolean;
      preview: boolean;
    }>(
      `SELECT system, key, label, state, last_error, last_event_at, updated_at, credentials_enc IS NOT NULL AS has_credentials, preview
         FROM source_connections ORDER BY system, key`,
    ),
    // One indexed pass over the records that need a person (sync_records_state_changed_idx).
    deps.pool.query<{ system: string; connection: string; n: number }>(
      `SELECT source_system AS system, source_connection AS connection, count(*)::int AS n
         FROM sync_records WHERE state = 'needs_attention' GROUP BY 1, 2`,
    ),
    deps.pool.query<{
      tenant_id: string;
      kind: string;
      state: string;
      company_name: string | null;
      last_error: string | null;
      access_expires_at: Date | null;
      refresh_expires_at: Date | null;
      updated_at: Date;
    }>(
      `SELECT tenant_id, kind, state, company_name, last_error, access_expires_at, refresh_expires_at, updated_at
         FROM connections ORDER BY tenant_id`,
    ),
    deps.pool.query<{ tenant_id: string; n: number }>(
      `SELECT tenant_id, count(*)::int AS n FROM fortnox_rate_slots
        WHERE done_at IS NULL OR done_at > now() - make_interval(secs => $1 / 1000.0) GROUP BY tenant_id`,
      [deps.config.FORTNOX_RATE_WINDOW_MS],
    ),
    // Fortnox articles a store has no SKU for (stock from Fortnox): a person adds the product or ignores them.
    deps.pool.query<{ system: string; connection: string; n: number; skus: string[] }>(
      `SELECT system, connection, count(*)::int AS n, (array_agg(sku ORDER BY sku))[1:10] AS skus
         FROM stock_pushes WHERE state = 'unknown' GROUP BY 1, 2`,
    ),
  ]);
  const unknownStock = new Map(stock.rows.map((r) => [`${r.system}\n${r.connection}`, { count: r.n, skus: r.skus }]));
  const waiting = new Map(attention.rows.map((r) => [`${r.system}\n${r.connection}`, r.n]));
  const bySystem = new Map<string, SourceRow[]>();
  for (const c of connections.rows) {
    const list = bySystem.get(c.system) ?? [];
    list.push({
      key: c.key,
      label: c.label,
      state: c.state,
      lastError: c.last_error,
      lastEventAt: c.last_event_at,
      updatedAt: c.updated_at,
      fromEnvironment: !c.has_credentials,
      preview: c.preview,
      needsAttention: waiting.get(`${c.system}\n${c.key}`) ?? 0,
      unknownStock: unknownStock.get(`${c.system}\n${c.key}`) ?? { count: 0, skus: [] },
    });
    bySystem.set(c.system, list);
  }
  const used = new Map(slots.rows.map((r) => [r.tenant_id, r.n]));
  const tenantRows: TenantRow[] = tenants.rows.map((t) => ({
    tenantId: t.tenant_id,
    kind: t.kind,
    state: t.state,
    companyName: t.company_name,
    lastError: t.last_error,
    accessExpiresAt: t.access_expires_at,
    refreshExpiresAt: t.refresh_expires_at,
    updatedAt: t.updated_at,
    rateUsed: used.get(t.tenant_id) ?? 0,
  }));
  return {
    sources: SOURCES.map((adapter) => ({
      system: adapter.system,
      label: adapter.label,
      connectHref: adapter.connectPath === undefined ? undefined : connectHref(adapter.system, adapter.connectPath),
      connections: bySystem.get(adapter.system) ?? [],
    })),
    tenants: tenantRows,
    rateLimit: deps.config.FORTNOX_RATE_LIMIT,
    rateWindowSeconds: deps.config.FORTNOX_RATE_WINDOW_MS / 1000,
  };
}

/**
 * Preview on: new documents are prepared, shown and held. Off: every held record of the connection
 * is retried; each job takes the record's lease and the ledger's `creating` step, so a document is
 * posted once however often this is switched or whatever else retries it. The switch and the jobs
 * commit together: a failure half-way leaves the connection in preview, its held records held and
 * "Go live" there to press again — never live with held records nobody will send.
 */
export async function switchPreview(
  deps: Pick<DashboardDeps, 'pool'> & { queue: Pick<DashboardDeps['queue'], 'send'> },
  c: { system: string; key: string },
  name: string,
  on: boolean,
  actor: string,
  correlationId: string,
): Promise<string> {
  return withTransaction(deps.pool, async (client) => {
    const { rows } = await client.query<{ before: boolean }>(
      `UPDATE source_connections n SET preview = $3, updated_at = now() FROM source_connections o
        WHERE n.system = $1 AND n.key = $2 AND o.system = n.system AND o.key = n.key RETURNING o.preview AS before`,
      [c.system, c.key, on],
    );
    const before = rows[0]?.before;
    await recordConfigChange(client, {
      actor,
      scope: `source:${c.system}:${c.key}`,
      key: 'preview',
      before,
      after: on,
    });
    if (on)
      return `${name} is in preview mode: new documents are prepared and shown on their record's page, and nothing is posted to Fortnox.`;
    const held = await client.query<{ source_object: string; source_id: string; document_kind: string }>(
      `SELECT source_object, source_id, document_kind FROM sync_records r
        WHERE source_system = $1 AND source_connection = $2 AND state = 'pending' AND fortnox_number IS NULL
          AND EXISTS (SELECT 1 FROM sync_events e WHERE e.sync_record_id = r.id AND e.kind = 'preview')`,
      [c.system, c.key],
    );
    for (const r of held.rows)
      await enqueueRetry(
        deps.queue,
        {
          source: { system: c.system, connection: c.key, object: r.source_object, id: r.source_id },
          kind: r.document_kind === 'customer' ? 'customer' : 'invoice',
        },
        correlationId,
        'live',
        client,
      );
    const n = held.rows.length;
    return `${name} is live.${n > 0 ? ` ${n} held document${n === 1 ? ' is' : 's are'} being sent to Fortnox now, once each.` : ''}`;
  });
}

export function registerConnectionRoutes(app: Express, deps: DashboardDeps, guard: RequestHandler): void {
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  app.get('/connections', guard, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const notice = typeof req.query.notice === 'string' ? req.query.notice.slice(0, 300) : undefined;
    res.type('html').send(renderConnectionsPage({ ...(await loadView(deps)), csrf: accessOf(res).csrf, notice }));
  });

  app.get('/api/connections', guard, async (_req: Request, res: Response) => {
    const view = await loadView(deps);
    res.json({ sources: view.sources, tenants: view.tenants });
  });

  /** Pause: nothing is read from or sent for the connection until resumed; resume retries what waited. */
  app.post('/connections/:system/:key/:action', guard, form, async (req: Request, res: Response) => {
    const system = String(req.params.system);
    const key = String(req.params.key);
    const action = String(req.params.action);
    const back = (notice: string) => res.redirect(303, `/connections?notice=${encodeURIComponent(notice)}`);
    if (!validCsrf(res, (req.body as Record<string, unknown>).token))
      return void res
        .status(403)
        .type('html')
        .send(
          messagePage('This form has expired', 'Reload Connections and try again.', {
            href: '/connections',
            label: 'Connections',
          }),
        );
    const adapter = sourceAdapter(system);
    if (adapter === undefined || !['pause', 'resume', 'preview', 'live'].includes(action))
      return back('There is no such action.');
    const connection = await deps.connections.get(system, key);
    if (connection === undefined) return back(`There is no ${adapter.label} connection “${key}”.`);
    const name = `${adapter.label} “${connection.label ?? key}”`;
    if (action === 'preview' || action === 'live')
      return back(
        await switchPreview(
          deps,
          { system, key },
          name,
          action === 'preview',
          accessOf(res).actor,
          res.locals.correlationId,
        ),
      );
    if (action === 'pause') {
      if (connection.state === 'paused') return back(`${name} was already paused.`);
      if (connection.state === 'revoked') return back(`${name} was revoked; connect it again instead.`);
    } else if (connection.state !== 'paused') return back(`${name} is not paused.`);
    const after = action === 'pause' ? 'paused' : 'active';
    // The state, its audit line and (on resume) the retries commit together: a failure half-way leaves
    // the connection paused with its records waiting, and Resume there to press again.
    const retried = await withTransaction(deps.pool, async (client) => {
      await setConnectionState(client, system, key, after);
      await recordConfigChange(client, {
        actor: accessOf(res).actor,
        scope: `source:${system}:${key}`,
        key: 'state',
        before: connection.state,
        after,
      });
      if (action === 'pause') return 0;
      // Only this connection's: another paused connection's records still wait for their own resume.
      return retryParked(
        deps.pool,
        deps.queue,
        { codes: ['source_paused'], source: { system, connection: key }, reason: 'resumed' },
        res.locals.correlationId,
        client,
      );
    });
    if (action === 'pause')
      return back(`${name} is paused: nothing is read from it or sent for it until you resume it.`);
    back(
      `${name} is active again.${retried > 0 ? ` ${retried} record${retried === 1 ? '' : 's'} that waited will be tried again.` : ''}`,
    );
  });
}
