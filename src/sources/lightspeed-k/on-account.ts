import type { Credit, Customer, Line, SalesDocument, SourceRef } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import type { CreditRead, DocumentRead } from '../source.ts';
import type { LightspeedConsumer, LightspeedLine, LightspeedSale } from './api.ts';
import { micro } from './money.ts';
import type { LightspeedSettings } from './settings.ts';

/**
 * Sales on account: a sale paid wholly with an ACCOUNTS_RECEIVABLE payment is a claim on a named
 * customer, so it becomes a Fortnox customer invoice of its own (object `sale`, id
 * `{business date}_{accountFiscId}`) through the core's document sink — which finds or creates the
 * customer and creates the invoice exactly once (ledger record plus ExternalInvoiceReference1). The
 * day voucher leaves such a sale out entirely (its lines, VAT and payment): the invoice books them.
 * A sale split between an account and other payments stays in the day with a receivable row, as
 * does every sale when the location is set to `receivable`.
 */

export const SALE_OBJECT = 'sale';
export const CUSTOMER_OBJECT = 'customer';
/** A return (REFUND sale) wholly on account: a credit of the returned sale's invoice. */
export const RETURN_OBJECT = 'return';

export const saleId = (date: string, fiscId: string): string => `${date}_${fiscId}`;
export const SALE_ID = /^(\d{4}-\d{2}-\d{2})_([A-Za-z0-9.-]{1,40})$/;

export function parseSaleId(id: string): { date: string; fiscId: string } | undefined {
  const m = SALE_ID.exec(id);
  return m === null ? undefined : { date: m[1]!, fiscId: m[2]! };
}

/** Whether this sale is invoiced on its own rather than booked in the day voucher. */
export function invoicedSale(sale: LightspeedSale, settings: LightspeedSettings): boolean {
  return (
    settings.onAccount === 'invoice' &&
    !sale.cancelled &&
    sale.type === 'SALE' &&
    sale.payments.length > 0 &&
    sale.payments.every((p) => p.type === 'ACCOUNTS_RECEIVABLE')
  );
}

/** Whether this return credits the invoice of the sale it returns (and is left out of the day voucher). */
export function invoicedReturn(sale: LightspeedSale, settings: LightspeedSettings): boolean {
  const original = sale.source?.initialAccountId ?? undefined;
  return (
    settings.onAccount === 'invoice' &&
    !sale.cancelled &&
    sale.type === 'REFUND' &&
    original !== undefined &&
    original !== sale.accountFiscId &&
    sale.payments.length > 0 &&
    sale.payments.every((p) => p.type === 'ACCOUNTS_RECEIVABLE')
  );
}

/** The percent a line is taxed at ("25"), from its percentage or its multiplier. */
export function rateOf(l: LightspeedLine): string | undefined {
  const pct = l.taxRatePercentage === undefined ? undefined : Number(l.taxRatePercentage);
  if (pct !== undefined && Number.isFinite(pct)) return String(Math.round(pct));
  const mult = l.taxLines[0]?.taxRate;
  return mult === undefined ? undefined : String(Math.round((Number(mult) - 1) * 100));
}

const trimmed = (s: string | null | undefined): string | undefined => {
  const t = s?.trim();
  return t === undefined || t === '' ? undefined : t;
};

/**
 * The Lightspeed customer as a Fortnox customer: one per Lightspeed `customerId`, matched in Fortnox
 * by the core's rules (organisation number, e-mail) before one is created. A tax identifier that
 * starts with a country code is a VAT number, otherwise an organisation number.
 */
