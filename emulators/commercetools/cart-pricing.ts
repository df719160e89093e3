import type {
  Cart,
  CentPrecisionMoney,
  CustomLineItem,
  LineItem,
  Price,
  ProductVariant,
  ShippingInfo,
  TaxCategory,
  TaxedItemPrice,
  TaxRate,
} from '@commercetools/platform-sdk';
import { matchingPriceNotFound, missingTaxRate } from './errors.ts';
import { money } from './money.ts';
import type { ProjectState } from './state.ts';
import { externalCartTotal, sumTaxed, taxItem } from './tax.ts';

/**
 * Recomputes a Cart after every change, per its `taxMode` [CT types/cart/TaxMode.raml]:
 * - Platform: each item's rate is the Tax Category's rate for the shipping address country (and
 *   state); with no shipping address nothing is taxed; a category without that country fails with
 *   MissingTaxRateForCountry;
 * - External: the rates set from outside stay; an item without one leaves the Cart untaxed;
 * - ExternalAmount: amounts set from outside stay until a price-affecting change removes them;
 * - Disabled: no rates, no `taxedPrice`.
 * `totalPrice` is the line items, custom line items and shipping price added up [Cart.raml].
 */

/** Price selection [pricing overview]: currency, then country and channel, the most specific first. */
export function selectPrice(
  productId: string,
  variant: ProductVariant,
  currency: string,
  country: string | undefined,
  channelId: string | undefined,
): Price {
  const candidates = (variant.prices ?? []).filter(
    (p) =>
      p.value.currencyCode === currency &&
      (p.country === undefined || p.country === country) &&
      (p.channel === undefined || p.channel.id === channelId),
  );
  candidates.sort(
    (a, b) =>
      Number(b.country !== undefined) +
      Number(b.channel !== undefined) -
      Number(a.country !== undefined) -
      Number(a.channel !== undefined),
  );
  const price = candidates[0];
  if (!price) throw matchingPriceNotFound(productId, variant.id, currency);
  return price;
}

function platformRate(category: TaxCategory | undefined, country: string, state: string | undefined): TaxRate {
  const rate =
    category?.rates.find((r) => r.country === country && r.state === state) ??
    category?.rates.find((r) => r.country === country && r.state === undefined);
  if (!rate) throw missingTaxRate(category?.id ?? 'none', country);
  return rate;
}

interface Taxable {
  totalPrice: CentPrecisionMoney;
  quantity: number;
  taxRate?: TaxRate;
  taxedPrice?: TaxedItemPrice;
}

function taxed<T extends Taxable>(
  p: ProjectState,
  cart: Cart,
  item: T,
  categoryId: string | undefined,
  changed: boolean,
): T {
  const { taxRate: _r, taxedPrice: _t, ...bare } = item;
  const address = cart.shippingAddress;
  switch (cart.taxMode) {
    case 'Disabled':
      return bare as T;
    case 'ExternalAmount':
      return changed ? (bare as T) : item;
    case 'External':
      return item.taxRate
        ? {
            ...item,
            taxedPrice: taxItem(
              item.totalPrice,
              item.quantity,
              item.taxRate,
              cart.taxCalculationMode,
              cart.taxRoundingMode,
            ),
          }
        : (bare as T);
    default: {
      if (!address) return bare as T;
      const category = categoryId ? p.taxCategories.get(categoryId) : undefined;
      const rate = platformRate(category, address.country, address.state);
      return {
        ...item,
        taxRate: rate,
        taxedPrice: taxItem(item.totalPrice, item.quantity, rate, cart.taxCalculationMode, cart.taxRoundingMode),
      };
    }
  }
}

function priceLine(p: ProjectState, cart: Cart, line: LineItem): LineItem {
  let price = line.price;
  if (line.priceMode === 'Platform') {
    const product = p.products.get(line.productId);
    const variant = product
      ? [product.masterData.current.masterVariant, ...product.masterData.current.variants].find(
          (v) => v.id === line.variant.id,
        )
      : undefined;
    if (variant)
      price = selectPrice(
        line.productId,
        variant,
        cart.totalPrice.currencyCode,
        cart.country,
        line.distributionChannel?.id,
      );
  }
  const totalPrice =
    line.priceMode === 'ExternalTotal'
      ? line.totalPrice
      : money(price.value.currencyCode, price.value.centAmount * line.quantity);
  const changed = totalPrice.centAmount !== line.totalPrice.centAmount || line.taxedPrice === undefined;
  const categoryId = p.products.get(line.productId)?.taxCategory?.id;
  return taxed(p, cart, { ...line, price, totalPrice }, categoryId, changed);
}

