import { isEu } from '../../core/countries.ts';
import type { Customer, Line, SalesDocument } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import { shorten } from '../../core/text.ts';
import { rowVatRate, vatTypeFor } from '../../core/vat.ts';
import { buyerCustomer } from './customer.ts';
import { round2, type ShopLine, type ShopOrder } from './order.ts';
import { paymentMethodName, type ShopSettings } from './settings.ts';
import { balanceTotals } from './totals.ts';

/**
 * A shop order → the canonical SalesDocument. Rows carry the shop's prices before discounts (VAT
 * included when the shop's prices are), coupons become one discount row per VAT rate, shipping and
 * fees rows on their articles; the Fortnox total is then checked against what the buyer paid
 * (`totals.ts`). What no rule can decide — no address, a tax no rate explains, an OSS sale the
 * tenant is not set up for, totals that do not agree — is a plain message naming the order.
 */

export type ShopMapped =
  | { kind: 'document'; document: SalesDocument }
  | { kind: 'blocked'; code: string; message: string; customer: Customer };

type Blocked = Extract<ShopMapped, { kind: 'blocked' }>;

const format = (n: number) => n.toFixed(2);

function articleOf(line: ShopLine, settings: ShopSettings): string | undefined {
  if (line.kind === 'shipping') return settings.shippingArticle;
  if (line.kind === 'fee') return settings.feeArticle;
  if (line.kind === 'discount') return settings.discountArticle;
  return line.sku?.trim() === '' ? undefined : line.sku;
}

function unitPrice(order: ShopOrder, amount: number, tax: number, quantity: number): number {
  return round2((order.pricesIncludeVat ? amount + tax : amount) / quantity);
}

/**
 * The OSS question for one line: no OSS sale (undefined), the tenant's OSS sales account for the
 * buyer's country and rate (by `DE:19`, else `DE`), or what is missing in plain words.
 */
function ossAccount(
  order: ShopOrder,
  customer: Customer,
  line: ShopLine,
  settings: ShopSettings,
): { account: number } | { problem: string } | undefined {
  const country = customer.billingAddress.countryCode;
  if (country === undefined || country === 'SE' || !isEu(country) || vatTypeFor(customer) !== 'EUVAT') return undefined;
  if (line.vatCountry !== country || line.tax === 0) return undefined;
  const rate = line.vatRate ?? '?';
  const account = settings.ossAccounts[`${country}:${rate}`] ?? settings.ossAccounts[country];
  if (account !== undefined) return { account };
  const sale = `${order.title} is an EU distance sale to ${country} with ${country} VAT (${rate} %, One Stop Shop)`;
  if (settings.ossCountries.includes(country)) {
    return {
      problem: `${sale}, but the connection names no OSS sales account for ${country} ${rate} %. Add ${country}:${rate}=<account> to the connection's OSS sales accounts (the Fortnox account set up with the OSS VAT code for ${country} ${rate} %), then retry.`,
    };
  }
  return {
    problem: `${sale}, but OSS is not set up for ${country} on this shop connection. Set up the OSS sales account and VAT code for ${country} ${rate} % in Fortnox, add ${country}:${rate}=<account> to the connection's OSS sales accounts, then retry.`,
  };
}

function rowsOf(order: ShopOrder, customer: Customer, settings: ShopSettings): Line[] | Blocked {
  const rows: Line[] = [];
  // Per VAT rate (and OSS account): a coupon's share books where its rows book.
  const discounts = new Map<string, { vatRate: number; amount: number; salesAccount?: number }>();
  for (const line of order.lines) {
    if (line.quantity === 0 && line.netAfter === 0) continue;
    if (line.vatRate === undefined && line.tax !== 0) {
      const message = `${order.title}: the tax on “${line.name}” (${format(line.tax)} ${order.currency}) matches no VAT rate of the shop. Check the shop's tax rates for this line, then retry.`;
      return { kind: 'blocked', code: 'vat_rate_unknown', message, customer };
    }
    const oss = ossAccount(order, customer, line, settings);
    if (oss !== undefined && 'problem' in oss)
      return { kind: 'blocked', code: 'oss_not_configured', message: oss.problem, customer };
    const vatRate = line.vatRate ?? 0;
    const code = articleOf(line, settings);
    const base = {
      description: line.name,
      vatRate,
      ...defined({ sourceLineId: line.sourceLineId, productCode: code, salesAccount: oss?.account }),
    };
    const quantity = Math.abs(line.quantity) || 1;
    if (line.netAfter < 0) {
      // A negative fee is how shops give a discount without a coupon.
      const amount = round2(Math.abs(order.pricesIncludeVat ? line.netAfter + line.taxAfter : line.netAfter));
      rows.push({ ...base, kind: 'discount', productCode: settings.discountArticle, quantity: 1, unitPrice: amount });
      continue;
    }
    if (round2(quantity) !== quantity) {
      // Fortnox keeps two decimals of a quantity (3.333 kg → 3.33): one row at the line's amount keeps the total.
      const description = shorten(`${quantity} × ${line.name}`, 255);
      rows.push({
        ...base,
        description,
        kind: line.kind,
        quantity: 1,
        unitPrice: unitPrice(order, line.net, line.tax, 1),
      });
    } else {
      rows.push({ ...base, kind: line.kind, quantity, unitPrice: unitPrice(order, line.net, line.tax, quantity) });
    }
    const before = order.pricesIncludeVat ? line.net + line.tax : line.net;
    const after = order.pricesIncludeVat ? line.netAfter + line.taxAfter : line.netAfter;
    if (before - after > 0.004) {
      const key = `${vatRate}:${oss?.account ?? ''}`;
      const entry = discounts.get(key) ?? { vatRate, amount: 0, ...defined({ salesAccount: oss?.account }) };
      entry.amount += before - after;
      discounts.set(key, entry);
    }
  }
  for (const { vatRate, amount, salesAccount } of discounts.values()) {
    rows.push({
      kind: 'discount',
      productCode: settings.discountArticle,
      description: `Rabatt ${vatRate} %`,
      quantity: 1,
      unitPrice: round2(amount),
      vatRate,
      ...defined({ salesAccount }),
    });
  }
  return rows;
}

