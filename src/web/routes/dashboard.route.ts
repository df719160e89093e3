import type { Express, Request, Response } from 'express';
import express from 'express';
import { toAppError } from '../../core/errors.ts';
import { recordConfigChange } from '../../db/config-changes.repo.ts';
import { loadRoutingRules, saveRoutingRules } from '../../db/routing.repo.ts';
import { FIXED_BY_ROUTING, retryParked } from '../../jobs/retry-records.ts';
import { accessOf, requireConsole, validCsrf } from '../access/session.ts';
import { registerUserRoutes } from '../access/users.route.ts';
import { registerBulkRoutes } from '../console/bulk.route.ts';
import { registerConnectionRoutes } from '../console/connections.route.ts';
import { messagePage } from '../console/layout.ts';
import { registerMetricsRoute } from '../console/metrics.route.ts';
import { registerReconciliationRoutes } from '../console/reconciliation.route.ts';
import { registerRecordRoutes } from '../console/record.route.ts';
import { registerRecordsRoutes } from '../console/records.route.ts';
import { registerDashboardApi } from './dashboard-api.route.ts';
import { type DashboardDeps, listRecords, recordIdParam, retryRecord } from './dashboard-records.ts';

export type { DashboardDeps } from './dashboard-records.ts';

import { renderDashboard } from './dashboard-view.ts';
import { formatRules, parseRules } from './routing-text.ts';
import { saveSettingsForm, sectionsOrError } from './settings-store.ts';

/**
 * The dashboard (`/`): what is connected, what needs a person (with a retry button), routing to
 * Fortnox companies and the settings. Forms post back here; the web process only writes settings
 * and enqueues jobs. Every change lands in the audit trail (`config_changes`).
 */

const redirectWith = (res: Response, notice: string): void =>
  res.redirect(303, `/?notice=${encodeURIComponent(notice)}`);
const waiting = (n: number, what: string): string =>
  n > 0 ? ` ${n} record${n === 1 ? '' : 's'} waiting for ${what} will be tried again.` : '';

export function registerDashboardRoutes(app: Express, deps: DashboardDeps): void {
  const admin = requireConsole(deps);
  const form = express.urlencoded({ extended: false, limit: '20kb' });
  const checked = (req: Request, res: Response): boolean => {
    if (validCsrf(res, (req.body as Record<string, unknown>).token)) return true;
    res.status(403).send('This form has expired; reload the dashboard.');
    return false;
  };

  app.get('/', admin, async (req: Request, res: Response) => {
    const [connections, counts, attention, recent, settings, routing] = await Promise.all([
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
      listRecords(deps.pool, 'needs_attention', 100),
      listRecords(deps.pool, undefined, 30),
      sectionsOrError(deps),
      loadRoutingRules(deps.pool),
    ]);
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
        sections: settings.sections,
        settingsError: settings.error,
        routing,
        routingText: formatRules(routing),
        formToken: accessOf(res).csrf,
        notice: typeof req.query.notice === 'string' ? req.query.notice.slice(0, 300) : undefined,
      }),
    );
  });

  app.post('/dashboard/records/:id/retry', admin, form, async (req: Request, res: Response) => {
    if (!checked(req, res)) return;
    const id = recordIdParam(req.params.id);
    const noSuch = (status: number, message: string) =>
      void res.status(status).type('html').send(messagePage('No such record', message));
    if (id === undefined)
      return noSuch(400, 'That is not a record number; go back and use the Retry button of a record.');
    try {
      redirectWith(res, await retryRecord(deps, id, res.locals.correlationId));
    } catch (error) {
      const err = toAppError(error);
      if (err.category !== 'not_found') throw error;
      noSuch(404, err.userMessage);
    }
  });

  app.post('/dashboard/settings', admin, form, async (req: Request, res: Response) => {
    if (!checked(req, res)) return;
    const outcome = await saveSettingsForm(
      deps,
      req.body as Record<string, unknown>,
      accessOf(res).actor,
      res.locals.correlationId,
    );
    if (outcome.problems.length > 0) return redirectWith(res, `Not saved. ${outcome.problems.join('; ')}`);
    redirectWith(res, `Settings saved; they apply to the next sync.${waiting(outcome.retried, 'this change')}`);
  });

  app.post('/dashboard/routing', admin, form, async (req: Request, res: Response) => {
    if (!checked(req, res)) return;
    const { rules, problems } = parseRules(String((req.body as Record<string, unknown>).rules ?? ''));
    if (problems.length > 0) return redirectWith(res, `Not saved. ${problems.join('; ')}`);
    const before = await loadRoutingRules(deps.pool);
    await saveRoutingRules(deps.pool, rules);
    await recordConfigChange(deps.pool, {
      actor: accessOf(res).actor,
      scope: 'routing',
      key: 'rules',
      before,
      after: rules,
    });
    const retried = await retryParked(
      deps.pool,
      deps.queue,
      { codes: FIXED_BY_ROUTING, reason: 'routing' },
      res.locals.correlationId,
    );
    redirectWith(res, `Routing rules saved (${rules.length}).${waiting(retried, 'a company')}`);
  });

  registerDashboardApi(app, deps, admin);
  registerBulkRoutes(app, deps, admin);
  registerRecordsRoutes(app, deps, admin);
  registerRecordRoutes(app, deps, admin);
  registerUserRoutes(app, deps, admin);
  registerConnectionRoutes(app, deps, admin);
  registerMetricsRoute(app, deps, admin);
  registerReconciliationRoutes(app, deps, admin);
}