function priceCustom(p: ProjectState, cart: Cart, item: CustomLineItem): CustomLineItem {
  const totalPrice = money(item.money.currencyCode, item.money.centAmount * item.quantity);
  const changed = totalPrice.centAmount !== item.totalPrice.centAmount || item.taxedPrice === undefined;
  return taxed(p, cart, { ...item, totalPrice }, item.taxCategory?.id, changed);
}

function priceShipping(p: ProjectState, cart: Cart, info: ShippingInfo, itemsTotal: number): ShippingInfo {
  const method = info.shippingMethod ? p.shippingMethods.get(info.shippingMethod.id) : undefined;
  let rate = info.shippingRate;
  let matches = info.shippingMethodState === 'MatchesCart';
  if (method) {
    // A shipping address that moved out of the method's zones makes it DoesNotMatchCart [ShippingMethodState.raml].
    const country = cart.shippingAddress?.country;
    matches = false;
    for (const zr of method.zoneRates) {
      const zone = p.zones.get(zr.zone.id);
      const found = zone?.locations.some((l) => l.country === country)
        ? zr.shippingRates.find((r) => r.price.currencyCode === cart.totalPrice.currencyCode)
        : undefined;
      if (found) {
        rate = found;
        matches = true;
      }
    }
  }
  const free = rate.freeAbove !== undefined && itemsTotal >= rate.freeAbove.centAmount;
  const price = money(rate.price.currencyCode, free ? 0 : rate.price.centAmount);
  const item = {
    ...info,
    shippingRate: rate,
    price,
    shippingMethodState: matches ? ('MatchesCart' as const) : ('DoesNotMatchCart' as const),
    totalPrice: price,
    quantity: 1,
  };
  const result = taxed(
    p,
    cart,
    item,
    info.taxCategory?.id,
    price.centAmount !== info.price.centAmount || info.taxedPrice === undefined,
  );
  const { totalPrice: _t, quantity: _q, ...shipping } = result;
  return shipping;
}

export function recalculate(p: ProjectState, cart: Cart): Cart {
  const currency = cart.totalPrice.currencyCode;
  const lineItems = cart.lineItems.map((l) => priceLine(p, cart, l));
  const customLineItems = cart.customLineItems.map((c) => priceCustom(p, cart, c));
  const itemsTotal = [...lineItems, ...customLineItems].reduce((s, i) => s + i.totalPrice.centAmount, 0);
  const shippingInfo = cart.shippingInfo ? priceShipping(p, cart, cart.shippingInfo, itemsTotal) : undefined;
  const total = itemsTotal + (shippingInfo?.price.centAmount ?? 0);
  const { taxedPrice: oldTaxed, taxedShippingPrice: _s, shippingInfo: _i, ...rest } = cart;
  const next: Cart = {
    ...rest,
    lineItems,
    customLineItems,
    ...(shippingInfo ? { shippingInfo } : {}),
    totalPrice: money(currency, total),
    totalLineItemQuantity: lineItems.reduce((s, l) => s + l.quantity, 0),
  };
  const items = [...lineItems, ...customLineItems, ...(shippingInfo ? [shippingInfo] : [])].map((i) => i.taxedPrice);
  if (cart.taxMode === 'Disabled') return next;
  if (cart.taxMode === 'ExternalAmount') {
    // The total tax is set by setCartTotalTax and dropped by any change of the total [TaxMode.raml].
    const keep = oldTaxed && total === cart.totalPrice.centAmount ? oldTaxed : undefined;
    return keep ? { ...next, taxedPrice: keep } : next;
  }
  const taxedPrice = sumTaxed(items, currency);
  return {
    ...next,
    ...(taxedPrice ? { taxedPrice } : {}),
    ...(shippingInfo?.taxedPrice ? { taxedShippingPrice: sumTaxed([shippingInfo.taxedPrice], currency) } : {}),
  };
}

export { externalCartTotal };
