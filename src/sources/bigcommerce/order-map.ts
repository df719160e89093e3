import type { Line, SalesDocument } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import type { DocumentRead } from '../source.ts';
import { customerRef, SYSTEM, toCustomer } from './customer-map.ts';
import { OBJECTS } from './ids.ts';
import { type BcOrder, type BcOrderProduct, type BcShippingAddress, cents, isoDate } from './order-schema.ts';
import { type BigCommerceSettings, STATUS, wantsDocument } from './settings.ts';

/**
 * A BigCommerce order as the canonical sales document. Prices are sent as the store reports them
 * (incl. VAT in a tax-inclusive store, else excl.), so Fortnox's total equals the order total.
 * Discounts of every kind (coupon, automatic, manual) are what `discounted_total_inc_tax` takes
 * off a line [reference A2]; they become one discount row per VAT rate, so each rate's VAT stays
 * right. Shipping, handling, gift wrapping and fees are rows of their own. The VAT rate of a row is
 * what BigCommerce charged (tax ÷ ex-tax, to the half percent: 4-dp amounts are not exact).
 */

export interface OrderParts {
  order: BcOrder;
  products: BcOrderProduct[];
  addresses: BcShippingAddress[];
}

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function vatRate(tax: number, exTax: number): number | undefined {
  if (exTax <= 0) return undefined;
  return Math.round((tax / exTax) * 200) / 2;
}

export function orderTitle(orderId: number | string): string {
  return `Order #${orderId}`;
}

function productLine(p: BcOrderProduct, incl: boolean): Line {
  const rate = vatRate(p.total_tax || p.price_tax, p.total_ex_tax || p.price_ex_tax);
  return {
    sourceLineId: String(p.id),
    kind: 'product',
    ...defined({ productCode: p.sku }),
    description: p.name_customer ?? p.name ?? p.sku ?? '',
    quantity: p.quantity,
    unitPrice: cents(incl ? p.price_inc_tax : p.price_ex_tax),
    ...defined({ vatRate: rate }),
  };
}

/** One discount row per VAT rate, named by the discounts applied (coupon codes, promotions). */
function discountLines(products: readonly BcOrderProduct[], incl: boolean): Line[] {
  const byRate = new Map<number, { amount: number; names: Set<string> }>();
  for (const p of products) {
    if (p.discounted_total_inc_tax === undefined) continue;
    const offInc = p.total_inc_tax - p.discounted_total_inc_tax;
    if (offInc <= 0.004) continue;
    const rate = vatRate(p.total_tax, p.total_ex_tax) ?? 0;
    const entry = byRate.get(rate) ?? { amount: 0, names: new Set<string>() };
    entry.amount += incl ? offInc : offInc / (1 + rate / 100);
    for (const d of p.applied_discounts ?? []) entry.names.add(d.code ?? d.name ?? 'rabatt');
    byRate.set(rate, entry);
  }
  return [...byRate.entries()].map(([rate, { amount, names }]) => ({
    kind: 'discount',
    description: `Rabatt${names.size > 0 ? ` (${[...names].join(', ')})` : ''}${byRate.size > 1 ? ` ${rate} %` : ''}`,
    quantity: 1,
    unitPrice: cents(amount),
    vatRate: rate,
  }));
}

function costLine(
  kind: NonNullable<Line['kind']>,
  description: string,
  ex: number,
  inc: number,
  tax: number,
  incl: boolean,
) {
  if (inc <= 0 && ex <= 0) return [];
  const rate = vatRate(tax, ex);
  const line: Line = { kind, description, quantity: 1, unitPrice: cents(incl ? inc : ex) };
  if (rate !== undefined) line.vatRate = rate;
  return [line];
}

function blocked(order: BcOrder, active: boolean, code: string, message: string): DocumentRead {
  return { kind: 'blocked', active, title: orderTitle(order.id), code, message };
}

