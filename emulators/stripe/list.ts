import { invalid, noSuch } from './errors.ts';
import type { ApiObject, Json, StripeStore } from './store.ts';

/**
 * Stripe's list envelope `{object: 'list', data, has_more, url}` with cursor paging: newest first,
 * `limit` 1–100 (default 10), `starting_after` (the page after that object), `ending_before` (the
 * page before it, still newest first), `created` as a number or a range.
 */
export interface ListQuery {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  created?: number | { gt?: number; gte?: number; lt?: number; lte?: number };
}

export function inCreated(q: ListQuery['created'], created: number): boolean {
  if (q === undefined) return true;
  if (typeof q === 'number') return created === q;
  return (
    (q.gt === undefined || created > q.gt) &&
    (q.gte === undefined || created >= q.gte) &&
    (q.lt === undefined || created < q.lt) &&
    (q.lte === undefined || created <= q.lte)
  );
}

export function listOf<T extends ApiObject>(
  store: StripeStore,
  items: T[],
  q: ListQuery,
  url: string,
  render: (item: T) => Json,
  kind = 'object',
): Json {
  const limit = q.limit ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalid('This value must be greater than or equal to 1 and less than or equal to 100.', { param: 'limit' });
  }
  if (q.starting_after !== undefined && q.ending_before !== undefined) {
    throw invalid('You may only specify one of these parameters: ending_before, starting_after.');
  }
  const sorted = items
    .filter((i) => inCreated(q.created, i.created))
    .sort((a, b) => b.created - a.created || store.order(b.id) - store.order(a.id));
  let page: T[];
  let hasMore: boolean;
  const cursor = q.starting_after ?? q.ending_before;
  if (cursor !== undefined) {
    // The cursor may be an object the filters leave out: its place in time is what counts.
    const anchor = store.objects.get(cursor) ?? store.events.find((e) => e.id === cursor);
    if (!anchor) throw noSuch(kind, cursor, q.starting_after !== undefined ? 'starting_after' : 'ending_before');
    const newer = (i: T): boolean =>
      i.created > anchor.created || (i.created === anchor.created && store.order(i.id) > store.order(anchor.id));
    const before = sorted.filter((i) => newer(i));
    const after = sorted.filter((i) => !newer(i) && i.id !== anchor.id);
    if (q.starting_after !== undefined) {
      page = after.slice(0, limit);
      hasMore = after.length > limit;
    } else {
      page = before.slice(Math.max(0, before.length - limit));
      hasMore = before.length > limit;
    }
  } else {
    page = sorted.slice(0, limit);
    hasMore = sorted.length > limit;
  }
  return { object: 'list', data: page.map(render), has_more: hasMore, url };
}

/** An embedded list (`subscription.items`, an expanded `charge.refunds`) answered whole. */
export function embeddedList(data: Json[], url: string): Json {
  return { object: 'list', data, has_more: false, url };
}

/**
 * How many line items an invoice or credit note embeds: "the first handful" (stripe-node 23.1.0
 * `listLineItems` doc comments); the rest comes from its `/lines` list. Stripe answers 10 — the
 * figure is from memory of the API reference, UNVERIFIED here.
 */
export const EMBEDDED_LINES = 10;

/** An object's line items as it embeds them: the first `EMBEDDED_LINES`, `has_more` when there are more. */
export function embeddedLines(data: Json[], url: string): Json {
  return { object: 'list', data: data.slice(0, EMBEDDED_LINES), has_more: data.length > EMBEDDED_LINES, url };
}

/** The `/lines` list of an invoice or credit note: in the document's own order, paged by line id. */
export function linesPage(data: Json[], q: ListQuery, url: string): Json {
  const limit = q.limit ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalid('This value must be greater than or equal to 1 and less than or equal to 100.', { param: 'limit' });
  }
  if (q.starting_after !== undefined && q.ending_before !== undefined) {
    throw invalid('You may only specify one of these parameters: ending_before, starting_after.');
  }
  const cursor = q.starting_after ?? q.ending_before;
  const at = cursor === undefined ? -1 : data.findIndex((l) => l.id === cursor);
  if (cursor !== undefined && at < 0) {
    throw noSuch('line item', cursor, q.starting_after !== undefined ? 'starting_after' : 'ending_before');
  }
  if (q.ending_before !== undefined) {
    const before = data.slice(0, at);
    return { object: 'list', data: before.slice(-limit), has_more: before.length > limit, url };
  }
  const after = data.slice(at + 1);
  return { object: 'list', data: after.slice(0, limit), has_more: after.length > limit, url };
}
