import type { Router } from 'express';
import { z } from 'zod';
import {
  controlRouter,
  type Faults,
  queryOf,
  type RequestStats,
  type SlidingWindowLimiter,
  sendJson,
} from '../kit/index.ts';
import { correct } from './corrections.ts';
import type { OAuthStore } from './oauth-store.ts';
import { CorrectionInput, SaleInput } from './sale-input.ts';
import type { LightspeedState } from './state.ts';

/**
 * `/__control`: the kit's routes (state, clock, faults, stats) plus the till's own levers — ring up
 * a sale, take one back, correct a closed day, close the day, read a day, mint/expire/revoke tokens,
 * add businesses and locations, the rate limit. Every lever is also a method on the handle
 * (`index.ts`); README "Control API" lists them with their bodies.
 */

export interface ControlContext {
  state: LightspeedState;
  oauth: OAuthStore;
  faults: Faults;
  stats: RequestStats;
  limiter: SlidingWindowLimiter;
}

const Where = z.object({ location: z.number().int().positive().optional(), date: z.iso.date().optional() });
const Refund = z.object({
  sale: z.string().min(1),
  location: z.number().int().positive().optional(),
  register: z.union([z.number().int().positive(), z.string().min(1)]).optional(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.union([z.number(), z.string()]).optional() })).optional(),
  method: z.string().optional(),
  reason: z.string().max(100).optional(),
});
const Location = z.object({
  business: z.number().int().positive(),
  blID: z.number().int().positive().optional(),
  blName: z.string().min(1).max(100),
  timezone: z.string().optional(),
  startOfDay: z.string().optional(),
  closingTime: z.string().optional(),
  registers: z.array(z.string().min(1).max(40)).min(1).max(20).optional(),
});

export function buildControlRouter(c: ControlContext): Router {
  const { state, oauth } = c;
  return controlRouter(
    { clock: state.clock, faults: c.faults, stats: c.stats, state: () => state.summary() },
    (post, router) => {
      post('/sales', SaleInput, (body) => {
        const s = state.ringUp(body);
        return { location: s.location, businessDate: s.businessDate, sale: s.sale };
      });
      post('/returns', Refund, (body) => {
        const s = correct(state, { kind: 'refund', ...body });
        return { location: s.location, businessDate: s.businessDate, sale: s.sale };
      });
      post('/corrections', CorrectionInput, (body) => {
        const s = correct(state, body);
        return { location: s.location, businessDate: s.businessDate, sale: s.sale };
      });
      post('/days/close', Where, (b) => state.closeDay(b.location, b.date));
      router.get('/days', (req, res) => {
        const q = queryOf(req.originalUrl);
        try {
          const location = state.location(q.get('location') ? Number(q.get('location')) : undefined);
          sendJson(res, 200, state.dayInfo(location.blID, q.get('date') ?? state.openDay(location.blID)));
        } catch (e) {
          sendJson(res, 400, { error: e instanceof Error ? e.message : String(e) });
        }
      });
      post('/tokens', z.object({ clientId: z.string().optional(), scope: z.string().optional() }), (b) =>
        oauth.mint(b.clientId, b.scope),
      );
      post('/tokens/expire', z.object({ kind: z.enum(['access', 'refresh', 'all']).default('access') }), (b) => ({
        expired: oauth.expire(b.kind),
      }));
      post('/tokens/revoke', z.object({ clientId: z.string().optional() }), (b) => ({
        revoked: oauth.revoke(b.clientId),
      }));
      post(
        '/businesses',
        z.object({ businessId: z.number().int().positive().optional(), businessName: z.string().min(1) }),
        (b) => {
          const business = state.addBusiness(b);
          return { businessId: business.businessId, businessName: business.businessName };
        },
      );
      post('/locations', Location, ({ business, ...init }) => {
        const l = state.addLocation(business, init);
        return {
          blID: l.blID,
          blName: l.blName,
          registers: l.registers.map((r) => ({ deviceId: r.deviceId, deviceName: r.deviceName })),
        };
      });
      post(
        '/rate-limit',
        z.object({
          max: z.number().int().positive().optional(),
          windowMs: z.number().int().positive().optional(),
          enabled: z.boolean().optional(),
        }),
        (b) => c.limiter.update(b),
      );
    },
  );
}
