import { toAppError } from '../../core/errors.ts';
import type { StockLevel, StockPushResult } from '../source.ts';
import type { BigCommerceClient } from './client.ts';

/**
 * Stock back to the store: Fortnox's stock per article (SKU) as absolute inventory adjustments,
 * at most 2000 items per request, one request at a time [reference A5: "send the next request only
 * after the current one returns"]. Absolute values make a retry harmless (a relative delta sent
 * twice would count twice). An adjustment is all or nothing, so when BigCommerce refuses a batch
 * (an unknown SKU, an untracked product) the batch's SKUs are looked up and only the known ones
 * sent again; the rest are reported once, never retried forever.
 */

export type { StockLevel, StockPushResult } from '../source.ts';

export const MAX_ADJUSTMENT_ITEMS = 2000;
const LOOKUP_CHUNK = 100;

async function knownSkus(
  client: BigCommerceClient,
  skus: readonly string[],
  signal?: AbortSignal,
): Promise<Set<string>> {
  const known = new Set<string>();
  for (let i = 0; i < skus.length; i += LOOKUP_CHUNK) {
    const chunk = skus
      .slice(i, i + LOOKUP_CHUNK)
      .map(encodeURIComponent)
      .join(',');
    const raw = (await client.request(
      'GET',
      `/v3/inventory/items?sku:in=${chunk}&limit=1000`,
      signal ? { signal } : {},
    )) as { data?: { identity?: { sku?: string } }[] } | undefined;
    for (const item of raw?.data ?? []) if (item.identity?.sku !== undefined) known.add(item.identity.sku);
  }
  return known;
}

export async function pushStock(
  client: BigCommerceClient,
  levels: readonly StockLevel[],
  o: { locationId?: number; batchSize?: number; signal?: AbortSignal } = {},
): Promise<StockPushResult> {
  const size = Math.min(o.batchSize ?? MAX_ADJUSTMENT_ITEMS, MAX_ADJUSTMENT_ITEMS);
  const location = o.locationId ?? 1;
  // The newest level per SKU wins; negative Fortnox stock is none in the store.
  const bySku = new Map(levels.map((l) => [l.sku, Math.max(0, Math.floor(l.quantity))]));
  const all = [...bySku.entries()];
  const result: StockPushResult = { requests: 0, pushed: 0, refused: [] };
  const send = async (items: [string, number][]) => {
    result.requests++;
    await client.request('PUT', '/v3/inventory/adjustments/absolute', {
      body: {
        reason: 'Stock from Fortnox',
        items: items.map(([sku, quantity]) => ({ location_id: location, sku, quantity })),
      },
      ...(o.signal ? { signal: o.signal } : {}),
    });
    result.pushed += items.length;
  };
  for (let i = 0; i < all.length; i += size) {
    const batch = all.slice(i, i + size);
    try {
      await send(batch);
    } catch (error) {
      const err = toAppError(error);
      if (err.category !== 'validation') throw error; // 429s were waited out; 5xx: the caller retries
      const known = await knownSkus(
        client,
        batch.map(([sku]) => sku),
        o.signal,
      );
      result.requests += Math.ceil(batch.length / LOOKUP_CHUNK);
      for (const [sku] of batch) if (!known.has(sku)) result.refused.push({ sku, reason: 'not a SKU of this store' });
      const retry = batch.filter(([sku]) => known.has(sku));
      if (retry.length === 0) continue;
      try {
        await send(retry);
      } catch (again) {
        const e = toAppError(again);
        if (e.category !== 'validation') throw again;
        for (const [sku] of retry) result.refused.push({ sku, reason: e.userMessage });
      }
    }
  }
  return result;
}
