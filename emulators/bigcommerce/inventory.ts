import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Product, Variant } from './catalog-model.ts';
import { BcError } from './errors.ts';
import { fireInventory, stockKey, stockOf } from './stock.ts';
import type { Store } from './store.ts';

/**
 * Inventory adjustments [BC-INV; inventory-adjustments.mdx]. Absolute (`PUT …/absolute`) sets the
 * level and is never refused for quantity; relative (`POST …/relative`) adds ±, and is refused for
 * an item that never had an absolute adjustment and when it would take stock below the safety
 * buffer. Items are addressed by `variant_id`, `sku` or `product_id` — the one its product's
 * tracking mode keeps stock on. A request is all or nothing, at most 2000 items, and may apply
 * after a delay ("a short delay before data is updated"). Errors are application/problem+json.
 */
export const AdjustmentBody = z.object({
  reason: z.string().max(255).optional(),
  items: z
    .array(
      z.object({
        location_id: z.number().int().positive(),
        variant_id: z.number().int().positive().optional(),
        sku: z.string().min(1).optional(),
        product_id: z.number().int().positive().optional(),
        quantity: z.number().int(),
      }),
    )
    .min(1),
});
export type AdjustmentBody = z.infer<typeof AdjustmentBody>;
type Item = AdjustmentBody['items'][number];

const MAX_LEVEL = 2_147_483_647;
const problem = (status: number, title: string): BcError => new BcError(status, title, { style: 'problem' });

interface Target {
  product: Product;
  variant: Variant | undefined;
  key: string;
  identity: string;
  location: number;
  quantity: number;
}

function resolve(store: Store, item: Item): Target {
  const given = (['variant_id', 'sku', 'product_id'] as const).filter((k) => item[k] !== undefined);
  if (given.length !== 1) throw problem(422, 'Each item needs exactly one of variant_id, sku or product_id.');
  const by = given[0] as 'variant_id' | 'sku' | 'product_id';
  const identity = `${by} ${item[by]}`;
  let variant: Variant | undefined;
  let product: Product | undefined;
  if (by === 'product_id') product = store.products.get(item.product_id ?? 0);
  else {
    variant = by === 'sku' ? store.variantBySku(item.sku ?? '') : store.variants.get(item.variant_id ?? 0);
    product = variant ? store.products.get(variant.productId) : undefined;
  }
  if (!product) throw problem(422, `[Item with ${identity} not found]`);
  if (!store.locations.has(item.location_id)) throw problem(422, `[Location with id ${item.location_id} not found]`);
  const simple = product.options.length === 0;
  if (product.tracking === 'product' && by !== 'product_id' && !(by === 'sku' && simple)) {
    throw problem(422, `[Item with ${identity} is tracked by product, please update stock by product id]`);
  }
  if (product.tracking === 'variant' && by === 'product_id') {
    throw problem(422, `[Item with ${identity} is tracked by variant, please update stock by variant id or sku]`);
  }
  const key = stockKey(product, variant);
  if (key === undefined) throw problem(422, `[Item with ${identity} does not track inventory]`); // UNVERIFIED wording
  return { product, variant, key, identity, location: item.location_id, quantity: item.quantity };
}

export function adjust(store: Store, mode: 'absolute' | 'relative', body: AdjustmentBody): { transaction_id: string } {
  const quirks = store.env.opts.quirks;
  if (body.items.length > quirks.maxAdjustmentItems) {
    throw problem(
      quirks.overAdjustmentLimitStatus,
      `The request has ${body.items.length} items; the limit is ${quirks.maxAdjustmentItems}.`,
    );
  }
  const targets = body.items.map((i) => resolve(store, i));
  if (mode === 'relative') {
    const fresh = targets.filter((t) => !store.absoluteSeen.has(t.key)).map((t) => t.identity);
    if (fresh.length > 0) {
      throw problem(
        422,
        `Items with identity: [${[...new Set(fresh)].join(', ')}] requires absolute adjustment before relative`,
      );
    }
  }
  const planned = new Map<string, number>();
  for (const t of targets) {
    const slot = `${t.key}@${t.location}`;
    const current = planned.get(slot) ?? stockOf(store, t.key, t.location).onHand;
    const next = mode === 'absolute' ? t.quantity : current + t.quantity;
    if (next < 0 || next > MAX_LEVEL) throw problem(422, `[Item with ${t.identity}: quantity ${next} is out of range]`);
    if (mode === 'relative' && t.quantity < 0 && next < stockOf(store, t.key, t.location).safetyStock) {
      throw problem(
        422,
        `[Item with ${t.identity} has insufficient stock: the adjustment would go below the safety stock]`,
      );
    }
    planned.set(slot, next);
  }
  const apply = (): void => {
    for (const t of targets) {
      const s = stockOf(store, t.key, t.location);
      const before = s.onHand;
      s.onHand = mode === 'absolute' ? t.quantity : s.onHand + t.quantity;
      if (mode === 'absolute') store.absoluteSeen.add(t.key);
      t.product.modified = store.now();
      if (t.location === 1) fireInventory(store, t.product, t.variant, mode, s.onHand - before, false);
    }
  };
  if (quirks.inventoryApplyMs > 0) store.pendingStock.push({ dueAt: store.now() + quirks.inventoryApplyMs, apply });
  else apply();
  return { transaction_id: randomUUID() };
}

/** Applies the writes whose delay has passed (called before every request and by a timer). */
export function settleStock(store: Store): void {
  const now = store.now();
  const due = store.pendingStock.filter((p) => p.dueAt <= now);
  if (due.length === 0) return;
  store.pendingStock = store.pendingStock.filter((p) => p.dueAt > now);
  for (const p of due) p.apply();
}
