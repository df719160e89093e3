import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Clock } from './clock.ts';
import { type Compact, compact } from './compact.ts';
import { FaultSpec, type Faults } from './faults.ts';
import { readJson, sendJson } from './http.ts';
import type { RequestStats } from './stats.ts';

/**
 * `/__control`: the levers tests, the demo, the benchmark and the fault suite pull, with the same
 * routes in every emulator (the double-underscore prefix keeps it apart from every real path):
 *
 *   GET    /__control/state            what the emulator holds (its own summary) and the clock
 *   POST   /__control/clock/advance    {ms} or {seconds}: move the emulator's clock forward
 *   GET    /__control/faults           armed faults;  POST one (FaultSpec);  DELETE clears them
 *   POST   /__control/faults/seed      {seed}: reseed the generator behind `probability`
 *   GET    /__control/stats            request counters per scope;  POST /stats/reset
 *
 * Each emulator adds its own levers with `post(path, schema, run)` (create a tenant, ring up a sale…).
 */

export interface ControlKit {
  clock: Clock;
  faults: Faults;
  stats: RequestStats;
  /** The emulator's own summary for GET /state. */
  state?: () => Record<string, unknown>;
  /** Extra reset work for POST /stats/reset (e.g. an API-usage counter). */
  resetStats?: () => void;
  /**
   * Routes mounted before the standard ones, for an emulator whose older `/__control` shape of a
   * standard route must keep working (e.g. `POST /faults` with its own body, `GET /stats?tenantId=`).
   */
  override?: (post: ControlPost, router: Router) => void;
}

/** The handler gets the body with absent optional fields absent (not `undefined`), see compact(). */
export type ControlPost = <T extends object>(
  path: string,
  schema: z.ZodType<T>,
  run: (body: Compact<T>) => unknown,
) => void;

const Advance = z.object({ ms: z.number().nonnegative().optional(), seconds: z.number().nonnegative().optional() });

export function controlRouter(kit: ControlKit, extend?: (post: ControlPost, router: Router) => void): Router {
  const router = express.Router();
  const post: ControlPost = (path, schema, run) => {
    router.post(path, async (req: Request, res: Response) => {
      const body = await readJson(req);
      if (!body.ok) return sendJson(res, 400, { error: `invalid JSON: ${body.error}` });
      const parsed = schema.safeParse(body.value);
      if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
      try {
        sendJson(res, 200, (await run(compact(parsed.data))) ?? { ok: true });
      } catch (e) {
        sendJson(res, 400, { error: e instanceof Error ? e.message : String(e) });
      }
    });
  };
  kit.override?.(post, router);
  router.get('/state', (_req, res) => sendJson(res, 200, { now: kit.clock.date().toISOString(), ...kit.state?.() }));
  post('/clock/advance', Advance, (b) => ({
    now: new Date(kit.clock.advance((b.ms ?? 0) + (b.seconds ?? 0) * 1000)).toISOString(),
  }));
  post('/faults', FaultSpec, (f) => kit.faults.add(f));
  post('/faults/seed', z.object({ seed: z.number().int() }), (b) => kit.faults.reseed(b.seed));
  router.get('/faults', (_req, res) => sendJson(res, 200, { faults: kit.faults.pending(), hits: kit.faults.hits }));
  router.delete('/faults', (_req, res) => {
    kit.faults.clear();
    sendJson(res, 200, { ok: true });
  });
  router.get('/stats', (req, res) => {
    const scope = typeof req.query.scope === 'string' ? req.query.scope : undefined;
    sendJson(
      res,
      200,
      scope === undefined ? { total: kit.stats.total(), scopes: kit.stats.all() } : kit.stats.get(scope),
    );
  });
  post('/stats/reset', z.object({}).loose(), () => {
    kit.stats.reset();
    kit.resetStats?.();
  });
  extend?.(post, router);
  return router;
}
