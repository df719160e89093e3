import type { Product } from './model.ts';
import { api, dates, metaJson, type RenderContext } from './order-json.ts';
import { decimal, money } from './values.ts';

/**
 * Products and variations as the v3 controllers render them, key for key as the documented
 * examples show: prices as strings, `price` the active one, stock status from the managed quantity,
 * `related_ids` from shared categories, images with their own dates.
 */

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
