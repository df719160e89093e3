import { parseStockholm } from './clock.ts';
import { FortnoxError, KNOWN } from './errors.ts';
import type { ApiResult, ResourceDef, SearchMatch } from './resource.ts';
import type { Stored, Tenant } from './tenant.ts';
import { type Json, type Rec, str } from './values.ts';

const GLOBAL = [
  'page',
  'limit',
  'offset',
  'sortby',
  'sortorder',
  'lastmodified',
  'filter',
  'financialyear',
  'financialyeardate',
] as const;

const badParam = (): FortnoxError => new FortnoxError(400, KNOWN.invalidParam.code, KNOWN.invalidParam.message);
const badFilter = (): FortnoxError => new FortnoxError(400, KNOWN.invalidFilter.code, KNOWN.invalidFilter.message);

/** Fortnox orders ids numerically when both are numbers, else by plain string order. */
export function compareIds(a: Json | undefined, b: Json | undefined): number {
  const sa = str(a),
    sb = str(b);
  const na = Number(sa),
    nb = Number(sb);
  if (sa !== '' && sb !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function matches(m: SearchMatch, rec: Rec, value: string, t: Tenant): boolean {
  if ('fn' in m) return m.fn(rec, value, t);
  const v = rec[m.field];
  if (m.how === 'bool') return String(v === true || v === 'true') === value.toLowerCase();
  if (m.how === 'exact') return str(v).toLowerCase() === value.toLowerCase();
  // Case-insensitive substring, like SQL ILIKE '%value%' [FX-docs parameters].
  return str(v).toLowerCase().includes(value.toLowerCase());
}

function int(v: string | null, dflt: number, min: number): number {
  if (v === null) return dflt;
  if (!/^\d+$/.test(v)) throw badParam();
  return Math.max(min, Number(v));
}

/** Serves GET /3/{resource} with Fortnox's parameters, filters, search, sorting and paging. */
export function listResult(
  def: ResourceDef,
  t: Tenant,
  q: URLSearchParams,
  item: (s: Stored) => Rec,
  source?: Stored[],
): ApiResult {
  for (const name of new Set(q.keys())) {
    // Parameter names are lowercase-only; anything unknown is refused [reference §5].
    const known =
      (GLOBAL as readonly string[]).includes(name) || name in def.search || (def.passiveParams ?? []).includes(name);
    if (!known || name !== name.toLowerCase()) throw badParam();
    if (name === 'lastmodified' && def.noLastModified) throw badParam();
    if (name === 'filter' && !def.filters) throw badFilter();
  }
  let rows = source ?? def.table(t).all();
  const filters = q.getAll('filter');
  if (filters.length > 1) throw badFilter(); // only one filter at a time
  const filterName = filters[0];
  if (filterName !== undefined) {
    const f = def.filters?.[filterName];
    if (!f) throw badFilter();
    rows = rows.filter((r) => f(r.rec, t));
  }
  const since = q.get('lastmodified');
  if (since !== null) {
    const ms = parseStockholm(since);
    if (ms === undefined) throw badParam();
    rows = rows.filter((r) => r.modifiedAt >= ms);
  }
  for (const [name, m] of Object.entries(def.search)) {
    const value = q.get(name);
    if (value !== null) rows = rows.filter((r) => matches(m, r.rec, value, t));
  }
  const sortby = q.get('sortby');
  const field = sortby === null ? def.defaultSort : def.sortable[sortby];
  if (field === undefined) throw badParam();
  const order = q.get('sortorder') ?? 'ascending';
  if (order !== 'ascending' && order !== 'descending') throw badParam();
  rows.sort((a, b) => compareIds(a.rec[field], b.rec[field]) || compareIds(a.rec[def.key], b.rec[def.key]));
  if (order === 'descending') rows.reverse();
  // Observed: offset is applied before counting (offset=10000 → @TotalResources 0) [VCR projects].
  rows = rows.slice(int(q.get('offset'), 0, 0));
  const limit = Math.min(500, int(q.get('limit'), 100, 1)); // >500 clamps [unverified]
  const page = int(q.get('page'), 1, 1);
  const total = rows.length;
  return {
    status: 200,
    body: {
      MetaInformation: { '@TotalResources': total, '@TotalPages': Math.ceil(total / limit), '@CurrentPage': page },
      [def.plural]: rows.slice((page - 1) * limit, page * limit).map(item),
    },
  };
}
