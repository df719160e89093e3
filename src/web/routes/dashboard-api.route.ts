import type { Express, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { z } from 'zod';
import { toAppError } from '../../core/errors.ts';
import { syncSettingsSchema } from '../../core/settings.ts';
import { recordConfigChange } from '../../db/config-changes.repo.ts';
import { loadRoutingRules, routingRuleSchema, saveRoutingRules } from '../../db/routing.repo.ts';
import { loadSettings } from '../../db/settings.repo.ts';
import { FIXED_BY_ROUTING, retryParked } from '../../jobs/retry-records.ts';
import { accessOf } from '../access/session.ts';
import { type DashboardDeps, listRecords, recordIdParam, retryRecord } from './dashboard-records.ts';
import { saveCoreSettings, settingsSections } from './settings-store.ts';

/** The dashboard's JSON API: records and Retry, the Fortnox settings, connection settings, routing rules. */

const issues = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');

export function registerDashboardApi(app: Express, deps: DashboardDeps, admin: RequestHandler): void {
  const json = express.json({ limit: '20kb' });

  app.get('/api/records', admin, async (req: Request, res: Response) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    res.json({ records: await listRecords(deps.pool, state, 500) });
  });

  app.post('/api/records/:id/retry', admin, async (req: Request, res: Response) => {
    if (req.get('content-type')?.includes('application/json') !== true)
      return void res.status(415).json({ error: 'unsupported', message: 'Send JSON.' });
    const id = recordIdParam(req.params.id);
    if (id === undefined)
      return void res.status(400).json({ error: 'invalid_id', message: 'A record id is a number, like 42.' });
    try {
      res.status(202).json({ message: await retryRecord(deps, id, res.locals.correlationId) });
    } catch (error) {
      const err = toAppError(error);
      res.status(err.category === 'not_found' ? 404 : 500).json({ error: err.code, message: err.userMessage });
    }
  });

  app.get('/api/settings', admin, async (_req: Request, res: Response) => {
    res.json({ settings: await loadSettings(deps.pool), sections: await settingsSections(deps) });
  });

  app.put('/api/settings', admin, json, async (req: Request, res: Response) => {
    const parsed = syncSettingsSchema.partial().strict().safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'invalid_settings', message: issues(parsed.error) });
    // A key sent as undefined is a key not sent.
    const values = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
    const retried = await saveCoreSettings(deps, values, accessOf(res).actor, res.locals.correlationId);
    res.json({ settings: await loadSettings(deps.pool), retried });
  });

  app.get('/api/routing', admin, async (_req: Request, res: Response) => {
    res.json({ rules: await loadRoutingRules(deps.pool) });
  });

  app.put('/api/routing', admin, json, async (req: Request, res: Response) => {
    const parsed = z
      .object({ rules: z.array(routingRuleSchema) })
      .strict()
      .safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'invalid_routing', message: issues(parsed.error) });
    const before = await loadRoutingRules(deps.pool);
    await saveRoutingRules(deps.pool, parsed.data.rules);
    await recordConfigChange(deps.pool, {
      actor: accessOf(res).actor,
      scope: 'routing',
      key: 'rules',
      before,
      after: parsed.data.rules,
    });
    const retried = await retryParked(
      deps.pool,
      deps.queue,
      { codes: FIXED_BY_ROUTING, reason: 'routing' },
      res.locals.correlationId,
    );
    res.json({ rules: parsed.data.rules, retried });
  });
}
