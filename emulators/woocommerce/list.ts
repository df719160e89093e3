import type { Response } from 'express';
import type { NestedValue } from '../kit/index.ts';
import { invalidParams } from './errors.ts';
import { parseFilterDate } from './values.ts';

/**
 * Collection parameters and paging as `WC_REST_CRUD_Controller::get_items` answers them: `page`,
 * `per_page` (1–100, else a 400), `offset`, `order`, `orderby`, `include`/`exclude`, `search`, the
 * date filters (`after`/`before` on creation, `modified_after`/`modified_before`, site-local unless
 * `dates_are_gmt`), `X-WP-Total`, `X-WP-TotalPages` and a `Link` header with `prev`/`next`.
 */
export interface ListQuery {
  page: number;
  perPage: number;
  offset: number;
  order: 'asc' | 'desc';
  orderby: string;
  search: string;
  include: number[];
  exclude: number[];
  after?: number;
  before?: number;
  modifiedAfter?: number;
  modifiedBefore?: number;
}

const str = (v: NestedValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** A list parameter given as `a,b`, `x[]=a&x[]=b` or `x[0]=a`. */
export function listParam(v: NestedValue | undefined): string[] {
  if (v === undefined) return [];
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  if (Array.isArray(v)) return v.flatMap((x) => listParam(x));
  return Object.values(v).flatMap((x) => listParam(x));
}

export function parseList(
  q: Record<string, NestedValue>,
  o: { perPageMax: number; orderby: string[]; timezone: string },
): ListQuery {
  const problems: Record<string, string> = {};
  const int = (name: string, fallback: number, min: number, max = Number.POSITIVE_INFINITY): number => {
    const raw = str(q[name]);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n)) problems[name] = `${name} is not of type integer.`;
    else if (n < min || n > max) {
      problems[name] = Number.isFinite(max)
        ? `${name} must be between ${min} (inclusive) and ${max} (inclusive)`
        : `${name} must be greater than or equal to ${min}`;
    }
    return n;
  };
  const order = str(q.order) ?? 'desc';
  if (order !== 'asc' && order !== 'desc') problems.order = 'order is not one of asc, desc.';
  const orderby = str(q.orderby) ?? o.orderby[0] ?? 'date';
  if (!o.orderby.includes(orderby)) problems.orderby = `orderby is not one of ${o.orderby.join(', ')}.`;
  const gmt = str(q.dates_are_gmt) === 'true' || str(q.dates_are_gmt) === '1';
  const date = (name: string): number | undefined => {
    const raw = str(q[name]);
    if (raw === undefined) return undefined;
    const at = parseFilterDate(raw, o.timezone, gmt);
    if (at === undefined) problems[name] = 'Invalid date.';
    return at;
  };
  const ids = (name: string): number[] => listParam(q[name]).map(Number).filter(Number.isInteger);
  const query: ListQuery = {
    page: int('page', 1, 1),
    perPage: int('per_page', 10, 1, o.perPageMax),
    offset: int('offset', 0, 0),
    order,
    orderby,
    search: str(q.search) ?? '',
    include: ids('include'),
    exclude: ids('exclude'),
    after: date('after'),
    before: date('before'),
    modifiedAfter: date('modified_after'),
    modifiedBefore: date('modified_before'),
  } as ListQuery;
  if (Object.keys(problems).length > 0) throw invalidParams(problems);
  return query;
}

/** The date and include filters every dated resource shares. */
export function passesCommon(q: ListQuery, r: { id: number; created: number; modified: number }): boolean {
  if (q.include.length > 0 && !q.include.includes(r.id)) return false;
  if (q.exclude.includes(r.id)) return false;
  if (q.after !== undefined && !(r.created > q.after)) return false;
  if (q.before !== undefined && !(r.created < q.before)) return false;
  if (q.modifiedAfter !== undefined && !(r.modified > q.modifiedAfter)) return false;
  if (q.modifiedBefore !== undefined && !(r.modified < q.modifiedBefore)) return false;
  return true;
}

export function sortBy<T>(items: T[], q: ListQuery, key: (item: T) => number | string): T[] {
  const dir = q.order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -dir : x > y ? dir : 0;
  });
}

/** One page, with the headers; credentials are left out of the `Link` URLs. */
export function paginate<T>(res: Response, q: ListQuery, items: T[], url: URL): T[] {
  const total = items.length;
  const pages = Math.ceil(total / q.perPage);
  const start = q.offset > 0 ? q.offset : (q.page - 1) * q.perPage;
  // `add_query_arg($request->get_query_params())`: PHP's parsed query, so a repeated key appears once.
  const base = new URL(url.pathname, url);
  for (const [k, v] of new Map(url.searchParams)) {
    if (!k.startsWith('oauth_') && !k.startsWith('consumer_')) base.searchParams.set(k, v);
  }
  const at = (page: number): string => {
    base.searchParams.set('page', String(page));
    return `<${base.toString()}>`;
  };
  const links: string[] = [];
  if (q.page > 1) links.push(`${at(Math.min(q.page - 1, Math.max(pages, 1)))}; rel="prev"`);
  if (pages > q.page) links.push(`${at(q.page + 1)}; rel="next"`);
  res.setHeader('X-WP-Total', String(total));
  res.setHeader('X-WP-TotalPages', String(pages));
  if (links.length > 0) res.setHeader('Link', links.join(', '));
  return items.slice(start, start + q.perPage);
}
