import type { Express, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { type BulkAction, createBulkAction, getBulkAction, recentBulkActions } from '../../db/bulk-actions.repo.ts';
import { withTransaction } from '../../db/connection.ts';
import { accessOf, validCsrf } from '../access/session.ts';
import type { DashboardDeps } from '../routes/dashboard-records.ts';
import { escapeHtml, messagePage, renderPage, stateBadge, when } from './layout.ts';
import { filterQuery, parseFilter } from './records.route.ts';

/**
 * Bulk retry / skip of every record a Records filter matches: `POST /records/bulk` records the
 * request and queues `console.bulk`; `GET /records/bulk` shows each request's progress.
 */

const describe = (b: BulkAction): string => {
  const parts = Object.entries(b.filter)
    .filter(([, v]) => typeof v === 'string' && v !== '')
    .map(([k, v]) => `${k} ${v}`);
  return parts.length === 0 ? 'every record' : parts.join(', ');
};

function progress(b: BulkAction): string {
  if (b.total === null) return 'waiting to start';
  const pct = b.total === 0 ? 100 : Math.min(100, Math.round((b.done / b.total) * 100));
  return `<progress max="100" value="${pct}" aria-label="bulk action ${b.id} progress">${pct}%</progress> ${b.done} of ${b.total}`;
}

function renderBulkPage(actions: BulkAction[], notice: string | undefined): string {
  const rows = actions
    .map(
      (
        b,
      ) => `<tr id="bulk-${b.id}"><td>${escapeHtml(when(b.createdAt))}</td><td>${b.action === 'retry' ? 'Retry' : 'Skip'}${b.reason ? `<br><small>${escapeHtml(b.reason)}</small>` : ''}</td>
<td><a href="/records${escapeHtml(filterQuery(b.filter))}">${escapeHtml(describe(b))}</a></td><td>${stateBadge(b.state)}</td><td>${progress(b)}</td>
<td>${escapeHtml(b.message ?? '')}</td><td>${escapeHtml(b.actor)}</td></tr>`,
    )
    .join('');
  const body =
    actions.length === 0
      ? '<p class="muted">No bulk actions yet. Filter the <a href="/records">records</a>, then use “Retry all” or “Skip all”.</p>'
      : `<p class="muted">Reload the page to see progress.</p><table><thead><tr><th scope="col">Asked</th><th scope="col">Action</th><th scope="col">Records</th><th scope="col">State</th>
<th scope="col">Progress</th><th scope="col">Outcome</th><th scope="col">By</th></tr></thead><tbody>${rows}</tbody></table>`;
  return renderPage({ title: 'Bulk actions', section: 'bulk', notice, body });
}

export function registerBulkRoutes(app: Express, deps: DashboardDeps, admin: RequestHandler): void {
  const form = express.urlencoded({ extended: false, limit: '20kb' });

  app.get('/records/bulk', admin, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const notice = typeof req.query.notice === 'string' ? req.query.notice.slice(0, 300) : undefined;
    res.type('html').send(renderBulkPage(await recentBulkActions(deps.pool), notice));
  });

  app.get('/api/console/bulk/:id', admin, async (req: Request, res: Response) => {
    const bulk = /^\d{1,18}$/.test(String(req.params.id))
      ? await getBulkAction(deps.pool, Number(req.params.id))
      : undefined;
    if (bulk === undefined) return void res.status(404).json({ error: 'not_found', message: 'No such bulk action.' });
    res.json({ bulk });
  });

  app.post('/records/bulk', admin, form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!validCsrf(res, body.token))
      return void res
        .status(403)
        .type('html')
        .send(
          messagePage('This form has expired', 'Reload the records and try again.', {
            href: '/records',
            label: 'Back to the records',
          }),
        );
    const { filter, problems } = parseFilter(body);
    const back = (notice: string) => res.redirect(303, `/records${filterQuery(filter, { notice })}`);
    const action = body.action === 'retry' || body.action === 'skip' ? body.action : undefined;
    if (action === undefined) return back('Choose “Retry all” or “Skip all”.');
    // A filter that could not be read would widen the set: refuse rather than act on more than was shown.
    if (problems.length > 0) return back(`Nothing was done: ${problems.join('; ')}.`);
    const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 300) : '';
    if (action === 'skip' && reason === '') return back('Nothing was skipped: say why, so whoever looks later knows.');
    // The request and its job commit together: no bulk action "waiting to start" that no job will start.
    const bulk = await withTransaction(deps.pool, async (client) => {
      const created = await createBulkAction(client, {
        action,
        filter,
        reason: reason || null,
        actor: accessOf(res).actor,
        correlationId: res.locals.correlationId,
      });
      const db = { executeSql: async (text: string, values?: unknown[]) => client.query(text, values) };
      await deps.queue.send('console.bulk', { bulkId: created.id }, { correlationId: res.locals.correlationId, db });
      return created;
    });
    res.redirect(
      303,
      `/records/bulk?notice=${encodeURIComponent(`Bulk ${action} ${bulk.id} is queued; its progress is below.`)}`,
    );
  });
}
