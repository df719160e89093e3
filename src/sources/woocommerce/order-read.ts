import { createHash } from 'node:crypto';
import type { SourceRef } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import { money, type ShopBuyer, type ShopLine, type ShopOrder } from '../shop/order.ts';
import { metaValue, type WooLineItem, type WooOrderJson, type WooTaxRate, type wooAddress } from './order-json.ts';
import type { WooSettings } from './settings.ts';

/**
 * WooCommerce's order JSON → the shop order the shared mapping takes. The VAT rate of a line is
 * the shop's own tax rate behind its `taxes[]` (never guessed from the ratio of two rounded
 * strings); a line whose tax names no rate the shop knows keeps `vatRate` undefined, which the
 * mapping turns into a plain message. Renewal orders of WooCommerce Subscriptions are ordinary
 * orders recognised by their meta or `created_via` (both configurable: unverified which one shows).
 */

export type TaxRates = ReadonlyMap<number, WooTaxRate>;

export const SYSTEM = 'woocommerce';

export function wooRef(
  connection: string,
  object: 'order' | 'customer' | 'refund' | 'payment' | 'product',
  id: string,
): SourceRef {
  return { system: SYSTEM, connection, object, id };
}

function rateOf(taxes: WooLineItem['taxes'], tax: number, rates: TaxRates): { rate?: number; country?: string } {
  const charged = taxes.filter((t) => money(t.total) !== 0 || money(t.subtotal) !== 0);
  if (charged.length === 0) return tax === 0 ? { rate: 0 } : {};
  const found = charged.map((t) => rates.get(t.id));
  if (found.some((r) => r === undefined)) return {};
  const rate = found.reduce((sum, r) => sum + money(r!.rate), 0);
  const country = found[0]!.country.toUpperCase();
  return { rate: Math.round(rate * 100) / 100, ...(country === '' ? {} : { country }) };
}

function line(
  item: { id: number; taxes: WooLineItem['taxes'] },
  kind: ShopLine['kind'],
  name: string,
  amounts: { quantity: number; net: number; tax: number; netAfter: number; taxAfter: number },
  rates: TaxRates,
  sku?: string,
): ShopLine {
  const { rate, country } = rateOf(item.taxes, amounts.taxAfter || amounts.tax, rates);
  return {
    sourceLineId: String(item.id),
    kind,
    name,
    ...amounts,
    vatRate: rate,
    ...defined({ vatCountry: country }),
    ...(sku === undefined || sku === '' ? {} : { sku }),
  };
}

export function productLine(item: WooLineItem, rates: TaxRates): ShopLine {
  return line(
    item,
    'product',
    item.name,
    {
      quantity: item.quantity,
      net: money(item.subtotal),
      tax: money(item.subtotal_tax),
      netAfter: money(item.total),
      taxAfter: money(item.total_tax),
    },
    rates,
    item.sku,
  );
}

export function isRenewal(order: WooOrderJson, settings: WooSettings): boolean {
  return (
    metaValue(order.meta_data, [settings.renewalMetaKey]) !== undefined ||
    (order.created_via !== '' && order.created_via === settings.renewalCreatedVia)
  );
}

export function buyerOf(
  billing: ReturnType<typeof wooAddress.parse>,
  meta: WooOrderJson['meta_data'],
  settings: WooSettings,
  customer?: SourceRef,
): ShopBuyer {
  const vatNumber = metaValue(meta, settings.vatNumberMetaKeys);
  const organisationNumber = metaValue(meta, settings.organisationNumberMetaKeys);
  const gln = metaValue(meta, settings.glnMetaKeys);
  return {
    ...defined({ customer }),
    firstName: billing.first_name,
    lastName: billing.last_name,
    company: billing.company,
    email: billing.email,
    phone: billing.phone,
    street1: billing.address_1,
    street2: billing.address_2,
    postalCode: billing.postcode,
    city: billing.city,
    country: billing.country,
    ...defined({ vatNumber, organisationNumber, gln }),
  };
}

export function shopOrderOf(
  connection: string,
  order: WooOrderJson,
  rates: TaxRates,
  settings: WooSettings,
): ShopOrder {
  const renewal = isRenewal(order, settings);
  // A full refund moves the order to `refunded`; the sale still happened and its refund records credit it.
  // Were it inactive, the core would credit or park the invoice too: the refund credited twice.
  const invoiced = settings.invoiceStatuses.includes(order.status) || order.status === 'refunded';
  const wanted = invoiced && (!renewal || settings.includeRenewals);
  const registered = order.customer_id > 0 ? wooRef(connection, 'customer', String(order.customer_id)) : undefined;
  const lines: ShopLine[] = order.line_items.map((item) => productLine(item, rates));
  for (const s of order.shipping_lines) {
    const amounts = { quantity: 1, net: money(s.total), tax: money(s.total_tax) };
    lines.push(
      line(
        s,
        'shipping',
        s.method_title || 'Frakt',
        { ...amounts, netAfter: amounts.net, taxAfter: amounts.tax },
        rates,
      ),
    );
  }
  for (const f of order.fee_lines) {
    const amounts = { quantity: 1, net: money(f.total), tax: money(f.total_tax) };
    lines.push(line(f, 'fee', f.name || 'Avgift', { ...amounts, netAfter: amounts.net, taxAfter: amounts.tax }, rates));
  }
  return {
    source: wooRef(connection, 'order', String(order.id)),
    number: order.number,
    title: `Order #${order.number}`,
    date: order.date_created.slice(0, 10),
    currency: order.currency.toUpperCase(),
    pricesIncludeVat: order.prices_include_tax,
    total: money(order.total),
    active: wanted,
    ...(order.payment_method === '' ? {} : { paymentMethod: order.payment_method }),
    buyer: buyerOf(order.billing, order.meta_data, settings, registered),
    lines,
    routing: {
      store: connection,
      channel: order.created_via || 'unknown',
      currency: order.currency.toUpperCase(),
      country: order.billing.country.toUpperCase(),
      renewal: renewal ? 'yes' : 'no',
    },
    guestCustomer: wooRef(connection, 'customer', guestId(order)),
  };
}

/**
 * A guest buyer has no customer record. Guests with one e-mail address are one customer (their
 * repeat orders must not each claim the same Fortnox customer), so the id is a digest of the
 * address; a guest without one is known only by the order (`g<order id>`).
 */
export function guestId(order: Pick<WooOrderJson, 'id' | 'billing'>): string {
  const email = order.billing.email.trim().toLowerCase();
  if (email === '') return `g${order.id}`;
  return `e${createHash('sha256').update(email).digest('hex').slice(0, 24)}`;
}
