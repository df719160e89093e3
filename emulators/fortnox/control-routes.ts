import type express from 'express';
import { z } from 'zod';
import { controlRouter as kitControlRouter, sendJson } from '../kit/index.ts';
import { FortnoxFault } from './faults.ts';
import type { EmulatorState } from './state.ts';

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

/**
 * /__control: the kit's standard levers (state, clock, faults, seed, stats) plus Fortnox's own
 * (tenants, tokens, consents, rate limit). Fortnox's older shapes keep working: a fault may name
 * `tenantId` (the kit's `scope`), and `GET /stats[?tenantId=]` answers `{ total, tenants }`.
 */
export function controlRouter(state: EmulatorState): express.Router {
  return kitControlRouter(
    {
      clock: state.env.clock,
      faults: state.faults,
      stats: state.stats,
      state: () => ({
        tenants: [...state.tenants.values()].map((t) => ({ tenantId: t.id, name: t.name })),
        rateLimit: state.limiter.settings,
        faults: state.faults.pending(),
      }),
      override: (post, router) => {
        post('/faults', FortnoxFault, (f) => state.faults.add(f));
        router.get('/stats', (req, res, next) => {
          const tenantId = typeof req.query.tenantId === 'string' ? req.query.tenantId : undefined;
          if (tenantId !== undefined) return sendJson(res, 200, state.stats.get(tenantId));
          if (typeof req.query.scope === 'string') return next();
          const all = state.stats.all();
          sendJson(res, 200, { total: state.stats.total(), tenants: all, scopes: all });
        });
      },
    },
    (post) => {
      post('/tenants', NewTenant, (b) => {
        const t = state.createTenant(b);
        return { tenantId: t.id, name: t.name };
      });
      post('/tokens', Mint, (b) => state.mintToken(b));
      post('/consents/revoke', Revoke, (b) => ({ revoked: state.oauth.revokeConsent(b.tenantId, b.clientId) }));
      post('/rate-limit', Limit, (b) => state.limiter.update(b));
    },
  );
}
