import type { Product, Stock, Variant } from './catalog-model.ts';
import type { Store } from './store.ts';

/**
 * Where stock lives: on the product (`inventory_tracking: product`) or on each variant (`variant`),
 * per location; `none` tracks nothing [BC-CAT products schema]. Catalog `inventory_level` reports
 * the default location only [BC-CAT variant schema].
 */

export const DEFAULT_LOCATION = 1;

/** The key stock is kept under for this variant, or undefined when its product tracks none. */
export function stockKey(product: Product, variant: Variant | undefined): string | undefined {
  if (product.tracking === 'product') return `p:${product.id}`;
  if (product.tracking === 'variant' && variant) return `v:${variant.id}`;
  return undefined;
}

export function stockOf(store: Store, key: string, location = DEFAULT_LOCATION): Stock {
  let perLocation = store.stock.get(key);
  if (!perLocation) {
    perLocation = new Map();
    store.stock.set(key, perLocation);
  }
  let s = perLocation.get(location);
  if (!s) {
    s = { onHand: 0, safetyStock: 0, warningLevel: 0, isInStock: true, binPickingNumber: '' };
    perLocation.set(location, s);
  }
  return s;
}

export const levelOf = (store: Store, key: string | undefined): number =>
  key === undefined ? 0 : (store.stock.get(key)?.get(DEFAULT_LOCATION)?.onHand ?? 0);

/** Catalog `inventory_level` of a product: its own stock, or the sum of its variants'. */
export function productLevel(store: Store, p: Product): number {
  if (p.tracking === 'product') return levelOf(store, `p:${p.id}`);
  if (p.tracking === 'variant') return store.variantsOf(p.id).reduce((n, v) => n + levelOf(store, `v:${v.id}`), 0);
  return 0;
}

export function variantLevel(store: Store, v: Variant): number {
  const p = store.products.get(v.productId);
  return p?.tracking === 'variant' ? levelOf(store, `v:${v.id}`) : 0;
}

/**
 * The inventory webhook for a change of `value` units [BC-WH events/index.mdx]: `sku` scopes for
 * variant-tracked stock, `product` scopes for product-tracked; `absolute` for API/control-panel
 * writes, `relative` for order-driven ones; `order` selects the `…/inventory/order/updated` twin.
 */
export function fireInventory(
  store: Store,
  product: Product,
  variant: Variant | undefined,
  method: 'absolute' | 'relative',
  value: number,
  order: boolean,
): void {
  const bySku = product.tracking === 'variant' && variant !== undefined;
  const kind = bySku ? 'sku' : 'product';
  const scope = `store/${kind}/inventory/${order ? 'order/' : ''}updated`;
  const inventory = { product_id: product.id, method, value, ...(bySku ? { variant_id: variant.id } : {}) };
  store.fire(scope, { type: kind, id: bySku ? (variant.skuId ?? variant.id) : product.id, inventory });
}

/** An order's lines take stock (sign −1) or give it back (+1) at the default location. */
export function moveStockForOrder(
  store: Store,
  lines: { productId: number; variantId: number; quantity: number }[],
  sign: 1 | -1,
): void {
  for (const l of lines) {
    const product = store.products.get(l.productId);
    if (!product || l.quantity === 0) continue;
    const variant = store.variants.get(l.variantId);
    const key = stockKey(product, variant);
    if (key === undefined) continue;
    stockOf(store, key).onHand += sign * l.quantity;
    if (sign < 0) product.totalSold += l.quantity;
    fireInventory(store, product, variant, 'relative', sign * l.quantity, true);
  }
}
