import { z } from 'zod';
import type { BigCommerceClient } from './client.ts';

/**
 * The two lists the reconciliation poll walks, every page of them.
 *
 * Orders are paged by their own clock, not by offset: each request asks for `min_date_modified` = the
 * last `date_modified` seen (inclusive, to the second), sorted ascending. By offset, an order modified
 * mid-walk moved to the end and shifted the rest one place back, so one order was never listed while
 * the checkpoint moved past it. The inclusive bound repeats the boundary's orders: each version
 * (id + `date_modified`) is yielded once. A full page of one second only is walked on by `page`.
 *
 * Refunds never change once created and are listed in id order: their pages are stable; read while
 * a page comes back full.
 */

export const PAGE = 250;

export const listedOrder = z
  .object({ id: z.number(), date_modified: z.string(), payment_status: z.string().default('') })
  .loose();
export type ListedOrder = z.infer<typeof listedOrder>;
export const listedRefund = z.object({ id: z.number(), order_id: z.number(), created: z.string() }).loose();
export type ListedRefund = z.infer<typeof listedRefund>;

type Options = { signal?: AbortSignal };

const second = (iso: string): number => Math.floor(new Date(iso).getTime() / 1000);

/** Orders modified at or after `from`, oldest change first, a page at a time. */
export async function* modifiedOrders(
  client: BigCommerceClient,
  from: string,
  o: Options,
): AsyncGenerator<ListedOrder[]> {
  const seen = new Set<string>();
  let cursor = from;
  let page = 1;
  for (;;) {
    const raw = await client.request(
      'GET',
      `/v2/orders?min_date_modified=${encodeURIComponent(cursor)}&sort=date_modified:asc&limit=${PAGE}&page=${page}`,
      o,
    );
    const orders = raw === undefined ? [] : (raw as unknown[]).map((r) => listedOrder.parse(r));
    const fresh = orders.filter((order) => {
      const key = `${order.id}|${order.date_modified}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (fresh.length > 0) yield fresh;
    const last = orders.at(-1);
    if (orders.length < PAGE || last === undefined) return;
    const next = new Date(last.date_modified).toISOString();
    // All of a full page in the bound's second: the next page of that second, else on from the last.
    if (second(next) <= second(cursor)) page++;
    else {
      cursor = next;
      page = 1;
    }
  }
}

/** Refunds created at or after `from`, every page. */
export async function* createdRefunds(
  client: BigCommerceClient,
  from: string,
  o: Options,
): AsyncGenerator<ListedRefund[]> {
  for (let page = 1; ; page++) {
    const raw = (await client.request(
      'GET',
      `/v3/orders/payment_actions/refunds?created:min=${encodeURIComponent(from)}&limit=${PAGE}&page=${page}`,
      o,
    )) as { data?: unknown[]; meta?: { pagination?: { total_pages?: number } } } | undefined;
    const refunds = (raw?.data ?? []).map((x) => listedRefund.parse(x));
    if (refunds.length > 0) yield refunds;
    const pages = raw?.meta?.pagination?.total_pages;
    if (refunds.length < PAGE || (pages !== undefined && page >= pages)) return;
  }
}
