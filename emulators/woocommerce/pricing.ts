import type { Address, ItemTaxes, Order, Product, TaxRate } from './model.ts';
import type { WooStore } from './store.ts';
import { phpRound } from './values.ts';

/**
 * Taxes and totals as `WC_Tax` and `WC_Abstract_Order::calculate_totals` work them out: rates found
 * by location and tax class (one per priority), per-rate taxes kept unrounded (6 decimals), item
 * tax totals rounded per rate, the order total rounded once. With prices entered including tax the
 * base country's rates are removed first (`woocommerce_adjust_non_base_location_prices`, default on),
 * so a buyer elsewhere pays the net price plus their own rate — the OSS case.
 */

const PRECISION = 6;
const taxClassKey = (taxClass: string): string => (taxClass === '' ? 'standard' : taxClass);

export interface Location {
  country: string;
  state: string;
  postcode: string;
  city: string;
}

/** `WC_Tax::find_rates`: the first matching rate (by `order`) of each priority. */
export function findRates(store: WooStore, at: Location, taxClass: string, shipping = false): TaxRate[] {
  const wanted = taxClassKey(taxClass);
  const matches = [...store.taxRates.values()]
    .filter((r) => r.class === wanted && (!shipping || r.shipping))
    .filter((r) => r.country === '' || r.country === at.country.toUpperCase())
    .filter((r) => r.state === '' || r.state === at.state.toUpperCase())
    .filter((r) => r.postcodes.length === 0 || r.postcodes.includes(at.postcode.toUpperCase()))
    .filter((r) => r.cities.length === 0 || r.cities.includes(at.city.toUpperCase()))
    .sort((a, b) => a.priority - b.priority || a.order - b.order || a.id - b.id);
  const byPriority = new Map<number, TaxRate>();
  for (const r of matches) if (!byPriority.has(r.priority)) byPriority.set(r.priority, r);
  return [...byPriority.values()];
}

/** `WC_Tax::calc_tax`: per-rate taxes of an amount, exclusive (added) or inclusive (contained). */
export function calcTax(amount: number, rates: TaxRate[], inclusive: boolean): Map<number, number> {
  const out = new Map<number, number>();
  if (inclusive) {
    const regular = rates.filter((r) => !r.compound).reduce((s, r) => s + r.rate, 0);
    const net = amount / (1 + regular / 100);
    for (const r of rates) if (!r.compound) out.set(r.id, phpRound(net * (r.rate / 100), PRECISION));
    return out;
  }
  let compoundBase = amount;
  for (const r of rates.filter((x) => !x.compound)) {
    const tax = phpRound(amount * (r.rate / 100), PRECISION);
    out.set(r.id, tax);
    compoundBase += tax;
  }
  for (const r of rates.filter((x) => x.compound)) {
    const tax = phpRound(compoundBase * (r.rate / 100), PRECISION);
    out.set(r.id, tax);
    compoundBase += tax;
  }
  return out;
}

const sum = (m: Map<number, number>): number => [...m.values()].reduce((s, v) => s + v, 0);
/** `wc_round_tax_total` per rate, then summed: how an item's `total_tax` is stored. */
export const roundedTaxTotal = (m: Map<number, number>): number =>
  [...m.values()].reduce((s, v) => s + phpRound(v, 2), 0);

export function baseLocation(store: WooStore): Location {
  return { country: store.opts.baseCountry, state: '', postcode: '', city: '' };
}

/** Tax is based on the shipping address, or the billing address when nothing ships. */
export function taxLocation(order: Pick<Order, 'billing' | 'shipping'>): Location {
  const a: Address = order.shipping.country !== '' ? order.shipping : order.billing;
  return { country: a.country, state: a.state, postcode: a.postcode, city: a.city };
}

/** `wc_get_price_excluding_tax` for a quantity: the line's net amount, unrounded. */
export function netLinePrice(store: WooStore, product: Product, unitPrice: number, quantity: number): number {
  const line = unitPrice * quantity;
  if (!store.opts.pricesIncludeTax || product.taxStatus !== 'taxable') return line;
  const rates = findRates(store, baseLocation(store), product.taxClass);
  return line - sum(calcTax(line, rates, true));
}

