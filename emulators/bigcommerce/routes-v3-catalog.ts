import express, { type Request, type Router } from 'express';
import { NEEDS } from './api-gate.ts';
import { createProduct, ProductInput } from './catalog.ts';
import { productJson, variantJson } from './catalog-json.ts';
import type { Product, Variant } from './catalog-model.ts';
import { BcError } from './errors.ts';
import { AdjustmentBody, adjust } from './inventory.ts';
import { idParam, listParam, on, paginate, parse } from './routing.ts';
import { stockKey, stockOf } from './stock.ts';
import type { Store } from './store.ts';

/**
 * Catalog V3 products and variants (looked up by SKU: `?sku=` / `sku:in=` [BC-CAT]) and the
 * Inventory API: adjustments and reads per location [BC-INV].
 */

const skuFilter = (req: Request): string[] => [
  ...listParam(req.query['sku:in']),
  ...(typeof req.query.sku === 'string' ? [req.query.sku] : []),
];

const idsOf = (req: Request, name: string): number[] => listParam(req.query[name]).map(Number);

function withVariants(store: Store, p: Product, req: Request): Record<string, unknown> {
  const json = productJson(store, p);
  if (listParam(req.query.include).includes('variants'))
    json.variants = store.variantsOf(p.id).map((v) => variantJson(store, v));
  return json;
}

/** One inventory item per stock-keeping variant; a product-tracked product is its base variant. */
function inventoryItems(store: Store, req: Request): { product: Product; variant: Variant; key: string }[] {
  const skus = skuFilter(req).map((s) => s.toLowerCase());
  const variantIds = idsOf(req, 'variant_id:in');
  const productIds = idsOf(req, 'product_id:in');
  const out: { product: Product; variant: Variant; key: string }[] = [];
  for (const v of store.variants.values()) {
    const product = store.products.get(v.productId);
    const key = product ? stockKey(product, v) : undefined;
    if (!product || key === undefined) continue;
    if (skus.length > 0 && !skus.includes(v.sku.toLowerCase())) continue;
    if (variantIds.length > 0 && !variantIds.includes(v.id)) continue;
    if (productIds.length > 0 && !productIds.includes(product.id)) continue;
    out.push({ product, variant: v, key });
  }
  return out;
}

function locationStock(store: Store, key: string, locationId: number) {
  const s = stockOf(store, key, locationId);
  return {
    available_to_sell: Math.max(0, s.onHand - s.safetyStock),
    total_inventory_onhand: s.onHand,
    settings: {
      safety_stock: s.safetyStock,
      is_in_stock: s.isInStock,
      warning_level: s.warningLevel,
      bin_picking_number: s.binPickingNumber,
    },
  };
}

export function v3CatalogRouter(): Router {
  const r = express.Router({ mergeParams: true });
  const products = NEEDS.products;

  on(r, 'get', '/catalog/products', products, (api, req) => {
    const skus = skuFilter(req).map((s) => s.toLowerCase());
    const ids = idsOf(req, 'id:in');
    const all = [...api.store.products.values()]
      .filter((p) => skus.length === 0 || skus.includes(p.sku.toLowerCase()))
      .filter((p) => ids.length === 0 || ids.includes(p.id))
      .map((p) => withVariants(api.store, p, req));
    const { data, pagination } = paginate(all, req);
    return { status: 200, body: { data, meta: { pagination } } };
  });
  on(r, 'post', '/catalog/products', products, (api, _req, body) => ({
    status: 200,
    body: { data: productJson(api.store, createProduct(api.store, parse(ProductInput, body, 'v3'))), meta: {} },
  }));
  on(r, 'get', '/catalog/products/:productId', products, (api, req) => {
    const p = api.store.products.get(idParam(req, 'productId'));
    if (!p) throw new BcError(404, 'The requested product was not found.');
    return { status: 200, body: { data: withVariants(api.store, p, req), meta: {} } };
  });
  on(r, 'get', '/catalog/products/:productId/variants', products, (api, req) => {
    const p = api.store.products.get(idParam(req, 'productId'));
    if (!p) throw new BcError(404, 'The requested product was not found.');
    const { data, pagination } = paginate(
      api.store.variantsOf(p.id).map((v) => variantJson(api.store, v)),
      req,
    );
    return { status: 200, body: { data, meta: { pagination } } };
  });
  on(r, 'get', '/catalog/products/:productId/variants/:variantId', products, (api, req) => {
    const v = api.store.variants.get(idParam(req, 'variantId'));
    if (!v || v.productId !== idParam(req, 'productId')) throw new BcError(404, 'The requested variant was not found.');
    return { status: 200, body: { data: variantJson(api.store, v), meta: {} } };
  });
  on(r, 'get', '/catalog/variants', products, (api, req) => {
    const skus = skuFilter(req).map((s) => s.toLowerCase());
    const ids = idsOf(req, 'id:in');
    const productIds = idsOf(req, 'product_id:in');
    const all = [...api.store.variants.values()]
      .filter((v) => skus.length === 0 || skus.includes(v.sku.toLowerCase()))
      .filter(
        (v) =>
          (ids.length === 0 || ids.includes(v.id)) && (productIds.length === 0 || productIds.includes(v.productId)),
      )
      .map((v) => variantJson(api.store, v));
    const { data, pagination } = paginate(all, req);
    return { status: 200, body: { data, meta: { pagination } } };
  });

  const inventory = NEEDS.inventory;
  on(r, 'put', '/inventory/adjustments/absolute', inventory, (api, _req, body) => ({
    status: 200,
    body: adjust(api.store, 'absolute', parseAdjustment(body)),
  }));
  on(r, 'post', '/inventory/adjustments/relative', inventory, (api, _req, body) => ({
    status: 200,
    body: adjust(api.store, 'relative', parseAdjustment(body)),
  }));
  on(r, 'get', '/inventory/items', inventory, (api, req) => {
    const locations = idsOf(req, 'location_id:in');
    const all = inventoryItems(api.store, req).map(({ product, variant, key }) => ({
      identity: { sku: variant.sku, variant_id: variant.id, product_id: product.id, sku_id: variant.skuId },
      locations: [...api.store.locations.values()]
        .filter((l) => locations.length === 0 || locations.includes(l.id))
        .map((l) => ({
          location_id: l.id,
          location_code: l.code,
          location_name: l.name,
          ...locationStock(api.store, key, l.id),
          location_enabled: l.enabled,
        })),
    }));
    const { data, pagination } = paginate(all, req, 50, 1000);
    return { status: 200, body: { data, meta: { pagination } } };
  });
  on(r, 'get', '/inventory/locations/:locationId/items', inventory, (api, req) => {
    const locationId = idParam(req, 'locationId');
    if (!api.store.locations.has(locationId))
      throw new BcError(404, `Location ${locationId} not found`, { style: 'problem' });
    const all = inventoryItems(api.store, req).map(({ product, variant, key }) => ({
      identity: { sku: variant.sku, variant_id: variant.id, product_id: product.id },
      ...locationStock(api.store, key, locationId),
    }));
    const { data, pagination } = paginate(all, req, 50, 1000);
    return { status: 200, body: { data, meta: { pagination } } };
  });
  return r;
}

function parseAdjustment(body: unknown): AdjustmentBody {
  const r = AdjustmentBody.safeParse(body);
  if (r.success) return r.data;
  const errors = Object.fromEntries(r.error.issues.map((i) => [i.path.join('.') || 'body', i.message]));
  throw new BcError(422, 'JSON data is missing or invalid', { errors, style: 'problem' });
}
