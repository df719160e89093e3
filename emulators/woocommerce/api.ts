import express, { type Request, type Response } from 'express';
import { type NestedValue, parseNestedParams, readBody } from '../kit/index.ts';
import type { WooAuth } from './auth.ts';
import { noRoute, notAllowed, sendWoo, sendWooError, WooError } from './errors.ts';
import type { ApiKey } from './options.ts';
import type { RenderContext } from './order-json.ts';
import type { WooStore } from './store.ts';
import type { WooWebhooks } from './webhooks.ts';

/**
 * The REST server in front of every `/wp-json/wc/v3/` route, in WordPress's order: authentication
 * errors first (`rest_authentication_errors`), then the key's read/write permission
 * (`rest_pre_dispatch`), then route matching (`rest_no_route`), then the route's own permission
 * check (nobody authenticated → 401), then the handler. What the handler fired goes to the webhook
 * queue when it is done, as WooCommerce queues deliveries at `shutdown`.
 */

export interface Call {
  ctx: RenderContext;
  params: number[];
  query: Record<string, NestedValue>;
  body: Record<string, unknown>;
  key: ApiKey;
  method: string;
  url: URL;
  res: Response;
}

export interface Answer {
  status: number;
  body: unknown;
}

export interface Route {
  methods: string[];
  /** Path under `/wp-json/wc/v3`, ids as `(\d+)`. */
  path: RegExp;
  collection: boolean;
  run: (call: Call) => Answer;
}

export interface ApiEnv {
  store: WooStore;
  auth: WooAuth;
  webhooks: WooWebhooks;
  routes: Route[];
}

const EDIT = ['PUT', 'PATCH', 'POST'];
export const ok = (body: unknown, status = 200): Answer => ({ status, body });
export const route = (methods: string[] | 'edit', path: string, collection: boolean, run: Route['run']): Route => ({
  methods: methods === 'edit' ? EDIT : methods,
  path: new RegExp(`^${path.replace(/:id/g, '(\\d+)')}/?$`),
  collection,
  run,
});

/** `force` from the query or the body, as WordPress reads a boolean argument. */
export const forced = (call: Call): boolean => {
  const v = call.query.force ?? call.body.force;
  return v === true || v === 'true' || v === '1';
};

function parseBody(raw: string, contentType: string): { body: Record<string, unknown>; form: [string, string][] } {
  if (raw.trim() === '') return { body: {}, form: [] };
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form = [...new URLSearchParams(raw)];
    return { body: parseNestedParams(form), form };
  }
  try {
    const value: unknown = JSON.parse(raw);
    return { body: typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}, form: [] };
  } catch (e) {
    throw new WooError(400, 'rest_invalid_json', 'Invalid JSON body passed.', {
      json_error_code: 4,
      json_error_message: e instanceof Error ? e.message : 'Syntax error',
    });
  }
}

function index(site: string): Record<string, unknown> {
  return {
    namespace: 'wc/v3',
    routes: Object.fromEntries(
      ['orders', 'customers', 'products', 'taxes', 'coupons', 'webhooks'].map((r) => [
        `/wc/v3/${r}`,
        { namespace: 'wc/v3', methods: ['GET', 'POST'], _links: { self: [{ href: `${site}/wp-json/wc/v3/${r}` }] } },
      ]),
    ),
  };
}

export function wooApi(env: ApiEnv): express.Router {
  const router = express.Router();
  router.use(async (req: Request, res: Response) => {
    const { store, auth, webhooks } = env;
    const site = auth.homeUrl(req);
    const url = new URL(req.originalUrl, site);
    const sub = url.pathname.replace(/^\/wp-json\/wc\/v3/, '');
    const dp = Number(url.searchParams.get('dp') ?? 2);
    const ctx: RenderContext = { store, site, dp: Number.isInteger(dp) && dp >= 0 && dp <= 6 ? dp : 2 };
    try {
      if (!url.pathname.startsWith('/wp-json/wc/v3')) throw noRoute();
      if ((sub === '' || sub === '/') && req.method === 'GET') return sendWoo(res, 200, index(site));
      const { body, form } = parseBody(await readBody(req), String(req.headers['content-type'] ?? ''));
      const outcome = auth.authenticate(req, form);
      if (outcome.error) throw outcome.error;
      const refused = outcome.key ? auth.permitted(outcome.key, req.method) : undefined;
      if (refused) throw refused;
      let params: number[] = [];
      const found = env.routes.find((r) => {
        const m = r.path.exec(sub);
        if (!m || !r.methods.includes(req.method)) return false;
        params = m.slice(1).map(Number);
        return true;
      });
      if (!found) throw noRoute();
      if (!outcome.key) throw notAllowed(req.method, found.collection);
      const query = parseNestedParams(url.searchParams);
      const answer = found.run({ ctx, params, query, body, key: outcome.key, method: req.method, url, res });
      webhooks.flush();
      sendWoo(res, answer.status, answer.body);
    } catch (e) {
      store.takeFired();
      if (e instanceof WooError) return sendWooError(res, e);
      throw e;
    }
  });
  return router;
}