const taxesOf = (store: WooStore, at: Location, cls: string, total: number, subtotal: number): ItemTaxes => {
  const rates = findRates(store, at, cls);
  return { total: calcTax(total, rates, false), subtotal: calcTax(subtotal, rates, false) };
};

/** `calculate_taxes()` + `update_taxes()`: every item's taxes, and one tax line per rate used. */
export function recalculateTaxes(store: WooStore, order: Order): void {
  const at = taxLocation(order);
  const none = (): ItemTaxes => ({ total: new Map(), subtotal: new Map() });
  // A VAT-exempt buyer (an EU business with a validated VAT number) pays no tax at all.
  if (order.meta.some((m) => m.key === 'is_vat_exempt' && m.value === 'yes')) {
    for (const t of [...order.lineItems, ...order.feeLines, ...order.shippingLines]) t.taxes = none();
    order.taxLines = [];
    return;
  }
  for (const item of order.lineItems) {
    const product = store.products.get(item.variationId || item.productId);
    const taxable = (product?.taxStatus ?? 'taxable') === 'taxable';
    item.taxes = taxable ? taxesOf(store, at, item.taxClass, item.total, item.subtotal) : none();
  }
  for (const fee of order.feeLines) {
    fee.taxes = fee.taxStatus === 'taxable' ? taxesOf(store, at, fee.taxClass, fee.total, fee.total) : none();
  }
  for (const ship of order.shippingLines) {
    const rates = findRates(store, at, '', true);
    const taxes = calcTax(ship.total, rates, false);
    ship.taxes = { total: taxes, subtotal: new Map(taxes) };
  }
  const used = new Set<number>();
  for (const t of [...order.lineItems, ...order.feeLines, ...order.shippingLines]) {
    for (const id of t.taxes.total.keys()) used.add(id);
  }
  order.taxLines = order.taxLines.filter((l) => used.has(l.rateId));
  for (const id of used) {
    if (!order.taxLines.some((l) => l.rateId === id))
      order.taxLines.push({ id: store.nextItemId(), rateId: id, meta: [] });
  }
}

export interface OrderTotals {
  discountTotal: number;
  discountTax: number;
  shippingTotal: number;
  shippingTax: number;
  cartTax: number;
  totalTax: number;
  total: number;
  /** rate id → [items and fees tax, shipping tax], each rounded as the tax line stores it. */
  perRate: Map<number, { tax: number; shipping: number }>;
}

export function orderTotals(order: Order): OrderTotals {
  const perRate = new Map<number, { tax: number; shipping: number }>();
  const add = (m: Map<number, number>, kind: 'tax' | 'shipping'): void => {
    for (const [id, v] of m) {
      const r = perRate.get(id) ?? { tax: 0, shipping: 0 };
      r[kind] += v;
      perRate.set(id, r);
    }
  };
  for (const t of [...order.lineItems, ...order.feeLines]) add(t.taxes.total, 'tax');
  for (const s of order.shippingLines) add(s.taxes.total, 'shipping');
  for (const r of perRate.values()) {
    r.tax = phpRound(r.tax, 2);
    r.shipping = phpRound(r.shipping, 2);
  }
  const cartTax = [...perRate.values()].reduce((s, r) => s + r.tax, 0);
  const shippingTax = [...perRate.values()].reduce((s, r) => s + r.shipping, 0);
  const shippingTotal = order.shippingLines.reduce((s, l) => s + l.total, 0);
  const items = order.lineItems.reduce((s, l) => s + l.total, 0);
  const fees = order.feeLines.reduce((s, l) => s + l.total, 0);
  const discountTotal = order.lineItems.reduce((s, l) => s + (l.subtotal - l.total), 0);
  const discountTax = order.lineItems.reduce(
    (s, l) => s + (roundedTaxTotal(l.taxes.subtotal) - roundedTaxTotal(l.taxes.total)),
    0,
  );
  return {
    discountTotal: phpRound(discountTotal, 2),
    discountTax: phpRound(discountTax, 2),
    shippingTotal,
    shippingTax: phpRound(shippingTax, 2),
    cartTax: phpRound(cartTax, 2),
    totalTax: phpRound(cartTax + shippingTax, 2),
    total: phpRound(items + fees + shippingTotal + cartTax + shippingTax, 2),
    perRate,
  };
}
