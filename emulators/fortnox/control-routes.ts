import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { FaultSpec } from './faults.ts';
import { readBody, send } from './http-util.ts';
import type { EmulatorState } from './state.ts';

const Advance = z.object({ ms: z.number().nonnegative().optional(), seconds: z.number().nonnegative().optional() });
const NewTenant = z.object({
  tenantId: z.number().int().positive(),
  name: z.string().min(1),
  organizationNumber: z.string().optional(),
});
const Mint = z.object({
  tenantId: z.number().int().optional(),
  clientId: z.string().optional(),
  scope: z.string().optional(),
  accountType: z.enum(['user', 'service']).optional(),
});
const Revoke = z.object({ tenantId: z.number().int(), clientId: z.string().optional() });
const Limit = z.object({
  max: z.number().int().positive().optional(),
  windowMs: z.number().int().positive().optional(),
  enabled: z.boolean().optional(),
});

const json = (res: Response, status: number, body: unknown): void =>
  send(res, status, JSON.stringify(body), 'application/json');

/**
 * /__control: test and benchmark levers. The double-underscore prefix keeps it apart from every
 * real Fortnox path (/3/, /oauth-v1/, /api/).
 */
export function controlRouter(state: EmulatorState): express.Router {
  const r = express.Router();
  const post = <T>(path: string, schema: z.ZodType<T>, run: (body: T) => unknown): void => {
    r.post(path, async (req: Request, res: Response) => {
      const raw = await readBody(req);
      let input: unknown;
      try {
        input = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        return json(res, 400, { error: 'invalid JSON' });
      }
      const parsed = schema.safeParse(input);
      if (!parsed.success) return json(res, 400, { error: z.prettifyError(parsed.error) });
      try {
        json(res, 200, run(parsed.data) ?? { ok: true });
      } catch (e) {
        json(res, 400, { error: e instanceof Error ? e.message : String(e) });
      }
    });
  };
  r.get('/state', (_req, res) =>
    json(res, 200, {
      now: new Date(state.env.clock.now()).toISOString(),
      tenants: [...state.tenants.values()].map((t) => ({ tenantId: t.id, name: t.name })),
      rateLimit: state.limiter.settings,
      faults: state.faults.pending(),
    }),
  );
  post('/clock/advance', Advance, (b) => {
    state.env.clock.advance((b.ms ?? 0) + (b.seconds ?? 0) * 1000);
    return { now: new Date(state.env.clock.now()).toISOString() };
  });
  post('/faults', FaultSpec, (f) => state.faults.add(f));
  r.get('/faults', (_req, res) => json(res, 200, state.faults.pending()));
  r.delete('/faults', (_req, res) => {
    state.faults.clear();
    json(res, 200, { ok: true });
  });
  r.get('/stats', (req, res) => {
    const q = new URL(req.originalUrl, 'http://x').searchParams.get('tenantId');
    json(
      res,
      200,
      q === null ? { total: state.stats.total(), tenants: state.stats.get() } : state.stats.get(Number(q)),
    );
  });
  post('/stats/reset', z.object({}), () => state.stats.reset());
  post('/tenants', NewTenant, (b) => {
    const t = state.createTenant(b);
    return { tenantId: t.id, name: t.name };
  });
  post('/tokens', Mint, (b) => state.mintToken(b));
  post('/consents/revoke', Revoke, (b) => ({ revoked: state.oauth.revokeConsent(b.tenantId, b.clientId) }));
  post('/rate-limit', Limit, (b) => {
    Object.assign(state.limiter.settings, b);
    state.limiter.reset();
    return state.limiter.settings;
  });
  return r;
}
