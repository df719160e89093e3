import { randomUUID } from 'node:crypto';
import type {
  Category,
  InventoryEntry,
  ProductType,
  ShippingMethod,
  TaxCategory,
  Zone,
} from '@commercetools/platform-sdk';
import { z } from 'zod';
import { Identifier, LocalizedString, MoneyDraft, TaxRateDraft } from './drafts.ts';
import { invalidInput } from './errors.ts';
import { fromDraft } from './money.ts';
import { baseFields, parseBody, unknownAction } from './repo.ts';
import type { ResourceKind } from './resource-kind.ts';

/**
 * Tax Categories, Zones, Shipping Methods, Categories, Product Types and Inventory [CT
 * types/{tax-category,zone,shipping-method,category,product-type,inventory}/*.raml]: what carts need
 * to price, tax and ship line items. A Tax Rate's `amount` is 0–1 (0.25 = 25 %).
 */

const TaxCategoryDraft = z.object({
  name: z.string(),
  key: z.string().optional(),
  description: z.string().optional(),
  rates: z.array(TaxRateDraft).optional(),
});

export const taxCategoryKind: ResourceKind<TaxCategory> = {
  path: 'tax-categories',
  repo: (p) => p.taxCategories,
  view: ['view_tax_categories', 'view_products'],
  manage: ['manage_tax_categories', 'manage_products'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(TaxCategoryDraft, body);
    const rates = (d.rates ?? []).map((r) => {
      const amount = r.amount ?? r.subRates?.reduce((s, x) => s + x.amount, 0);
      if (amount === undefined) throw invalidInput('A tax rate needs an amount or sub-rates.');
      return { id: randomUUID().slice(0, 8), ...r, amount, subRates: r.subRates ?? [] };
    });
    const tc: TaxCategory = {
      id: randomUUID(),
      version: 1,
      name: d.name,
      ...(d.key ? { key: d.key } : {}),
      ...(d.description ? { description: d.description } : {}),
      rates,
      ...baseFields(ctx.now, ctx.actor),
    };
    return { resource: tc, messages: [] };
  },
};

const ZoneDraft = z.object({
  name: z.string(),
  key: z.string().optional(),
  locations: z.array(z.object({ country: z.string(), state: z.string().optional() })).optional(),
});

export const zoneKind: ResourceKind<Zone> = {
  path: 'zones',
  repo: (p) => p.zones,
  view: ['view_orders', 'view_shipping_methods'],
  manage: ['manage_orders', 'manage_shipping_methods'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(ZoneDraft, body);
    const zone: Zone = {
      id: randomUUID(),
      version: 1,
      name: d.name,
      ...(d.key ? { key: d.key } : {}),
      locations: d.locations ?? [],
      ...baseFields(ctx.now, ctx.actor),
    };
    return { resource: zone, messages: [] };
  },
};

const ShippingMethodDraft = z.object({
  name: z.string(),
  key: z.string().optional(),
  taxCategory: Identifier,
  zoneRates: z.array(
    z.object({
      zone: Identifier,
      shippingRates: z.array(z.object({ price: MoneyDraft, freeAbove: MoneyDraft.optional() })),
    }),
  ),
  active: z.boolean().optional(),
  isDefault: z.boolean(),
});

export const shippingMethodKind: ResourceKind<ShippingMethod> = {
  path: 'shipping-methods',
  repo: (p) => p.shippingMethods,
  view: ['view_orders', 'view_shipping_methods'],
  manage: ['manage_orders', 'manage_shipping_methods'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(ShippingMethodDraft, body);
    const p = ctx.project;
    const sm: ShippingMethod = {
      id: randomUUID(),
      version: 1,
      name: d.name,
      ...(d.key ? { key: d.key } : {}),
      taxCategory: { typeId: 'tax-category', id: p.resolve(p.taxCategories, d.taxCategory).id },
      zoneRates: d.zoneRates.map((zr) => ({
        zone: { typeId: 'zone', id: p.resolve(p.zones, zr.zone).id },
        shippingRates: zr.shippingRates.map((r) => ({
          price: fromDraft(r.price),
          ...(r.freeAbove ? { freeAbove: fromDraft(r.freeAbove) } : {}),
          tiers: [],
        })),
      })),
      active: d.active ?? true,
      isDefault: d.isDefault,
      stores: [],
      ...baseFields(ctx.now, ctx.actor),
    };
    return { resource: sm, messages: [] };
  },
};

