import express, { type NextFunction, type Request, type Response } from 'express';
import { bearer, queryOf, type SlidingWindowLimiter, sendJson } from '../kit/index.ts';
import { badRequest, errorResponse, unauthorized, write } from './errors.ts';
import type { Location } from './location.ts';
import type { OAuthStore } from './oauth-store.ts';
import { FINANCIAL_SCOPE } from './options.ts';
import { salesDaily, salesRange } from './sales-routes.ts';
import type { LightspeedState } from './state.ts';

/**
 * The Financial API under `/f` (spec `lightspeed-financial-api-openapi.yml` for v1 data and
 * finance, `lightspeed-financialv2-api-openapi.yml` for `/f/v2`): every route needs a Bearer
 * token with the `financial-api` scope. The HAL-style lists (`_embedded.<name>List`, `_links.self`)
 * are v1's; the v2 sales endpoints answer plain objects.
 */

export interface ApiContext {
  state: LightspeedState;
  oauth: OAuthStore;
  limiter: SlidingWindowLimiter;
  baseUrl: () => string;
}

export function apiRouter(ctx: ApiContext): express.Router {
  const r = express.Router();
  r.use((req: Request, res: Response, next: NextFunction) => {
    const check = ctx.oauth.check(bearer(req));
    if (!check.ok) return write(res, unauthorized(req.originalUrl, check.reason ?? 'unknown'));
    if (!check.scope?.includes(FINANCIAL_SCOPE)) return write(res, errorResponse(403, req.originalUrl));
    const limit = ctx.limiter.take(check.clientId ?? '');
    if (!limit.allowed) {
      return write(
        res,
        errorResponse(429, req.originalUrl, { 'Retry-After': String(Math.ceil(limit.resetMs / 1000)) }),
      );
    }
    next();
  });

  r.get('/data/businesses', (req: Request, res: Response) => {
    const q = queryOf(req.originalUrl);
    const page = intParam(q.get('page'), 0);
    const size = intParam(q.get('size'), 1000);
    if (page === undefined || size === undefined || size < 1)
      return write(res, badRequest('page and size must be integers (size ≥ 1)'));
    const list = ctx.state.businesses.slice(page * size, (page + 1) * size).map((b) => ({
      businessName: b.businessName,
      businessId: b.businessId,
      currencyCode: b.currencyCode,
      // "The maximum number of business locations per business returned is 500."
      businessLocations: b.locations.slice(0, 500).map((l) => ({
        blName: l.blName,
        blID: l.blID,
        country: l.country,
        timezone: l.timezone,
      })),
    }));
    sendJson(res, 200, {
      _embedded: { businessList: list },
      _links: { self: { href: `${ctx.baseUrl()}/f/data/businesses` } },
    });
  });

  r.get('/finance/:blId/tax-rates', (req, res) =>
    withLocation(ctx, req, res, (l) =>
      hal(
        res,
        ctx,
        req,
        'taxRateList',
        l.catalog.taxRates.map((t) => ({
          code: t.code,
          description: t.description,
          rate: Number((100 + Number(t.percent)) / 100),
          taxIncluded: true,
          accountingReference: t.accountingReference,
        })),
      ),
    ),
  );
  r.get('/finance/:blId/paymentMethods', (req, res) =>
    withLocation(ctx, req, res, (l) =>
      hal(
        res,
        ctx,
        req,
        'paymentMethodList',
        l.catalog.paymentMethods.map((p) => ({
          name: p.name,
          code: p.code,
          accountingReference: p.accountingReference,
          pmId: p.pmId,
        })),
      ),
    ),
  );
  r.get('/finance/:blId/accountingGroups', (req, res) =>
    withLocation(ctx, req, res, (l) =>
      hal(
        res,
        ctx,
        req,
        'accountingGroupList',
        l.catalog.accountingGroups.map((g) => ({
          accountingGroupId: g.accountingGroupId,
          name: g.name,
          // a JSON document inside a string, exactly as the spec's example shows it
          statisticGroup: JSON.stringify([{ category: 'default', value: g.name }]),
          code: g.code,
        })),
      ),
    ),
  );
  r.get('/v2/business-location/:blId/sales-daily', (req, res) =>
    withLocation(ctx, req, res, (l) => salesDaily(ctx, l, req, res)),
  );
  r.get('/v2/business-location/:blId/sales', (req, res) =>
    withLocation(ctx, req, res, (l) => salesRange(ctx, l, req, res)),
  );
  r.use((req: Request, res: Response) => write(res, errorResponse(404, req.originalUrl)));
  return r;
}

function hal(res: Response, ctx: ApiContext, req: Request, name: string, list: unknown[]): void {
  const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
  sendJson(res, 200, { _embedded: { [name]: list }, _links: { self: { href: `${ctx.baseUrl()}${path}` } } });
}

/** The location in the path, which the token must be able to see (unknown ids answer 403, not 404: ids are global). */
function withLocation(ctx: ApiContext, req: Request, res: Response, run: (l: Location) => void): void {
  const raw = String(req.params.blId ?? '');
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    return write(
      res,
      badRequest(
        `Failed to convert value of type 'java.lang.String' to required type 'long'; For input string: "${raw}"`,
      ),
    );
  }
  const location = ctx.state.locations().find((l) => l.blID === Number(raw));
  if (!location) return write(res, errorResponse(403, req.originalUrl));
  run(location);
}

function intParam(v: string | null, fallback: number): number | undefined {
  if (v === null || v === '') return fallback;
  return /^\d+$/.test(v) ? Number(v) : undefined;
}
