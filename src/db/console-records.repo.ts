import { z } from 'zod';
import { calendarDay, isPostgresTimestamp } from '../core/calendar.ts';
import type { Queryable } from './connection.ts';
import { singleIndexFilter, walkConsoleRecords } from './console-walk.repo.ts';

/**
 * The console's view of the ledger: every record of every source and tenant, newest change first,
 * filtered and searched, paged by keyset on (updated_at, id) so any page of a million rows costs
 * one index range scan (see the indexes of migration 1763800025000). Never an OFFSET, never a count.
 */

const text = z.string().trim().max(200);
const day = calendarDay('2026-12-03');

/** What a person can narrow the list by; every field optional, empty strings meaning "any". */
export const recordFilterSchema = z.object({
  q: text.optional(),
  system: text.optional(),
  connection: text.optional(),
  tenant: text.optional(),
  state: text.optional(),
  kind: text.optional(),
  from: day.optional(),
  to: day.optional(),
});
export type RecordFilter = z.infer<typeof recordFilterSchema>;

/** Where the previous page ended: the last row's change time (as Postgres wrote it, microseconds kept) and id. */
export interface Cursor {
  at: string;
  id: number;
}

export interface ConsoleRecord {
  id: number;
  system: string;
  connection: string;
  object: string;
  sourceId: string;
  label: string | null;
  number: string | null;
  net: number | null;
  total: number | null;
  sourceCurrency: string | null;
  kind: string;
  tenantId: string;
  state: string;
  fortnoxNumber: string | null;
  fortnoxTotal: number | null;
  currency: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  remoteMessage: string | null;
  attempts: number;
  updatedAt: Date;
  cursor: Cursor;
}