const CategoryDraft = z.object({
  name: LocalizedString,
  slug: LocalizedString,
  key: z.string().optional(),
  orderHint: z.string().optional(),
});

export const categoryKind: ResourceKind<Category> = {
  path: 'categories',
  repo: (p) => p.categories,
  view: ['view_categories', 'view_products'],
  manage: ['manage_categories', 'manage_products'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(CategoryDraft, body);
    const category: Category = {
      id: randomUUID(),
      version: 1,
      name: d.name,
      slug: d.slug,
      ...(d.key ? { key: d.key } : {}),
      ancestors: [],
      orderHint: d.orderHint ?? '0.5',
      ...baseFields(ctx.now, ctx.actor),
    };
    return { resource: category, messages: [{ type: 'CategoryCreated', category }] };
  },
};

const ProductTypeDraft = z.object({ name: z.string(), description: z.string(), key: z.string().optional() });

export const productTypeKind: ResourceKind<ProductType> = {
  path: 'product-types',
  repo: (p) => p.productTypes,
  view: ['view_product_types', 'view_products'],
  manage: ['manage_product_types', 'manage_products'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(ProductTypeDraft, body);
    const pt: ProductType = { id: randomUUID(), version: 1, ...d, attributes: [], ...baseFields(ctx.now, ctx.actor) };
    return { resource: pt, messages: [] };
  },
};

const InventoryDraft = z.object({
  sku: z.string(),
  key: z.string().optional(),
  quantityOnStock: z.number().int(),
  restockableInDays: z.number().int().optional(),
  supplyChannel: Identifier.optional(),
});

export const inventoryKind: ResourceKind<InventoryEntry> = {
  path: 'inventory',
  repo: (p) => p.inventory,
  view: ['view_products'],
  manage: ['manage_products'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(InventoryDraft, body);
    const p = ctx.project;
    const entry: InventoryEntry = {
      id: randomUUID(),
      version: 1,
      ...(d.key ? { key: d.key } : {}),
      sku: d.sku,
      ...(d.supplyChannel
        ? { supplyChannel: { typeId: 'channel', id: p.resolve(p.channels, d.supplyChannel).id } }
        : {}),
      quantityOnStock: d.quantityOnStock,
      availableQuantity: d.quantityOnStock,
      ...(d.restockableInDays === undefined ? {} : { restockableInDays: d.restockableInDays }),
      ...baseFields(ctx.now, ctx.actor),
    };
    return { resource: entry, messages: [{ type: 'InventoryEntryCreated', inventoryEntry: entry }] };
  },
  actions: (e, action, ctx) => {
    const q = Number(action.quantity);
    if (!Number.isInteger(q)) throw invalidInput('quantity must be an integer.');
    const next =
      action.action === 'addQuantity'
        ? e.quantityOnStock + q
        : action.action === 'removeQuantity'
          ? e.quantityOnStock - q
          : action.action === 'changeQuantity'
            ? q
            : undefined;
    if (next === undefined) throw unknownAction('inventory-entry', action.action);
    const delta = next - e.quantityOnStock;
    ctx.emit({
      type: 'InventoryEntryQuantitySet',
      oldQuantityOnStock: e.quantityOnStock,
      newQuantityOnStock: next,
      oldAvailableQuantity: e.availableQuantity,
      newAvailableQuantity: e.availableQuantity + delta,
    });
    return { ...e, quantityOnStock: next, availableQuantity: e.availableQuantity + delta };
  },
};