export function mapOrder(
  parts: OrderParts,
  connection: string,
  storeHash: string,
  settings: BigCommerceSettings,
): DocumentRead {
  const { order, products, addresses } = parts;
  const active = wantsDocument(order.status_id, settings) && order.status_id !== STATUS.cancelled;
  const n = `Order #${order.id}`;
  const address = order.billing_address;
  if (address === null || address === undefined || (address.street_1 === undefined && address.city === undefined)) {
    return blocked(
      order,
      active,
      'order_billing_address_missing',
      `${n} has no billing address. Add the billing address to the order in BigCommerce (Orders → Edit order) and save it.`,
    );
  }
  const currency = (order.default_currency_code ?? order.currency_code ?? '').toUpperCase();
  if (!ISO_CURRENCIES.has(currency)) {
    return blocked(
      order,
      active,
      'order_currency_unknown',
      `${n} is in the currency “${currency || 'none'}”, which is not a currency code Fortnox knows. Correct the store's currency settings, then retry.`,
    );
  }
  const items = products.filter((p) => p.parent_order_product_id === null || p.parent_order_product_id === undefined);
  const noSku = items.find((p) => p.sku === undefined);
  if (noSku !== undefined) {
    return blocked(
      order,
      active,
      'order_line_sku_missing',
      `${n}: the line “${noSku.name ?? noSku.id}” has no SKU, so it cannot be matched to a Fortnox article. Give the product a SKU in BigCommerce, then retry.`,
    );
  }
  const zero = items.find((p) => !(p.quantity > 0));
  if (zero !== undefined) {
    return blocked(
      order,
      active,
      'order_line_quantity_zero',
      `${n}: the line “${zero.name ?? zero.sku}” has quantity ${zero.quantity}. Correct the order in BigCommerce, then retry.`,
    );
  }
  const incl = order.is_tax_inclusive_pricing === true;
  const lines: Line[] = [
    ...items.map((p) => productLine(p, incl)),
    ...discountLines(items, incl),
    ...addresses.flatMap((a) => [
      ...costLine(
        'shipping',
        `Frakt${a.shipping_method ? `: ${a.shipping_method}` : ''}`,
        a.cost_ex_tax,
        a.cost_inc_tax,
        a.cost_tax,
        incl,
      ),
      ...costLine(
        'fee',
        'Expeditionsavgift',
        a.handling_cost_ex_tax,
        a.handling_cost_inc_tax,
        a.handling_cost_tax,
        incl,
      ),
    ]),
    ...costLine(
      'fee',
      'Presentinslagning',
      order.wrapping_cost_ex_tax,
      order.wrapping_cost_inc_tax,
      order.wrapping_cost_tax,
      incl,
    ),
    ...(order.fees ?? []).flatMap((f) =>
      costLine(
        'fee',
        f.display_name_customer ?? f.display_name_merchant ?? 'Avgift',
        f.cost_ex_tax,
        f.cost_inc_tax,
        f.cost_tax,
        incl,
      ),
    ),
  ];
  const ref = customerRef(connection, order.customer_id, address, order.id, settings);
  const customer = toCustomer(ref, address, settings);
  const country = customer.billingAddress.countryCode;
  const document: SalesDocument = {
    source: { system: SYSTEM, connection, object: OBJECTS.order, id: String(order.id) },
    title: orderTitle(order.id),
    customer,
    currency,
    documentDate: isoDate(order.date_created),
    lines,
    pricesIncludeVat: incl,
    expectedTotal: cents(order.total_inc_tax),
    expectedNet: cents(order.total_ex_tax),
    // The number the shopper sees in the confirmation e-mail and their account is the order id.
    yourOrderNumber: String(order.id),
    routing: {
      store: storeHash,
      channel: String(order.channel_id ?? 1),
      currency,
      ...defined({ country, paymentMethod: order.payment_method }),
    },
    active,
  };
  return { kind: 'document', document };
}
