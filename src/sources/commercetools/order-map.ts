import type { LineItem, LocalizedString, Order, TaxRate, TypedMoney } from '@commercetools/platform-sdk';
import type { Customer, Line, SalesDocument } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import { amountOf, perUnit, stockholmDay, vatPercent } from './money.ts';
import type { CommercetoolsSettings } from './settings.ts';

/**
 * An order as a canonical sales document. Rows carry the unit price as commercetools charged it
 * (gross when the tax rates are `includedInPrice`, the usual consumer shop; net otherwise) and the
 * VAT rate of the line's tax rate (or its tax portion in ExternalAmount mode). Whatever made the
 * line total differ from unit price × quantity (product, cart or code discounts) becomes a discount
 * row at the line's rate, so Fortnox's total equals the order's to the öre; `expectedTotal` lets
 * the sink check that.
 */

export type OrderMapping =
  | { kind: 'document'; document: SalesDocument }
  | { kind: 'blocked'; code: string; message: string };

export function orderTitle(order: Order): string {
  return `order ${order.orderNumber ?? order.id}`;
}

export function localized(name: LocalizedString | undefined, locale: string): string {
  if (name === undefined) return '';
  return name[locale] ?? name.en ?? Object.values(name)[0] ?? '';
}

/** Whether the order is one the merchant wants invoiced now (the connection's setting). */
export function wantsInvoice(order: Order, when: CommercetoolsSettings['invoiceWhen']): boolean {
  if (order.orderState === 'Cancelled') return false;
  // CreditOwed is reached only after payment: refunds are credits, never a reason to undo the invoice.
  const paid = order.paymentState === 'Paid' || order.paymentState === 'CreditOwed';
  const confirmed = order.orderState === 'Confirmed' || order.orderState === 'Complete';
  if (when === 'created') return true;
  if (when === 'paid') return paid;
  if (when === 'confirmed') return confirmed;
  return paid || confirmed;
}

function rateOf(taxRate: TaxRate | undefined, portions: readonly { rate: number }[] | undefined): number | undefined {
  if (taxRate !== undefined) return vatPercent(taxRate.amount);
  const first = portions?.[0];
  return first === undefined ? undefined : vatPercent(first.rate);
}

interface Priced {
  lines: Line[];
  included: boolean[];
}

function productLines(item: LineItem, locale: string, out: Priced): boolean {
  const rate = rateOf(item.taxRate, item.taxedPrice?.taxPortions);
  if (rate === undefined) return false;
  const digits = item.price.value.fractionDigits;
  const description = localized(item.name, locale);
  const unitCents = item.price.value.centAmount;
  const base: Line = {
    sourceLineId: item.id,
    kind: 'product',
    description,
    quantity: item.quantity,
    unitPrice: amountOf(item.price.value),
    vatRate: rate,
    ...defined({ productCode: item.variant.sku }),
  };
  out.lines.push(base);
  out.included.push(item.taxRate?.includedInPrice ?? false);
  const discountCents = unitCents * item.quantity - item.totalPrice.centAmount;
  if (discountCents !== 0) {
    out.lines.push({
      sourceLineId: `${item.id}:discount`,
      kind: 'discount',
      description: `Rabatt ${description}`.slice(0, 255),
      quantity: 1,
      unitPrice: perUnit(discountCents, 1, digits),
      vatRate: rate,
    });
    out.included.push(item.taxRate?.includedInPrice ?? false);
  }
  return true;
}

function moneyLine(
  id: string,
  kind: NonNullable<Line['kind']>,
  description: string,
  quantity: number,
  total: TypedMoney,
  taxRate: TaxRate | undefined,
  portions: readonly { rate: number }[] | undefined,
  out: Priced,
): boolean {
  const rate = rateOf(taxRate, portions);
  if (rate === undefined) return false;
  out.lines.push({
    sourceLineId: id,
    kind,
    description,
    quantity,
    unitPrice: perUnit(total.centAmount, quantity, total.fractionDigits),
    vatRate: rate,
  });
  out.included.push(taxRate?.includedInPrice ?? false);
  return true;
}

export function mapOrder(
  order: Order,
  customer: Customer,
  connection: string,
  settings: CommercetoolsSettings,
): OrderMapping {
  const title = orderTitle(order);
  const noRate = {
    kind: 'blocked' as const,
    code: 'tax_rate_missing',
    message: `The ${title} has no tax rate on every line (tax mode ${order.taxMode ?? 'unknown'}), so its VAT is unknown. Set the tax rates in commercetools (or use tax mode Platform) and change the order.`,
  };
  const priced: Priced = { lines: [], included: [] };
  for (const item of order.lineItems) if (!productLines(item, settings.locale, priced)) return noRate;
  for (const custom of order.customLineItems) {
    const ok = moneyLine(
      custom.id,
      'fee',
      localized(custom.name, settings.locale),
      custom.quantity,
      custom.totalPrice,
      custom.taxRate,
      custom.taxedPrice?.taxPortions,
      priced,
    );
    if (!ok) return noRate;
  }
  const shipping = order.shippingInfo;
  const shippingTotal = shipping?.discountedPrice?.value ?? shipping?.price;
  if (shipping !== undefined && shippingTotal !== undefined && shippingTotal.centAmount !== 0) {
    const ok = moneyLine(
      'shipping',
      'shipping',
      shipping.shippingMethodName || 'Frakt',
      1,
      shippingTotal,
      shipping.taxRate,
      shipping.taxedPrice?.taxPortions,
      priced,
    );
    if (!ok) return noRate;
  }
  if (new Set(priced.included).size > 1) {
    return {
      kind: 'blocked',
      code: 'mixed_tax_inclusion',
      message: `The ${title} mixes prices with and without VAT included; Fortnox needs one or the other per invoice. Use tax rates that all include VAT (or none) and change the order.`,
    };
  }
  const total = order.taxedPrice?.totalGross ?? order.totalPrice;
  const document: SalesDocument = {
    source: { system: 'commercetools', connection, object: 'order', id: order.id },
    title,
    customer,
    currency: order.totalPrice.currencyCode,
    documentDate: stockholmDay(order.completedAt ?? order.createdAt),
    lines: priced.lines,
    pricesIncludeVat: priced.included[0] === true,
    expectedTotal: amountOf(total),
    ...defined({ yourOrderNumber: order.orderNumber, yourReference: order.purchaseOrderNumber }),
    routing: {
      ...(order.store?.key === undefined ? {} : { store: order.store.key }),
      ...defined({ country: order.country }),
      currency: order.totalPrice.currencyCode,
      ...(order.businessUnit?.key === undefined ? {} : { businessUnit: order.businessUnit.key }),
    },
    active: wantsInvoice(order, settings.invoiceWhen),
  };
  return { kind: 'document', document };
}