/**
 * An amount the shop sent that is no number (readers turn unparsable text into NaN), or one beyond
 * exact öre in a double (2^53 öre): no rule can use it, and sums of it would show as "Infinity".
 */
const usable = (n: number) => Number.isFinite(n) && Math.abs(n) * 100 <= Number.MAX_SAFE_INTEGER;

function unreadableAmount(order: ShopOrder): string | undefined {
  const where = (what: string) =>
    `${order.title}: the shop reported ${what} that is not a number or too large to invoice. Check the order in the shop, then retry.`;
  if (!usable(order.total)) return where('an order total');
  for (const line of order.lines) {
    const amounts = [line.quantity, line.net, line.tax, line.netAfter, line.taxAfter];
    if (!amounts.every(usable)) return where(`an amount on “${shorten(line.name, 60)}”`);
    // Fortnox keeps two decimals: a smaller quantity is 0 there, and the unit price (amount ÷ quantity) explodes.
    if (line.quantity !== 0 && Math.abs(line.quantity) < 0.01)
      return `${order.title}: the quantity “${line.quantity}” of “${shorten(line.name, 60)}” is smaller than Fortnox can hold (0.01). Check the order in the shop, then retry.`;
  }
  return undefined;
}

function hasAddress(customer: Customer): boolean {
  const a = customer.billingAddress;
  return [a.street1, a.postalCode, a.city].some((v) => v !== undefined);
}

export function shopDocument(order: ShopOrder, settings: ShopSettings): ShopMapped {
  const customer = buyerCustomer(order, settings);
  if (!hasAddress(customer) && customer.source.id !== 'b2c') {
    const message = `${order.title} has no billing address. Add the buyer's billing address (street, postcode, city, country) to the order and save it.`;
    return { kind: 'blocked', code: 'address_missing', message, customer };
  }
  const unreadable = unreadableAmount(order);
  if (unreadable !== undefined) return { kind: 'blocked', code: 'amount_unreadable', message: unreadable, customer };
  const rows = rowsOf(order, customer, settings);
  if (!Array.isArray(rows)) return rows;
  const balanced = balanceTotals(order, rows, rowVatRate.bind(null, vatTypeFor(customer)), settings);
  if (balanced.kind === 'mismatch') {
    const message = `${order.title}: the Fortnox total would be ${format(balanced.fortnoxTotal)} ${order.currency} but the buyer paid ${format(order.total)} ${order.currency}; the difference is more than the rounding tolerance (${format(settings.roundingTolerance)}). Check the order's prices, taxes and discounts, or raise the tolerance in the connection's settings.`;
    return { kind: 'blocked', code: 'total_mismatch', message, customer };
  }
  const method = order.paymentMethod === undefined ? undefined : paymentMethodName(settings, order.paymentMethod);
  const terms =
    settings.termsOfPayment[order.paymentMethod ?? ''] ??
    (method === undefined ? undefined : settings.termsOfPayment[method]);
  const document: SalesDocument = {
    source: order.source,
    title: order.title,
    customer,
    currency: order.currency,
    documentDate: order.date,
    lines: balanced.rows,
    expectedTotal: round2(order.total),
    // Checked again on the total Fortnox computes, before booking (sink/total-hold.ts).
    totalTolerance: settings.roundingTolerance,
    expectedNet: balanced.net,
    yourOrderNumber: order.number,
    routing: { ...order.routing, ...defined({ paymentMethod: method }) },
    active: order.active,
    ...(order.pricesIncludeVat ? { pricesIncludeVat: true } : {}),
    ...defined({ termsOfPayment: terms }),
  };
  return { kind: 'document', document };
}
