// /__control: the handle over HTTP, for the demo, the benchmark and other-process tests.

import type { Request, Response, Router } from 'express';
import express from 'express';
import { z } from 'zod';
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

export function controlApi(handle: SalesforceEmulatorHandle): Router {
  const router = express.Router();
  router.use(express.json());
  router.get('/counters', (_req, res) => {
    res.json(handle.counters());
  });
  router.post('/counters/reset', (_req, res) => {
    handle.resetCounters();
    res.status(204).end();
  });
  router.post('/clock/advance', (req, res) => {
    const body = parse(z.object({ ms: z.number().min(0) }), req, res);
    if (body) {
      handle.clock.advance(body.ms);
      res.json({ now: new Date(handle.clock.now()).toISOString() });
    }
  });
  router.post('/faults', (req, res) => {
    const body = parse(FaultsBody, req, res);
    if (!body) return;
    const f = handle.faults;
    if (body.serverErrors !== undefined) f.serverErrors = body.serverErrors;
    if (body.serverErrorStatus !== undefined) f.serverErrorStatus = body.serverErrorStatus;
    if (body.requestLimitExceeded !== undefined) f.requestLimitExceeded = body.requestLimitExceeded;
    if (body.lockNextWrites !== undefined) f.lockNextWrites = body.lockNextWrites;
    if (body.rejectHandshakes !== undefined) f.rejectHandshakes = body.rejectHandshakes;
    for (const id of body.lockIds ?? []) f.lockedIds.add(id);
    if (body.validation)
      f.validationRules.set(body.validation.id, {
        message: body.validation.message,
        fields: body.validation.fields ?? [],
      });
    res.status(204).end();
  });
  router.delete('/faults', (_req, res) => {
    handle.faults.clear();
    res.status(204).end();
  });
  router.post('/sessions/expire', (_req, res) => {
    handle.expireSessions();
    res.status(204).end();
  });
  router.post('/streaming/drop', (req, res) => {
    const body = parse(z.object({ mode: z.enum(['unknown-client', 'kill-sockets']).optional() }), req, res);
    if (body) res.json({ dropped: handle.dropStreamingClients(body.mode) });
  });
  router.post('/events/gap', (req, res) => {
    const body = parse(Gap, req, res);
    if (!body) return;
    if (body.changeType === 'GAP_OVERFLOW') handle.publishOverflow(body.entity);
    else handle.publishGap(body.entity, body.changeType, body.recordIds);
    res.status(204).end();
  });
  router.post('/records/:type', (req, res) => {
    res
      .status(201)
      .json({ id: handle.insert(String(req.params.type), z.record(z.string(), z.unknown()).parse(req.body)) });
  });
  router.patch('/records/:type/:id', (req, res) => {
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
  return router;
}
