import { randomUUID } from 'node:crypto';
import type { Price, Product, ProductData, ProductProjection, ProductVariant } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { Identifier, LocalizedString, MoneyDraft } from './drafts.ts';
import { duplicateField, invalidInput } from './errors.ts';
import { fromDraft } from './money.ts';
import { type ActionHandler, baseFields, parseBody, unknownAction } from './repo.ts';
import type { ResourceKind } from './resource-kind.ts';
import type { ProjectState } from './state.ts';

/**
 * Products [CT types/product/{Product,ProductData,ProductVariant,ProductDraft}.raml]: `masterData`
 * holds `staged` and `current` (published) data; SKUs are unique across the project; carts take
 * the published (`current`) variant. Supported actions: publish, unpublish, changeName, setPrices,
 * setTaxCategory, setKey.
 */

const PriceDraft = z.object({
  key: z.string().optional(),
  value: MoneyDraft,
  country: z.string().optional(),
  channel: Identifier.optional(),
});

const Attribute = z.object({ name: z.string(), value: z.unknown() });
const Image = z.object({
  url: z.string(),
  dimensions: z.object({ w: z.number(), h: z.number() }),
  label: z.string().optional(),
});

const VariantDraft = z.object({
  sku: z.string().optional(),
  key: z.string().optional(),
  prices: z.array(PriceDraft).optional(),
  attributes: z.array(Attribute).optional(),
  images: z.array(Image).optional(),
});

export const ProductDraft = z.object({
  productType: Identifier,
  name: LocalizedString,
  slug: LocalizedString,
  key: z.string().optional(),
  description: LocalizedString.optional(),
  categories: z.array(Identifier).optional(),
  masterVariant: VariantDraft.optional(),
  variants: z.array(VariantDraft).optional(),
  taxCategory: Identifier.optional(),
  searchKeywords: z.record(z.string(), z.array(z.object({ text: z.string() }))).optional(),
  attributes: z.array(Attribute).optional(),
  publish: z.boolean().optional(),
});
export type ProductDraft = z.infer<typeof ProductDraft>;

function buildPrice(p: ProjectState, d: z.infer<typeof PriceDraft>): Price {
  return {
    id: randomUUID(),
    ...(d.key ? { key: d.key } : {}),
    value: fromDraft(d.value),
    ...(d.country ? { country: d.country } : {}),
    ...(d.channel ? { channel: { typeId: 'channel', id: p.resolve(p.channels, d.channel).id } } : {}),
  };
}

function buildVariant(p: ProjectState, d: z.infer<typeof VariantDraft>, id: number): ProductVariant {
  return {
    id,
    ...(d.sku ? { sku: d.sku } : {}),
    ...(d.key ? { key: d.key } : {}),
    prices: (d.prices ?? []).map((x) => buildPrice(p, x)),
    images: d.images ?? [],
    attributes: d.attributes ?? [],
    assets: [],
  };
}

/** Every variant of every product, staged or current, with its product. */
export function variantsOf(product: Product, which: 'current' | 'staged'): ProductVariant[] {
  const data = product.masterData[which];
  return [data.masterVariant, ...data.variants];
}

export function findBySku(p: ProjectState, sku: string, which: 'current' | 'staged' = 'current') {
  for (const product of p.products.all()) {
    const variant = variantsOf(product, which).find((v) => v.sku === sku);
    if (variant) return { product, variant };
  }
  return undefined;
}

