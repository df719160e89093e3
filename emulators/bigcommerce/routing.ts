import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { readJson, send } from '../kit/index.ts';
import { type ApiLocals, checkScope, type Need, sendError, versionOf } from './api-gate.ts';
import { BcError, notFoundV2 } from './errors.ts';
import type { Order } from './model.ts';

/** One way to declare an API route: scope, body, the version's error shape, and 204 for "no body". */

export interface Answer {
  status: number;
  /** Undefined: no body at all (V2's empty list is a bare 204 [aligent/bigcommerce-v3-api-php-client#161]). */
  body?: unknown;
  contentType?: string;
}

export type Handler = (api: ApiLocals, req: Request, body: unknown) => Answer | Promise<Answer>;

export function on(
  router: Router,
  method: 'get' | 'post' | 'put' | 'delete',
  path: string,
  need: Need,
  handler: Handler,
) {
  router[method](path, async (req: Request, res: Response) => {
    const api = res.locals.api as ApiLocals;
    const style = versionOf(req);
    try {
      checkScope(api.account, need, req.method);
      let body: unknown;
      if (method === 'post' || method === 'put') {
        const parsed = await readJson(req);
        if (!parsed.ok) throw new BcError(400, `The request body is not valid JSON: ${parsed.error}`);
        body = parsed.value;
      }
      const answer = await handler(api, req, body);
      if (answer.body === undefined) {
        res.statusCode = answer.status;
        res.end();
        return;
      }
      send(res, answer.status, JSON.stringify(answer.body), answer.contentType ?? 'application/json');
    } catch (e) {
      if (e instanceof BcError) return sendError(res, e, style);
      throw e;
    }
  });
}

/** Zod issues as BigCommerce reports invalid input: V2 400 "The field 'x' is invalid", V3 422 with `errors`. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, version: 'v2' | 'v3'): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) errors[issue.path.join('.') || 'body'] = issue.message;
  const first = Object.entries(errors)[0];
  if (version === 'v2')
    throw new BcError(400, `The field '${first?.[0] ?? 'body'}' is invalid: ${first?.[1] ?? ''}`.trim());
  throw new BcError(422, 'JSON data is missing or invalid', { errors });
}

export const idParam = (req: Request, name: string): number => {
  const raw = req.params[name];
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : -1;
};

export function orderOr404(api: ApiLocals, req: Request, notFound: () => BcError = notFoundV2): Order {
  const o = api.store.order(idParam(req, 'orderId'));
  if (!o) throw notFound();
  return o;
}

/** V3 `meta.pagination` [BC-O3 Pagination] over an already filtered list. */
export function paginate<T>(items: T[], req: Request, defaultLimit = 50, maxLimit = 250) {
  const page = Math.max(1, Number(req.query.page ?? 1) || 1);
  const limit = Number(req.query.limit ?? defaultLimit) || defaultLimit;
  if (limit > maxLimit) throw new BcError(413, `The limit of ${maxLimit} items per page was exceeded.`);
  const totalPages = Math.max(1, Math.ceil(items.length / limit));
  const slice = items.slice((page - 1) * limit, page * limit);
  const at = (p: number) => `?page=${p}&limit=${limit}`;
  return {
    data: slice,
    pagination: {
      total: items.length,
      count: slice.length,
      per_page: limit,
      current_page: page,
      total_pages: totalPages,
      links: {
        ...(page > 1 ? { previous: at(page - 1) } : {}),
        current: at(page),
        ...(page < totalPages ? { next: at(page + 1) } : {}),
      },
    },
  };
}

/** `a,b,c` (the `:in` filters) as a list. */
export const listParam = (v: unknown): string[] =>
  typeof v === 'string' && v !== '' ? v.split(',').map((s) => s.trim()) : [];
