import type { CallOptions, Query } from './http.ts';
import type { PageInfo } from './schemas/lenient.ts';

/**
 * Lists: Fortnox pages with `page` (1-based) and `limit` (≤ 500, default 100), answers
 * `MetaInformation` with the page count, and takes lower-case search parameters whose timestamps
 * are Swedish local time (reference §5).
 */

/** Fortnox's maximum page size; fewer pages means fewer requests against the rate limit. */
export const MAX_PAGE_SIZE = 500;

export interface ListOptions extends CallOptions {
  /** Page size, 1–500 (default 500). */
  limit?: number;
}

const stockholm = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * `lastmodified` as Fortnox reads it: `YYYY-MM-DD HH:MM` in Europe/Stockholm wall-clock time (CET
 * or CEST), never UTC. Seconds are cut, which can only widen the result by up to a minute — the
 * poller sees a change twice rather than never.
 */
export function formatLastModified(instant: Date): string {
  const p: Record<string, string> = {};
  for (const part of stockholm.formatToParts(instant)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * Turns typed search fields into Fortnox's query: names lower-cased (Fortnox refuses others with
 * 2000588), dates formatted, empty values dropped.
 */
export function searchQuery(search: object): Query {
  const query: Query = {};
  for (const [name, value] of Object.entries(search)) {
    if (value === undefined || value === null || value === '') continue;
    query[name.toLowerCase()] =
      value instanceof Date ? formatLastModified(value) : (value as string | number | boolean);
  }
  return query;
}

export type PageFetcher<T> = (page: number, limit: number) => Promise<{ items: T[]; page: PageInfo }>;

/** Streams every item of every page; stops at the last page Fortnox reports (or an empty page). */
export async function* paginate<T>(
  fetchPage: PageFetcher<T>,
  options: ListOptions = {},
): AsyncGenerator<T, void, undefined> {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(options.limit ?? MAX_PAGE_SIZE)));
  for (let page = 1; ; page++) {
    const answer = await fetchPage(page, limit);
    yield* answer.items;
    if (answer.items.length === 0 || page >= answer.page.totalPages) return;
  }
}

/** Collects an async iterable (small result sets: exact-match lookups). */
export async function collect<T>(items: AsyncIterable<T>, keep: (item: T) => boolean = () => true): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) if (keep(item)) out.push(item);
  return out;
}
