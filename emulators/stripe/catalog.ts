import { z } from 'zod';
import { invalid, noSuch } from './errors.ts';
import { bool, expand, id, int, mergeMetadata, metadata, parseParams, str } from './params.ts';
import { type ApiObject, type Json, newId, type StripeStore } from './store.ts';

/**
 * Products and prices (a recurring price is also a legacy `plan`). Amounts are
 * integers in minor units (`unit_amount: 29900` is 299.00 kr); `*_decimal` twins are strings.
 */

const Recurring = z.strictObject({
  interval: z.enum(['day', 'week', 'month', 'year']),
  interval_count: int.optional(),
  usage_type: z.enum(['licensed', 'metered']).optional(),
});

export const ProductParams = z.strictObject({
  id: id.optional(),
  name: str,
  active: bool.optional(),
  description: str.optional(),
  metadata,
  tax_code: str.optional(),
  images: z.array(str).optional(),
  unit_label: str.optional(),
  url: str.optional(),
  statement_descriptor: str.optional(),
  default_price_data: z
    .strictObject({
      currency: str,
      unit_amount: int,
      recurring: Recurring.optional(),
      tax_behavior: z.enum(['inclusive', 'exclusive', 'unspecified']).optional(),
    })
    .optional(),
  expand,
});

export const PriceParams = z.strictObject({
  currency: str,
  product: id.optional(),
  product_data: z.strictObject({ name: str, metadata }).optional(),
  unit_amount: int.optional(),
  recurring: Recurring.optional(),
  tax_behavior: z.enum(['inclusive', 'exclusive', 'unspecified']).optional(),
  nickname: str.optional(),
  lookup_key: str.optional(),
  active: bool.optional(),
  metadata,
  expand,
});

export interface Price extends ApiObject {
  object: 'price';
  currency: string;
  product: string;
  unit_amount: number;
  recurring: {
    interval: string;
    interval_count: number;
    meter: null;
    usage_type: string;
    trial_period_days: null;
  } | null;
  tax_behavior: 'inclusive' | 'exclusive' | 'unspecified';
  metadata: Record<string, string>;
}

export function createProduct(store: StripeStore, input: unknown): ApiObject {
  const p = parseParams(ProductParams, input);
  if (p.id && store.objects.has(p.id))
    throw invalid(`Product already exists.`, { code: 'resource_already_exists', param: 'id' });
  const now = store.unix();
  const product: ApiObject = {
    id: p.id ?? newId('prod').replace(/^prod_1/, 'prod_'),
    object: 'product',
    active: p.active ?? true,
    created: now,
    default_price: null,
    description: p.description ?? null,
    images: p.images ?? [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, p.metadata),
    name: p.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: p.statement_descriptor ?? null,
    tax_code: p.tax_code ?? null,
    unit_label: p.unit_label ?? null,
    updated: now,
    url: p.url ?? null,
    type: 'service',
  };
  store.put(product);
  store.emit('product.created', product);
  if (p.default_price_data) {
    const price = createPrice(store, { ...stringify(p.default_price_data), product: product.id });
    product.default_price = price.id;
  }
  return product;
}

/** Back to form strings (nested params re-enter the same validation as a request's). */
function stringify(o: Json): Json {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, typeof v === 'object' && v !== null ? stringify(v as Json) : String(v)]),
  );
}

export function createPrice(store: StripeStore, input: unknown): Price {
  const p = parseParams(PriceParams, input);
  let product = p.product;
  if (!product && p.product_data) product = createProduct(store, { name: p.product_data.name }).id;
  if (!product)
    throw invalid('You must specify either `product` or `product_data` when creating a price.', { param: 'product' });
  if (!store.get(product, 'product')) throw noSuch('product', product, 'product');
  if (p.unit_amount === undefined)
    throw invalid('Missing required param: unit_amount.', { code: 'parameter_missing', param: 'unit_amount' });
  const price: Price = {
    id: newId('price'),
    object: 'price',
    active: p.active ?? true,
    billing_scheme: 'per_unit',
    created: store.unix(),
    currency: p.currency.toLowerCase(),
    custom_unit_amount: null,
    livemode: false,
    lookup_key: p.lookup_key ?? null,
    metadata: mergeMetadata({}, p.metadata),
    nickname: p.nickname ?? null,
    product,
    recurring: p.recurring
      ? {
          interval: p.recurring.interval,
          interval_count: p.recurring.interval_count ?? 1,
          meter: null,
          usage_type: p.recurring.usage_type ?? 'licensed',
          trial_period_days: null,
        }
      : null,
    tax_behavior: p.tax_behavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: p.recurring ? 'recurring' : 'one_time',
    unit_amount: p.unit_amount,
    unit_amount_decimal: String(p.unit_amount),
  };
  store.put(price);
  store.emit('price.created', price);
  if (price.recurring && store.opts.planEvents) {
    const plan = planOf(price);
    // Before 2025-03-31.basil plans still carried `aggregate_usage` (legacy usage-based billing).
    store.emit('plan.created', plan, undefined, { ...plan, aggregate_usage: null });
  }
  return price;
}

/** The legacy `plan` view of a recurring price (subscription items still carry it). */
export function planOf(price: Price): Json {
  return {
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: String(price.unit_amount),
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    id: price.id,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    object: 'plan',
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: price.recurring?.usage_type ?? 'licensed',
  };
}
