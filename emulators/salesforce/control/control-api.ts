// /__control: the handle over HTTP, for the demo, the benchmark and other-process tests — the
// kit's standard routes (state, clock, faults, seed, stats) plus Salesforce's own levers. Salesforce's
// older POST /faults body (budgets, locks, validation rules) still works beside the kit's FaultSpec.

import type { Request, Response, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import { type Clock, controlRouter, FaultSpec, type RequestStats } from '../../kit/index.ts';
import { SfError } from '../data/sf-error.ts';
import type { SalesforceEmulatorHandle } from './handle.ts';

const FaultsBody = z.object({
  serverErrors: z.number().int().min(0).optional(),
  serverErrorStatus: z.union([z.literal(500), z.literal(503)]).optional(),
  requestLimitExceeded: z.number().int().min(0).optional(),
  lockNextWrites: z.number().int().min(0).optional(),
  lockIds: z.array(z.string()).optional(),
  rejectHandshakes: z.number().int().min(0).optional(),
  validation: z.object({ id: z.string(), message: z.string(), fields: z.array(z.string()).optional() }).optional(),
});
const Gap = z.object({
  entity: z.string(),
  changeType: z.enum(['GAP_CREATE', 'GAP_UPDATE', 'GAP_DELETE', 'GAP_UNDELETE', 'GAP_OVERFLOW']),
  recordIds: z.array(z.string()).default([]),
});

function parse<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) res.status(400).json({ error: z.prettifyError(parsed.error) });
  return parsed.success ? parsed.data : undefined;
}

function applyBudgets(handle: SalesforceEmulatorHandle, body: z.infer<typeof FaultsBody>): void {
  const f = handle.faults;
  if (body.serverErrorStatus !== undefined) f.serverErrorStatus = body.serverErrorStatus;
  if (body.serverErrors !== undefined) f.serverErrors = body.serverErrors;
  if (body.requestLimitExceeded !== undefined) f.requestLimitExceeded = body.requestLimitExceeded;
  if (body.lockNextWrites !== undefined) f.lockNextWrites = body.lockNextWrites;
  if (body.rejectHandshakes !== undefined) f.rejectHandshakes = body.rejectHandshakes;
  for (const id of body.lockIds ?? []) f.lockedIds.add(id);
  if (body.validation)
    f.validationRules.set(body.validation.id, {
      message: body.validation.message,
      fields: body.validation.fields ?? [],
    });
}

export function controlApi(handle: SalesforceEmulatorHandle, kit: { clock: Clock; stats: RequestStats }): Router {
  return controlRouter(
    {
      clock: kit.clock,
      faults: handle.faults.kit,
      stats: kit.stats,
      state: () => ({ counters: handle.counters(), faults: handle.faults.kit.pending() }),
      resetStats: () => handle.resetCounters(),
      override: (_post, router) => {
        // A body with `kind` is the kit's FaultSpec; anything else is Salesforce's budget body (204).
        router.post('/faults', express.json({ type: () => true }), (req, res) => {
          if (req.body && typeof req.body === 'object' && 'kind' in req.body) {
            const spec = FaultSpec.safeParse(req.body);
            if (!spec.success) return void res.status(400).json({ error: z.prettifyError(spec.error) });
            return void res.json(handle.faults.kit.add(spec.data));
          }
          const body = parse(FaultsBody, req, res);
          if (!body) return;
          applyBudgets(handle, body);
          res.status(204).end();
        });
        router.delete('/faults', (_req, res) => {
          handle.faults.clear();
          res.status(204).end();
        });
      },
    },
    (_post, router) => ownRoutes(handle, router),
  );
}

function ownRoutes(handle: SalesforceEmulatorHandle, router: Router): void {
  router.get('/counters', (_req, res) => {
    res.json(handle.counters());
  });
  router.post('/counters/reset', (_req, res) => {
    handle.resetCounters();
    res.status(204).end();
  });
  router.post('/sessions/expire', (_req, res) => {
    handle.expireSessions();
    res.status(204).end();
  });
  router.post('/streaming/drop', express.json(), (req, res) => {
    const body = parse(z.object({ mode: z.enum(['unknown-client', 'kill-sockets']).optional() }), req, res);
    if (body) res.json({ dropped: handle.dropStreamingClients(body.mode) });
  });
  router.post('/events/gap', express.json(), (req, res) => {
    const body = parse(Gap, req, res);
    if (!body) return;
    if (body.changeType === 'GAP_OVERFLOW') handle.publishOverflow(body.entity);
    else handle.publishGap(body.entity, body.changeType, body.recordIds);
    res.status(204).end();
  });
  router.post('/records/:type', express.json(), (req, res) => {
    res
      .status(201)
      .json({ id: handle.insert(String(req.params.type), z.record(z.string(), z.unknown()).parse(req.body)) });
  });
  router.patch('/records/:type/:id', express.json(), (req, res) => {
    handle.update(String(req.params.type), String(req.params.id), z.record(z.string(), z.unknown()).parse(req.body));
    res.status(204).end();
  });
  router.delete('/records/:type/:id', (req, res) => {
    handle.delete(String(req.params.type), String(req.params.id));
    res.status(204).end();
  });
  router.post('/records/:id/undelete', (req, res) => {
    handle.undelete(String(req.params.id));
    res.status(204).end();
  });
  router.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    if (err instanceof SfError) res.status(err.status).json(err.body());
    else res.status(400).json({ error: err instanceof Error ? err.message : String(err) });
  });
}
