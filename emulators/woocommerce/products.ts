import { z } from 'zod';
import { WooError } from './errors.ts';
import type { Product } from './model.ts';
import { MetaIn } from './order-input.ts';
import { api, dates, metaJson, type RenderContext } from './order-json.ts';
import type { WooStore } from './store.ts';
import { decimal, money, slugify } from './values.ts';

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

const activePrice = (p: Product): string => (p.salePrice !== '' ? p.salePrice : p.regularPrice);
const stockStatus = (p: Product): string => (p.manageStock && (p.stockQuantity ?? 0) <= 0 ? 'outofstock' : 'instock');
const permalink = (ctx: RenderContext, p: Product): string => `${ctx.site}/product/${p.slug || p.id}/`;

function common(ctx: RenderContext, p: Product): Record<string, unknown> {
  return {
    sku: p.sku,
    price: activePrice(p),
    regular_price: p.regularPrice,
    sale_price: p.salePrice,
    ...dates(ctx, 'date_on_sale_from', null),
    ...dates(ctx, 'date_on_sale_to', null),
  };
}

function stock(p: Product): Record<string, unknown> {
  return {
    tax_status: p.taxStatus,
    tax_class: p.taxClass,
    manage_stock: p.manageStock,
    stock_quantity: p.stockQuantity,
    stock_status: stockStatus(p),
    backorders: 'no',
    backorders_allowed: false,
    backordered: false,
  };
}

const imageJson = (ctx: RenderContext, i: Product['images'][number]): Record<string, unknown> => ({
  id: i.id,
  ...dates(ctx, 'date_created', i.created),
  ...dates(ctx, 'date_modified', i.created),
  src: i.src,
  name: i.name,
  alt: i.alt,
});

export function renderProduct(ctx: RenderContext, p: Product): Record<string, unknown> {
  const categories = new Set(p.categories.map((c) => c.id));
  const related = [...ctx.store.products.values()]
    .filter((o) => o.id !== p.id && o.parentId === 0 && o.status === 'publish')
    .filter((o) => o.categories.some((c) => categories.has(c.id)))
    .slice(0, 5)
    .map((o) => o.id);
  const price = activePrice(p);
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    permalink: permalink(ctx, p),
    ...dates(ctx, 'date_created', p.created),
    ...dates(ctx, 'date_modified', p.modified),
    type: p.type,
    status: p.status,
    featured: false,
    catalog_visibility: 'visible',
    description: p.description,
    short_description: p.shortDescription,
    ...common(ctx, p),
    price_html: price
      ? `<span class="woocommerce-Price-amount amount"><bdi>${money(decimal(price), 2).replace('.', ',')}&nbsp;<span class="woocommerce-Price-currencySymbol">&#107;&#114;</span></bdi></span>`
      : '',
    on_sale: p.salePrice !== '',
    purchasable: price !== '' && p.status === 'publish',
    total_sales: p.totalSales,
    virtual: p.virtual,
    downloadable: false,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    external_url: '',
    button_text: '',
    ...stock(p),
    sold_individually: false,
    weight: '',
    dimensions: { length: '', width: '', height: '' },
    shipping_required: !p.virtual,
    shipping_taxable: p.taxStatus === 'taxable' || p.taxStatus === 'shipping',
    shipping_class: '',
    shipping_class_id: 0,
    reviews_allowed: true,
    average_rating: '0.00',
    rating_count: 0,
    related_ids: related,
    upsell_ids: [],
    cross_sell_ids: [],
    parent_id: p.parentId,
    purchase_note: '',
    categories: p.categories.map((c) => ({ ...c })),
    tags: [],
    images: p.images.map((i) => imageJson(ctx, i)),
    attributes: p.attributes.map((a) => ({ ...a, position: 0, visible: true })),
    default_attributes: [],
    variations: [...p.variations],
    grouped_products: [],
    menu_order: 0,
    meta_data: metaJson(p.meta),
    _links: { self: [{ href: api(ctx, `products/${p.id}`) }], collection: [{ href: api(ctx, 'products') }] },
  };
}

export function renderVariation(ctx: RenderContext, v: Product): Record<string, unknown> {
  const parent = ctx.store.products.get(v.parentId);
  const image = v.images[0];
  return {
    id: v.id,
    ...dates(ctx, 'date_created', v.created),
    ...dates(ctx, 'date_modified', v.modified),
    description: v.description,
    permalink: parent ? permalink(ctx, parent) : '',
    ...common(ctx, v),
    on_sale: v.salePrice !== '',
    status: v.status,
    purchasable: activePrice(v) !== '',
    virtual: v.virtual,
    downloadable: false,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    ...stock(v),
    weight: '',
    dimensions: { length: '', width: '', height: '' },
    shipping_class: '',
    shipping_class_id: 0,
    image: image ? imageJson(ctx, image) : null,
    attributes: v.attributes.map((a) => ({ id: a.id, name: a.name, option: a.option ?? '' })),
    menu_order: 0,
    meta_data: metaJson(v.meta),
    _links: {
      self: [{ href: api(ctx, `products/${v.parentId}/variations/${v.id}`) }],
      collection: [{ href: api(ctx, `products/${v.parentId}/variations`) }],
      up: [{ href: api(ctx, `products/${v.parentId}`) }],
    },
  };
}
