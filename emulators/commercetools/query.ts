import { invalidInput } from './errors.ts';
import { type Node, parsePredicate, type Vars } from './predicate.ts';
import { matches } from './predicate-eval.ts';

/**
 * Query parameters every query endpoint shares [CT traits/{query,sortable,paging,expandable}.raml]:
 * repeatable `where` (combined with AND), `var.<name>`, repeatable `sort` ("field asc|desc", nested with
 * dots), `limit` (default 20, 0–500), `offset` (0–10,000), `withTotal` (default true), `expand`. With a
 * predicate `total` is capped [reference B2, release note 2020-10-12].
 */

export interface Limits {
  defaultLimit: number;
  maxLimit: number;
  maxOffset: number;
  /** `total` of a query with a predicate never exceeds this. */
  totalCap: number;
}

export interface QuerySpec {
  where: Node[];
  sort: { path: string[]; desc: boolean }[];
  limit: number;
  offset: number;
  withTotal: boolean;
  expand: string[];
}

export interface Paged<T> {
  limit: number;
  offset: number;
  count: number;
  total?: number;
  results: T[];
}

function intParam(name: string, raw: string | null, fallback: number, max: number): number {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw invalidInput(`Malformed parameter: ${name}: must be an integer between 0 and ${max}, got '${raw}'.`);
  }
  return n;
}

export function parseQuery(params: URLSearchParams, limits: Limits): QuerySpec {
  const vars: Vars = {};
  for (const [k, v] of params) {
    if (!k.startsWith('var.')) continue;
    const name = k.slice(4);
    vars[name] = [...(vars[name] ?? []), v];
  }
  const where = params.getAll('where').map((w) => parsePredicate(w, vars));
  const sort = params.getAll('sort').map((s) => {
    const m = /^\s*([A-Za-z_][\w.-]*)\s+(asc|desc)\s*$/i.exec(s);
    if (!m?.[1] || !m[2]) throw invalidInput(`Malformed parameter: sort: '${s}' is not "<field> asc|desc".`);
    return { path: m[1].split('.'), desc: m[2].toLowerCase() === 'desc' };
  });
  const withTotalRaw = params.get('withTotal');
  if (withTotalRaw !== null && withTotalRaw !== 'true' && withTotalRaw !== 'false') {
    throw invalidInput(`Malformed parameter: withTotal: '${withTotalRaw}' is not a boolean.`);
  }
  return {
    where,
    sort,
    limit: intParam('limit', params.get('limit'), limits.defaultLimit, limits.maxLimit),
    offset: intParam('offset', params.get('offset'), 0, limits.maxOffset),
    withTotal: withTotalRaw !== 'false',
    expand: params.getAll('expand'),
  };
}

function at(value: unknown, path: string[]): unknown {
  let v = value;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function cmp(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

export function filterAll<T>(items: readonly T[], where: readonly Node[]): T[] {
  return items.filter((item) => where.every((w) => matches(w, item)));
}

/** Filter, sort (stable: insertion order breaks ties) and page `items`. */
export function runQuery<T>(items: readonly T[], q: QuerySpec, limits: Limits): Paged<T> {
  const hits = filterAll(items, q.where);
  if (q.sort.length > 0) {
    hits.sort((x, y) => {
      for (const s of q.sort) {
        const c = cmp(at(x, s.path), at(y, s.path));
        if (c !== 0) return s.desc ? -c : c;
      }
      return 0;
    });
  }
  const results = hits.slice(q.offset, q.offset + q.limit);
  const total = q.where.length > 0 ? Math.min(hits.length, limits.totalCap) : hits.length;
  return {
    limit: q.limit,
    offset: q.offset,
    count: results.length,
    ...(q.withTotal ? { total } : {}),
    results,
  };
}
