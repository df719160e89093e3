import { z } from 'zod';
import { WooError } from './errors.ts';
import type { Product } from './model.ts';
import { MetaIn } from './order-input.ts';
import type { WooStore } from './store.ts';
import { slugify } from './values.ts';

/**
 * Products and their variations (`/products`, `/products/{id}/variations`): prices are strings,
 * `price` is the active one, SKUs are unique across products and variations (WooCommerce refuses a
 * duplicate with `product_invalid_sku`), stock status follows the managed quantity.
 */

const Price = z.union([z.string(), z.number()]).transform(String);
export const ProductIn = z.object({
  name: z.string().optional(),
  type: z.enum(['simple', 'grouped', 'external', 'variable']).optional(),
  status: z.enum(['draft', 'pending', 'private', 'publish']).optional(),
  sku: z.string().optional(),
  regular_price: Price.optional(),
  sale_price: Price.optional(),
  description: z.string().optional(),
  short_description: z.string().optional(),
  tax_status: z.enum(['taxable', 'shipping', 'none']).optional(),
  tax_class: z.string().optional(),
  manage_stock: z.boolean().optional(),
  stock_quantity: z.number().int().nullable().optional(),
  virtual: z.boolean().optional(),
  categories: z.array(z.object({ id: z.number().int() })).optional(),
  images: z.array(z.object({ src: z.string(), name: z.string().optional(), alt: z.string().optional() })).optional(),
  attributes: z
    .array(
      z.object({
        id: z.number().int().optional(),
        name: z.string().optional(),
        option: z.string().optional(),
        options: z.array(z.string()).optional(),
        variation: z.boolean().optional(),
      }),
    )
    .optional(),
  meta_data: z.array(MetaIn).optional(),
});
export type ProductInput = z.infer<typeof ProductIn>;

export function saveProduct(store: WooStore, input: ProductInput, existing?: Product, parentId = 0): Product {
  const now = store.now();
  if (input.sku !== undefined && input.sku !== '') {
    const clash = store.productBySku(input.sku);
    if (clash && clash.id !== existing?.id)
      throw new WooError(400, 'product_invalid_sku', 'Invalid or duplicated SKU.');
  }
  const p: Product = existing ?? {
    id: store.nextPostId(),
    parentId,
    type: parentId ? 'variation' : 'simple',
    name: '',
    slug: '',
    status: 'publish',
    description: '',
    shortDescription: '',
    sku: '',
    regularPrice: '',
    salePrice: '',
    taxStatus: 'taxable',
    taxClass: '',
    manageStock: false,
    stockQuantity: null,
    virtual: false,
    categories: [],
    images: [],
    attributes: [],
    variations: [],
    meta: [],
    totalSales: 0,
    created: now,
    modified: now,
  };
  if (input.name !== undefined) p.name = input.name;
  if (!p.slug && p.name) p.slug = slugify(p.name);
  if (input.type !== undefined && !parentId) p.type = input.type;
  if (input.status !== undefined) p.status = input.status;
  if (input.sku !== undefined) p.sku = input.sku;
  if (input.regular_price !== undefined) p.regularPrice = input.regular_price;
  if (input.sale_price !== undefined) p.salePrice = input.sale_price;
  if (input.description !== undefined) p.description = input.description;
  if (input.short_description !== undefined) p.shortDescription = input.short_description;
  if (input.tax_status !== undefined) p.taxStatus = input.tax_status;
  if (input.tax_class !== undefined) p.taxClass = input.tax_class;
  if (input.manage_stock !== undefined) p.manageStock = input.manage_stock;
  if (input.stock_quantity !== undefined) p.stockQuantity = input.stock_quantity;
  if (input.virtual !== undefined) p.virtual = input.virtual;
  if (input.categories) p.categories = input.categories.flatMap((c) => store.categories.get(c.id) ?? []);
  if (input.images) {
    p.images = input.images.map((i) => ({
      id: store.nextPostId(),
      created: now,
      src: i.src,
      name: i.name ?? '',
      alt: i.alt ?? '',
    }));
  }
  if (input.attributes) {
    p.attributes = input.attributes.map((a) => ({
      id: a.id ?? 0,
      name: a.name ?? '',
      ...(a.option !== undefined ? { option: a.option } : {}),
      ...(a.options !== undefined ? { options: a.options, variation: a.variation ?? false } : {}),
    }));
  }
  for (const m of input.meta_data ?? []) store.setMeta(p.meta, m.key, m.value, m.id);
  p.modified = now;
  store.products.set(p.id, p);
  if (parentId) {
    const parent = store.products.get(parentId);
    if (parent && !parent.variations.includes(p.id)) parent.variations.push(p.id);
  }
  store.fire('product', existing ? 'updated' : 'created', parentId || p.id);
  return p;
}