export interface Row {
  id: string;
  source_system: string;
  source_connection: string;
  source_object: string;
  source_id: string;
  source_label: string | null;
  source_number: string | null;
  source_net: string | null;
  source_total: string | null;
  source_currency: string | null;
  document_kind: string;
  tenant_id: string;
  state: string;
  fortnox_number: string | null;
  fortnox_total: string | null;
  currency: string | null;
  error_code: string | null;
  error_message: string | null;
  remote_message: string | null;
  attempts: number;
  updated_at: Date;
  cursor_at: string;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

export const CONSOLE_COLUMNS = `id, source_system, source_connection, source_object, source_id, source_label, source_number,
  source_net, source_total, source_currency, document_kind, tenant_id, state, fortnox_number, fortnox_total, currency,
  error_code, error_message, remote_message, attempts, updated_at, updated_at::text AS cursor_at`;

export function toConsoleRecord(r: Row): ConsoleRecord {
  return {
    id: Number(r.id),
    system: r.source_system,
    connection: r.source_connection,
    object: r.source_object,
    sourceId: r.source_id,
    label: r.source_label,
    number: r.source_number,
    net: num(r.source_net),
    total: num(r.source_total),
    sourceCurrency: r.source_currency,
    kind: r.document_kind,
    tenantId: r.tenant_id,
    state: r.state,
    fortnoxNumber: r.fortnox_number,
    fortnoxTotal: num(r.fortnox_total),
    currency: r.currency,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    remoteMessage: r.remote_message,
    attempts: r.attempts,
    updatedAt: r.updated_at,
    cursor: { at: r.cursor_at, id: Number(r.id) },
  };
}

const likePrefix = (q: string): string => `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Numbers `$n` parameters in the order clauses are built. */
function params() {
  const values: unknown[] = [];
  return {
    values,
    p: (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/** The search arms: each has its own index, so Postgres ORs the bitmaps. "1042" finds "#1042" too. */
function searchClause(q: string, p: (value: unknown) => string): string {
  const exact = p(q);
  const lower = p(q.toLowerCase());
  return `(source_id = ${exact} OR fortnox_number = ${exact} OR fortnox_reference = ${exact}
      OR (source_number IS NOT NULL AND lower(source_number) IN (${lower}, '#' || ${lower}))
      OR (source_label IS NOT NULL AND lower(source_label) LIKE ${p(likePrefix(q))}))`;
}

/** The WHERE clause of a filter (and a cursor), its parameters numbered from $1. */
export function filterClause(
  filter: RecordFilter,
  after?: Cursor,
  options: { withSearch: boolean } = { withSearch: true },
): { where: string; params: unknown[] } {
  const { values, p } = params();
  const and: string[] = [];
  const eq = (column: string, value: string | undefined) => {
    if (value) and.push(`${column} = ${p(value)}`);
  };
  eq('source_system', filter.system);
  eq('source_connection', filter.connection);
  eq('tenant_id', filter.tenant);
  eq('state', filter.state);
  eq('document_kind', filter.kind);
  if (filter.from) and.push(`updated_at >= ${p(filter.from)}::date`);
  if (filter.to) and.push(`updated_at < ${p(filter.to)}::date + 1`);
  if (filter.q && options.withSearch) and.push(searchClause(filter.q, p));
  if (after) and.push(`(updated_at, id) < (${p(after.at)}::timestamptz, ${p(after.id)}::bigint)`);
  return { where: and.length === 0 ? 'TRUE' : and.join(' AND '), params: values };
}

/**
 * A search matches few records (an id, a number) or, for a short name, very many. Walking the
 * change-time index for few matches reads all million rows, so the matches are collected first
 * through the search indexes; only when there are more than this many is the walk the faster way.
 */
const SEARCH_COLLECT_LIMIT = 5000;

type Page = { records: ConsoleRecord[]; next: Cursor | undefined; searchedBackTo?: Date | undefined };

function toPage(rows: Row[], limit: number): Page {
  const records = rows.slice(0, limit).map(toConsoleRecord);
  const last = records.at(-1);
  return { records, next: rows.length > limit && last ? last.cursor : undefined };
}

/** One page, newest change first; `next` is where the following page starts, absent on the last. */
export async function listConsoleRecords(
  db: Queryable,
  filter: RecordFilter,
  options: { after?: Cursor; limit: number },
): Promise<Page> {
  if (filter.q) {
    const { values, p } = params();
    const search = searchClause(filter.q, p);
    const cap = p(SEARCH_COLLECT_LIMIT + 1);
    const rest = filterClause(filter, options.after, { withSearch: false });
    const offset = values.length;
    const where = rest.where.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`);
    values.push(...rest.params, options.limit + 1);
    // The lateral join keeps one row (the count) even when the page itself is empty.
    const { rows } = await db.query<Row & { hits: number }>(
      `WITH hits AS MATERIALIZED (SELECT ${CONSOLE_COLUMNS} FROM sync_records WHERE ${search} LIMIT ${cap})
       SELECT (SELECT count(*)::int FROM hits) AS hits, page.* FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT * FROM hits WHERE ${where} ORDER BY updated_at DESC, id DESC LIMIT $${values.length}) page ON true
        ORDER BY page.updated_at DESC, page.id DESC`,
      values,
    );
    if ((rows[0]?.hits ?? 0) <= SEARCH_COLLECT_LIMIT)
      return toPage(
        rows.filter((r) => r.id !== null),
        options.limit,
      );
  }
  if (!singleIndexFilter(filter)) return walkConsoleRecords(db, filter, options);
  const { where, params: values } = filterClause(filter, options.after);
  values.push(options.limit + 1);
  const { rows } = await db.query<Row>(
    `SELECT ${CONSOLE_COLUMNS} FROM sync_records WHERE ${where}
      ORDER BY updated_at DESC, id DESC LIMIT $${values.length}`,
    values,
  );
  return toPage(rows, options.limit);
}

export async function getConsoleRecord(db: Queryable, id: number): Promise<ConsoleRecord | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${CONSOLE_COLUMNS} FROM sync_records WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toConsoleRecord(rows[0]);
}

/**
 * A cursor as a URL carries it: `<id>.<base64url of the time>`; anything else — an edited link whose
 * time is not one Postgres could have written — is no cursor.
 */
export const encodeCursor = (c: Cursor): string => `${c.id}.${Buffer.from(c.at).toString('base64url')}`;
export function decodeCursor(value: unknown): Cursor | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,18})\.([\w-]{1,80})$/.exec(value);
  if (!match) return undefined;
  const at = Buffer.from(match[2]!, 'base64url').toString('utf8');
  return isPostgresTimestamp(at) ? { at, id: Number(match[1]) } : undefined;
}
