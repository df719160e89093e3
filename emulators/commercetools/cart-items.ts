import { randomUUID } from 'node:crypto';
import type { Cart, CustomLineItem, ItemState, LineItem, ShippingInfo, TaxRate } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { ExternalTaxRateDraft, Identifier, LocalizedString, MoneyDraft } from './drafts.ts';
import { invalidInput, invalidOperation } from './errors.ts';
import { fromDraft, money } from './money.ts';
import { findBySku } from './products.ts';
import type { ProjectState } from './state.ts';

/**
 * Line items, custom line items and shipping as a Cart holds them [CT types/cart/{LineItem,
 * LineItemDraft,CustomLineItemDraft,ShippingInfo}.raml]. A line item is a snapshot of the published
 * variant (by `sku`, or `productId` + `variantId`); every item starts in the project's built-in
 * `Initial` LineItemState. Prices and taxes are filled in by `recalculate`.
 */

export const LineItemDraft = z.object({
  key: z.string().optional(),
  sku: z.string().optional(),
  productId: z.string().optional(),
  variantId: z.number().int().optional(),
  quantity: z.number().int().positive().optional(),
  distributionChannel: Identifier.optional(),
  externalPrice: MoneyDraft.optional(),
  externalTaxRate: ExternalTaxRateDraft.optional(),
});
export type LineItemDraft = z.infer<typeof LineItemDraft>;

export const CustomLineItemDraft = z.object({
  name: LocalizedString,
  key: z.string().optional(),
  quantity: z.number().int().positive().optional(),
  money: MoneyDraft,
  slug: z.string(),
  taxCategory: Identifier.optional(),
  externalTaxRate: ExternalTaxRateDraft.optional(),
});

export function externalRate(d: ExternalTaxRateDraft): TaxRate {
  const amount = d.amount ?? d.subRates?.reduce((s, r) => s + r.amount, 0);
  if (amount === undefined) throw invalidInput('An external tax rate needs an amount or sub-rates.');
  return {
    name: d.name,
    amount,
    includedInPrice: d.includedInPrice ?? false,
    country: d.country,
    ...(d.state ? { state: d.state } : {}),
    subRates: d.subRates ?? [],
    ...(d.taxRoundingTarget ? { taxRoundingTarget: d.taxRoundingTarget } : {}),
  } as TaxRate;
}

export function initialState(p: ProjectState, quantity: number): ItemState[] {
  const initial = p.states.find((s) => s.type === 'LineItemState' && s.builtIn && s.key === 'Initial');
  return initial ? [{ quantity, state: { typeId: 'state', id: initial.id } }] : [];
}

export function newLineItem(p: ProjectState, cart: Pick<Cart, 'totalPrice' | 'taxMode'>, d: LineItemDraft): LineItem {
  const found = d.sku
    ? findBySku(p, d.sku)
    : (() => {
        const product = d.productId ? p.products.get(d.productId) : undefined;
        const data = product?.masterData.current;
        const variant = data && [data.masterVariant, ...data.variants].find((v) => v.id === (d.variantId ?? 1));
        return product && variant ? { product, variant } : undefined;
      })();
  if (!found) {
    if (!d.sku && !d.productId) throw invalidInput('A line item needs a sku, or a productId and variantId.');
    throw invalidOperation(
      d.sku
        ? `A product containing a variant with SKU '${d.sku}' not found.`
        : `A product with ID '${d.productId}' not found.`,
    );
  }
  if (!found.product.masterData.published) {
    throw invalidOperation(`The product '${found.product.id}' is not published and cannot be added to a cart.`);
  }
  if (d.externalTaxRate && cart.taxMode !== 'External') {
    throw invalidOperation('An external tax rate can only be set on a cart with taxMode External.');
  }
  const { product, variant } = found;
  const quantity = d.quantity ?? 1;
  const productType = p.productTypes.get(product.productType.id);
  const currency = cart.totalPrice.currencyCode;
  const external = d.externalPrice ? fromDraft(d.externalPrice) : undefined;
  const data = product.masterData.current;
  return {
    id: randomUUID(),
    ...(d.key ? { key: d.key } : {}),
    productId: product.id,
    ...(product.key ? { productKey: product.key } : {}),
    name: data.name,
    productType: {
      typeId: 'product-type',
      id: product.productType.id,
      ...(productType ? { version: productType.version } : {}),
    } as LineItem['productType'],
    productSlug: data.slug,
    variant,
    price: external ? { id: randomUUID(), value: external } : { id: '', value: money(currency, 0) },
    quantity,
    discountedPricePerQuantity: [],
    ...(d.externalTaxRate ? { taxRate: externalRate(d.externalTaxRate) } : {}),
    state: initialState(p, quantity),
    priceMode: external ? 'ExternalPrice' : 'Platform',
    lineItemMode: 'Standard',
    totalPrice: money(currency, 0),
    perMethodTaxRate: [],
    taxedPricePortions: [],
    ...(d.distributionChannel
      ? { distributionChannel: { typeId: 'channel', id: p.resolve(p.channels, d.distributionChannel).id } }
      : {}),
  };
}

export function newCustomLineItem(
  p: ProjectState,
  cart: Pick<Cart, 'totalPrice'>,
  d: z.infer<typeof CustomLineItemDraft>,
): CustomLineItem {
  const value = fromDraft(d.money);
  if (value.currencyCode !== cart.totalPrice.currencyCode)
    throw invalidInput('A custom line item must be in the cart currency.');
  const quantity = d.quantity ?? 1;
  return {
    id: randomUUID(),
    ...(d.key ? { key: d.key } : {}),
    name: d.name,
    money: value,
    totalPrice: money(value.currencyCode, 0),
    slug: d.slug,
    quantity,
    state: initialState(p, quantity),
    ...(d.taxCategory
      ? { taxCategory: { typeId: 'tax-category', id: p.resolve(p.taxCategories, d.taxCategory).id } }
      : {}),
    ...(d.externalTaxRate ? { taxRate: externalRate(d.externalTaxRate) } : {}),
    perMethodTaxRate: [],
    discountedPricePerQuantity: [],
    taxedPricePortions: [],
    priceMode: 'Standard',
  };
}

/** `shippingMethod` on a Cart: the method's rate for the cart's currency and shipping zone. */
export function newShippingInfo(p: ProjectState, cart: Cart, ref: Identifier, rate?: TaxRate): ShippingInfo {
  const method = p.resolve(p.shippingMethods, ref);
  if (!method.active) throw invalidOperation(`The shipping method '${method.key ?? method.id}' is not active.`);
  const country = cart.shippingAddress?.country;
  if (!country) throw invalidOperation('The cart needs a shipping address before a shipping method can be set.');
  const zoneRate = method.zoneRates.find((zr) => p.zones.get(zr.zone.id)?.locations.some((l) => l.country === country));
  const shippingRate = zoneRate?.shippingRates.find((r) => r.price.currencyCode === cart.totalPrice.currencyCode);
  if (!shippingRate) {
    throw invalidOperation(
      `The shipping method '${method.key ?? method.id}' has no rate for ${country} in ${cart.totalPrice.currencyCode}.`,
    );
  }
  return {
    shippingMethodName: method.name,
    price: shippingRate.price,
    shippingRate,
    taxCategory: method.taxCategory,
    shippingMethod: { typeId: 'shipping-method', id: method.id },
    ...(rate ? { taxRate: rate } : {}),
    deliveries: [],
    shippingMethodState: 'MatchesCart',
  };
}