export function createProduct(p: ProjectState, draft: ProductDraft, actor: ProductActor): Product {
  const drafts = [draft.masterVariant ?? {}, ...(draft.variants ?? [])];
  for (const d of drafts) {
    if (d.sku && (findBySku(p, d.sku, 'staged') || drafts.filter((x) => x.sku === d.sku).length > 1)) {
      throw duplicateField('sku', d.sku);
    }
  }
  const productType = p.resolve(p.productTypes, draft.productType);
  const variants = drafts.map((d, i) => buildVariant(p, d, i + 1));
  const data: ProductData = {
    name: draft.name,
    categories: (draft.categories ?? []).map((c) => ({ typeId: 'category', id: p.resolve(p.categories, c).id })),
    ...(draft.description ? { description: draft.description } : {}),
    slug: draft.slug,
    masterVariant: variants[0] as ProductVariant,
    variants: variants.slice(1),
    searchKeywords: draft.searchKeywords ?? {},
    attributes: draft.attributes ?? [],
  };
  return {
    id: randomUUID(),
    version: 1,
    ...(draft.key ? { key: draft.key } : {}),
    productType: { typeId: 'product-type', id: productType.id },
    masterData: { published: draft.publish === true, hasStagedChanges: false, current: data, staged: data },
    ...(draft.taxCategory
      ? { taxCategory: { typeId: 'tax-category', id: p.resolve(p.taxCategories, draft.taxCategory).id } }
      : {}),
    ...baseFields(p.now(), actor),
  };
}

type ProductActor = Parameters<typeof baseFields>[1];

export function projection(product: Product, staged: boolean): ProductProjection {
  const data = staged ? product.masterData.staged : product.masterData.current;
  return {
    id: product.id,
    version: product.version,
    ...(product.key ? { key: product.key } : {}),
    productType: product.productType,
    ...data,
    ...(product.taxCategory ? { taxCategory: product.taxCategory } : {}),
    hasStagedChanges: product.masterData.hasStagedChanges,
    published: product.masterData.published,
    createdAt: product.createdAt,
    lastModifiedAt: product.lastModifiedAt,
  };
}

const staging = (product: Product, staged: ProductData, onlyStaged: boolean): Product => ({
  ...product,
  masterData: {
    ...product.masterData,
    staged,
    current: onlyStaged ? product.masterData.current : staged,
    hasStagedChanges: onlyStaged,
  },
});

const productActions =
  (p: ProjectState): ActionHandler<Product> =>
  (product, action, ctx) => {
    const a = action as Record<string, unknown>;
    const onlyStaged = a.staged !== false;
    const data = product.masterData.staged;
    switch (action.action) {
      case 'publish': {
        ctx.emit({
          type: 'ProductPublished',
          removedImageUrls: [],
          productProjection: projection(product, true),
          scope: 'All',
        });
        return {
          ...product,
          masterData: { ...product.masterData, current: data, published: true, hasStagedChanges: false },
        };
      }
      case 'unpublish':
        ctx.emit({ type: 'ProductUnpublished' });
        return { ...product, masterData: { ...product.masterData, published: false } };
      case 'changeName':
        return staging(product, { ...data, name: parseBody(LocalizedString, a.name, 'name') }, onlyStaged);
      case 'setPrices': {
        const prices = parseBody(z.array(PriceDraft), a.prices, 'prices').map((x) => buildPrice(p, x));
        const target = (v: ProductVariant): boolean => v.id === a.variantId || (a.sku !== undefined && v.sku === a.sku);
        if (![data.masterVariant, ...data.variants].some(target))
          throw invalidInput('No variant matches variantId/sku.');
        const set = (v: ProductVariant): ProductVariant => (target(v) ? { ...v, prices } : v);
        return staging(
          product,
          { ...data, masterVariant: set(data.masterVariant), variants: data.variants.map(set) },
          onlyStaged,
        );
      }
      case 'setTaxCategory': {
        const ref = a.taxCategory === undefined ? undefined : parseBody(Identifier, a.taxCategory, 'taxCategory');
        const { taxCategory: _old, ...rest } = product;
        return ref
          ? { ...rest, taxCategory: { typeId: 'tax-category', id: p.resolve(p.taxCategories, ref).id } }
          : rest;
      }
      case 'setKey': {
        const { key: _old, ...rest } = product;
        return typeof a.key === 'string' ? { ...rest, key: a.key } : rest;
      }
      default:
        throw unknownAction('product', action.action);
    }
  };

export const productKind = (p: ProjectState): ResourceKind<Product> => ({
  path: 'products',
  repo: (x) => x.products,
  view: ['view_products'],
  manage: ['manage_products'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const product = createProduct(ctx.project, parseBody(ProductDraft, body), ctx.actor);
    return { resource: product, messages: [{ type: 'ProductCreated', productProjection: projection(product, true) }] };
  },
  actions: productActions(p),
});