export function consumerCustomer(connection: string, consumer: LightspeedConsumer): Customer {
  const company = trimmed(consumer.companyName);
  const person = [consumer.firstName, consumer.lastName].map(trimmed).filter(Boolean).join(' ');
  const tax = trimmed(consumer.taxIdentifier);
  const id = consumer.customerId ?? `${company ?? person}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const customer: Customer = {
    source: { system: 'lightspeed', connection, object: CUSTOMER_OBJECT, id: String(id).slice(0, 40) },
    name: company ?? person,
    kind: company !== undefined || tax !== undefined ? 'company' : 'private',
    billingAddress: {
      ...defined({
        street1: trimmed(consumer.addressLine1),
        street2: trimmed(consumer.addressLine2),
        postalCode: trimmed(consumer.zipCode),
        city: trimmed(consumer.city),
      }),
      countryCode: 'SE',
    },
    currency: 'SEK',
    ...defined({ email: trimmed(consumer.email), invoiceEmail: trimmed(consumer.email) }),
    ...defined({ phone: trimmed(consumer.phoneNumber1) }),
  };
  if (tax !== undefined) {
    if (/^[A-Z]{2}/i.test(tax)) customer.vatNumber = tax.toUpperCase().replace(/\s/g, '');
    else customer.organisationNumber = tax;
  }
  return customer;
}

const kronor = (m: bigint): number => Number(m) / 1_000_000;

function lineOf(l: LightspeedLine): Line | undefined {
  const gross = micro(l.totalNetAmountWithTax);
  const quantity = Number(l.quantity);
  if (gross === undefined || !Number.isFinite(quantity) || quantity === 0) return undefined;
  const rate = rateOf(l);
  return {
    ...defined({ sourceLineId: l.id, productCode: trimmed(l.sku) }),
    kind: 'product',
    description: (l.name || 'Försäljning').slice(0, 255),
    quantity,
    // The till's price after discounts, VAT included: quantity × price gives the line back to the öre.
    unitPrice: Math.round((kronor(gross) / quantity) * 100) / 100,
    ...defined({ vatRate: rate === undefined ? undefined : Number(rate) }),
  };
}

export function saleDocument(
  ref: SourceRef,
  settings: LightspeedSettings,
  location: string,
  date: string,
  sale: LightspeedSale,
): DocumentRead {
  const name = sale.receiptId ?? sale.accountFiscId;
  const title = `The sale ${name} on account at ${location} (${date})`;
  const consumer = sale.payments.find((p) => p.type === 'ACCOUNTS_RECEIVABLE')?.consumer ?? undefined;
  const active = invoicedSale(sale, settings);
  if (consumer === undefined || consumer === null)
    return {
      kind: 'blocked',
      active,
      title,
      code: 'lightspeed_no_customer',
      message: `Sale ${name} is on account but Lightspeed names no customer for it. Add the customer to the sale in Lightspeed; it is invoiced then.`,
    };
  const lines: Line[] = [];
  for (const l of sale.salesLines) {
    const line = lineOf(l);
    if (line === undefined)
      return {
        kind: 'blocked',
        active,
        title,
        code: 'lightspeed_bad_amount',
        message: `Sale ${name} has a line (“${l.name}”) whose amount or quantity is not a number; Lightspeed support must look at it.`,
      };
    lines.push(line);
  }
  const total = sale.payments.reduce((s, p) => s + (micro(p.netAmountWithTax) ?? 0n), 0n);
  const document: SalesDocument = {
    source: ref,
    title,
    customer: consumerCustomer(ref.connection, consumer),
    currency: sale.payments[0]?.currency ?? 'SEK',
    documentDate: date,
    lines,
    pricesIncludeVat: true,
    expectedTotal: kronor(total),
    yourOrderNumber: name,
    routing: { location },
    active,
  };
  return { kind: 'document', document };
}

/** A return on account as a credit of `original` (the returned sale's reference): its lines, positive. */
export function returnCredit(ref: SourceRef, date: string, sale: LightspeedSale, original: SourceRef): CreditRead {
  const name = sale.receiptId ?? sale.accountFiscId;
  const title = `The return ${name} on account (${date})`;
  const lines: Line[] = [];
  for (const l of sale.salesLines) {
    const line = lineOf({
      ...l,
      totalNetAmountWithTax: l.totalNetAmountWithTax.replace(/^-/, ''),
      quantity: l.quantity.replace(/^-/, ''),
    });
    if (line === undefined)
      return {
        kind: 'blocked',
        title,
        code: 'lightspeed_bad_amount',
        message: `Return ${name} has a line (“${l.name}”) whose amount or quantity is not a number; Lightspeed support must look at it.`,
      };
    lines.push(line);
  }
  const credit: Credit = {
    source: ref,
    original,
    title,
    currency: sale.payments[0]?.currency ?? 'SEK',
    date,
    lines,
    pricesIncludeVat: true,
  };
  return { kind: 'credit', credit };
}
