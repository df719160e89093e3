import { z } from 'zod';
import type { Product, Variant } from './catalog-model.ts';
import { BcError } from './errors.ts';
import { stockKey, stockOf } from './stock.ts';
import type { Store } from './store.ts';
import { cents } from './values.ts';

/**
 * Creating catalog products (the merchant's control panel, the `/__control/products` lever and
 * `POST /v3/catalog/products`). Options multiply into variants, each with its own SKU; a product
 * without options has one base variant carrying the product SKU. Stock given at creation counts
 * as an absolute adjustment (the catalog "uses the Inventory API under the hood" [BC-INV guide]),
 * unless `absolute: false` models an item whose stock was never set (relative writes then fail).
 */
export const ProductInput = z.object({
  name: z.string().min(1),
  sku: z.string().default(''),
  type: z.enum(['physical', 'digital']).default('physical'),
  price: z.number().nonnegative(),
  cost_price: z.number().nonnegative().default(0),
  retail_price: z.number().nonnegative().default(0),
  sale_price: z.number().nonnegative().default(0),
  tax_class_id: z.number().int().nonnegative().default(0),
  weight: z.number().nonnegative().default(1),
  categories: z.array(z.number().int()).default([18]),
  brand_id: z.number().int().default(0),
  description: z.string().default(''),
  inventory_tracking: z.enum(['none', 'product', 'variant']).default('none'),
  inventory_level: z.number().int().nonnegative().optional(),
  inventory_warning_level: z.number().int().nonnegative().default(0),
  safety_stock: z.number().int().nonnegative().default(0),
  absolute: z.boolean().default(true),
  is_visible: z.boolean().default(true),
  /** One option ("Size") with the values its variants pick from. */
  variants: z
    .array(
      z.object({
        sku: z.string().min(1),
        option: z.string().min(1),
        value: z.string().min(1),
        price: z.number().nonnegative().optional(),
        inventory_level: z.number().int().nonnegative().optional(),
      }),
    )
    .default([]),
});
export type ProductInput = z.input<typeof ProductInput>;

function setInitialStock(
  store: Store,
  key: string | undefined,
  level: number | undefined,
  safety: number,
  absolute: boolean,
) {
  if (key === undefined) return;
  const s = stockOf(store, key);
  s.safetyStock = safety;
  if (level === undefined) return;
  s.onHand = level;
  if (absolute) store.absoluteSeen.add(key);
}

export function createProduct(store: Store, raw: ProductInput): Product {
  const input = ProductInput.parse(raw);
  const skus = [input.sku, ...input.variants.map((v) => v.sku)].filter((s) => s !== '');
  for (const sku of skus) {
    if (store.variantBySku(sku)) throw new BcError(409, `The SKU '${sku}' is already in use.`);
  }
  if (input.inventory_tracking === 'variant' && input.variants.length === 0) {
    throw new BcError(422, 'inventory_tracking "variant" needs variants.');
  }
  const now = store.now();
  const id = store.next('product', 100);
  const optionNames = [...new Set(input.variants.map((v) => v.option))];
  const options = optionNames.map((name) => ({
    id: store.next('product_option', 100),
    displayName: name,
    values: input.variants
      .filter((v) => v.option === name)
      .map((v) => ({ id: store.next('option_value', 100), label: v.value })),
  }));
  const product: Product = {
    ...{ id, name: input.name, type: input.type, sku: input.variants.length > 0 ? '' : input.sku },
    ...{ description: input.description, price: cents(input.price), costPrice: cents(input.cost_price) },
    ...{ retailPrice: cents(input.retail_price), salePrice: cents(input.sale_price), taxClassId: input.tax_class_id },
    ...{
      weight: input.weight,
      brandId: input.brand_id,
      categories: input.categories,
      tracking: input.inventory_tracking,
    },
    ...{ warningLevel: input.inventory_warning_level, isVisible: input.is_visible, options },
    ...{ optionSetId: options.length > 0 ? store.next('option_set', 50) : null, baseVariantId: 0, totalSold: 0 },
    ...{ upc: '', created: now, modified: now },
  };
  store.products.set(id, product);
  const base: Variant = {
    ...{ id: store.next('variant', 300), productId: id, sku: product.sku, skuId: null, price: null },
    ...{ costPrice: product.costPrice, optionValues: [], upc: '', weight: input.weight, purchasingDisabled: false },
  };
  product.baseVariantId = base.id;
  if (input.variants.length === 0) store.addVariant(base);
  input.variants.forEach((v) => {
    const option = options.find((o) => o.displayName === v.option);
    const value = option?.values.find((x) => x.label === v.value);
    const variant: Variant = {
      ...{ id: store.next('variant', 300), productId: id, sku: v.sku, skuId: store.next('sku', 300) },
      ...{
        price: v.price === undefined ? null : cents(v.price),
        costPrice: product.costPrice,
        upc: '',
        weight: input.weight,
      },
      optionValues:
        option && value
          ? [{ id: value.id, label: value.label, optionId: option.id, optionDisplayName: option.displayName }]
          : [],
      purchasingDisabled: false,
    };
    store.addVariant(variant);
    if (product.baseVariantId === base.id && input.variants.length > 0) product.baseVariantId = variant.id;
    if (input.inventory_tracking === 'variant') {
      setInitialStock(store, stockKey(product, variant), v.inventory_level, input.safety_stock, input.absolute);
    }
  });
  if (input.inventory_tracking === 'product') {
    setInitialStock(store, stockKey(product, undefined), input.inventory_level, input.safety_stock, input.absolute);
  }
  return product;
}

/** Many simple products at once (`PREFIX-00001`…), e.g. the 2,500 SKUs a stock push is tested with. */
export const BulkProducts = z.object({
  prefix: z.string().min(1).default('SKU'),
  count: z.number().int().positive().max(20_000),
  price: z.number().nonnegative().default(100),
  inventory_tracking: z.enum(['none', 'product']).default('product'),
  inventory_level: z.number().int().nonnegative().default(0),
});

export function createProducts(store: Store, raw: z.input<typeof BulkProducts>): string[] {
  const b = BulkProducts.parse(raw);
  const width = String(b.count).length;
  return Array.from({ length: b.count }, (_, i) => {
    const sku = `${b.prefix}-${String(i + 1).padStart(width, '0')}`;
    createProduct(store, {
      name: `Artikel ${sku}`,
      sku,
      price: b.price,
      inventory_tracking: b.inventory_tracking,
      inventory_level: b.inventory_level,
    });
    return sku;
  });
}
