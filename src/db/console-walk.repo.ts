import type { Queryable } from './connection.ts';
import {
  CONSOLE_COLUMNS,
  type ConsoleRecord,
  type Cursor,
  filterClause,
  type RecordFilter,
  type Row,
  toConsoleRecord,
} from './console-records.repo.ts';

/**
 * Filters that no single index answers (kind; or source and company and state together). Left to
 * the planner, a combination that matches little — "this shop's records in that company", when the
 * shop sends everything to another — walks the whole million-row change index (measured: 0.4–1.5 s).
 * Instead the walk goes window by window along the most selective index the filter has, checking
 * the rest, and stops when the page is full, the index range ends, or the time budget is spent; a
 * page cut short says how far back it looked and continues from exactly there.
 */

const WINDOW = 2000;
/** What the rest of the filter (and a search) looks at; the page's own columns are read for its rows only. */
const WALK_COLUMNS = `id, updated_at, source_system, source_connection, source_id, source_label, source_number, tenant_id,
  state, document_kind, fortnox_number, fortnox_reference`;
/** Most of "well under 100 ms": a page that would take longer is returned short, with its place kept. */
export const WALK_BUDGET_MS = 40;

/** The column whose index drives the walk: state (the rare "needs attention"), company, source. */
function driver(filter: RecordFilter): RecordFilter {
  if (filter.state) return { state: filter.state };
  if (filter.tenant) return { tenant: filter.tenant };
  if (filter.system) return { system: filter.system, ...(filter.connection ? { connection: filter.connection } : {}) };
  return {};
}

/** Whether one index answers the filter exactly (its equality columns lead it; dates are its order). */
export function singleIndexFilter(filter: RecordFilter): boolean {
  const eq = (['system', 'connection', 'tenant', 'state', 'kind'] as const).filter((k) => filter[k]);
  if (eq.length === 0) return true;
  if (eq.length === 1) return eq[0] === 'state' || eq[0] === 'tenant' || eq[0] === 'system';
  return eq.length === 2 && eq.includes('system') && eq.includes('connection');
}

export interface WalkedPage {
  records: ConsoleRecord[];
  next: Cursor | undefined;
  /** Set when the page stopped short: every record changed after this was looked at. */
  searchedBackTo: Date | undefined;
}

export async function walkConsoleRecords(
  db: Queryable,
  filter: RecordFilter,
  options: { after?: Cursor; limit: number },
): Promise<WalkedPage> {
  const started = performance.now();
  const drive = driver(filter);
  const found: Row[] = [];
  let cursor = options.after;
  for (;;) {
    const window = filterClause({ ...drive, ...pick(filter, 'from', 'to') }, cursor);
    const rest = filterClause(filter);
    const offset = window.params.length;
    const restWhere = rest.where.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`);
    const values = [...window.params, ...rest.params, WINDOW, options.limit + 1 - found.length];
    const { rows } = await db.query<Row & { scanned: number; end_at: string | null; end_id: string | null }>(
      `WITH w AS MATERIALIZED (SELECT ${WALK_COLUMNS} FROM sync_records WHERE ${window.where}
                                 ORDER BY updated_at DESC, id DESC LIMIT $${offset + rest.params.length + 1}),
            last AS (SELECT updated_at::text AS end_at, id AS end_id FROM w ORDER BY updated_at, id LIMIT 1)
       SELECT (SELECT count(*)::int FROM w) AS scanned, last.end_at, last.end_id, page.*
         FROM (SELECT 1) one LEFT JOIN last ON true
         LEFT JOIN LATERAL (SELECT ${CONSOLE_COLUMNS} FROM sync_records WHERE id IN (
                              SELECT id FROM w WHERE ${restWhere} ORDER BY updated_at DESC, id DESC LIMIT $${values.length})) page ON true
        ORDER BY page.updated_at DESC, page.id DESC`,
      values,
    );
    found.push(...rows.filter((r) => r.id !== null));
    const head = rows[0];
    const exhausted = (head?.scanned ?? 0) < WINDOW;
    if (found.length > options.limit || exhausted || head?.end_at == null || head.end_id == null) {
      const records = found.slice(0, options.limit).map(toConsoleRecord);
      const last = records.at(-1);
      return {
        records,
        next: found.length > options.limit && last ? last.cursor : undefined,
        searchedBackTo: undefined,
      };
    }
    cursor = { at: head.end_at, id: Number(head.end_id) };
    if (performance.now() - started > WALK_BUDGET_MS) {
      const records = found.map(toConsoleRecord);
      return { records, next: cursor, searchedBackTo: new Date(cursor.at) };
    }
  }
}

function pick(filter: RecordFilter, ...keys: (keyof RecordFilter)[]): RecordFilter {
  return Object.fromEntries(keys.filter((k) => filter[k]).map((k) => [k, filter[k]]));
}
