import type { Product, Variant } from './catalog-model.ts';
import { productLevel, variantLevel } from './stock.ts';
import type { Store } from './store.ts';
import { rfc3339, v3Money } from './values.ts';

/** Catalog V3 products and variants as the spec examples print them; prices are numbers [BC-CAT]. */

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');

export function productJson(store: Store, p: Product): Record<string, unknown> {
  const price = v3Money(p.price);
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    sku: p.sku,
    description: p.description,
    weight: p.weight,
    width: 0,
    depth: 0,
    height: 0,
    price,
    cost_price: v3Money(p.costPrice),
    retail_price: v3Money(p.retailPrice),
    sale_price: v3Money(p.salePrice),
    map_price: 0,
    tax_class_id: p.taxClassId,
    product_tax_code: '',
    calculated_price: p.salePrice > 0 ? v3Money(p.salePrice) : price,
    categories: p.categories,
    brand_id: p.brandId,
    option_set_id: p.optionSetId,
    option_set_display: 'right',
    inventory_level: productLevel(store, p),
    inventory_warning_level: p.warningLevel,
    inventory_tracking: p.tracking,
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: p.totalSold,
    fixed_cost_shipping_price: 0,
    is_free_shipping: false,
    is_visible: p.isVisible,
    is_featured: false,
    related_products: [-1],
    warranty: '',
    bin_picking_number: '',
    layout_file: 'product.html',
    upc: p.upc,
    mpn: '',
    gtin: '',
    search_keywords: '',
    availability: 'available',
    availability_description: '',
    gift_wrapping_options_type: 'any',
    gift_wrapping_options_list: [],
    sort_order: 0,
    condition: 'New',
    is_condition_shown: false,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    date_created: rfc3339(p.created),
    date_modified: rfc3339(p.modified),
    view_count: 0,
    preorder_release_date: rfc3339(p.created),
    preorder_message: '',
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: '',
    custom_url: { url: `/${slug(p.name)}/`, is_customized: false },
    base_variant_id: p.baseVariantId,
    open_graph_type: 'product',
    open_graph_title: '',
    open_graph_description: '',
    open_graph_use_meta_description: true,
    open_graph_use_product_name: true,
    open_graph_use_image: true,
  };
}

export function variantJson(store: Store, v: Variant): Record<string, unknown> {
  const p = store.products.get(v.productId);
  const price = v3Money(v.price ?? p?.price ?? 0);
  return {
    id: v.id,
    product_id: v.productId,
    sku: v.sku,
    sku_id: v.skuId,
    price,
    calculated_price: price,
    sale_price: v3Money(p?.salePrice ?? 0),
    retail_price: v3Money(p?.retailPrice ?? 0),
    // Every variant example in the spec prints `map_price: {}` (the product prints a number).
    map_price: {},
    weight: v.weight,
    calculated_weight: v.weight,
    width: 0,
    height: 0,
    depth: 0,
    is_free_shipping: false,
    fixed_cost_shipping_price: 0,
    purchasing_disabled: v.purchasingDisabled,
    purchasing_disabled_message: '',
    image_url: '',
    cost_price: v3Money(v.costPrice),
    upc: v.upc,
    mpn: '',
    gtin: '',
    inventory_level: variantLevel(store, v),
    inventory_warning_level: p?.warningLevel ?? 0,
    bin_picking_number: '',
    option_values: v.optionValues.map((o) => ({
      id: o.id,
      label: o.label,
      option_id: o.optionId,
      option_display_name: o.optionDisplayName,
    })),
  };
}
