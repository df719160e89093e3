import { createHash } from 'node:crypto';
import type { Customer, Line, SalesDocument } from '../core/documents.ts';
import type { SyncSettings } from '../core/settings.ts';
import { shorten } from '../core/text.ts';
import { customerOrganisationNumber, normaliseVatNumber, rowVatRate, type VatType, vatTypeFor } from '../core/vat.ts';
import type {
  FortnoxCustomerFields,
  FortnoxCustomerRecord,
  FortnoxDocumentFields,
  FortnoxRow,
} from './fortnox-port.ts';

/** Canonical documents → Fortnox fields. Pure: the same input always gives the same payload (and hash). */

export function customerFields(customer: Customer): FortnoxCustomerFields {
  const address = customer.billingAddress;
  const country = address.countryCode ?? 'SE';
  const org =
    customer.organisationNumber === undefined
      ? undefined
      : (customerOrganisationNumber(customer) ?? customer.organisationNumber);
  const fields: FortnoxCustomerFields = {
    Name: customer.name.trim(),
    Type: customer.kind === 'company' ? 'COMPANY' : 'PRIVATE',
    VATType: vatTypeFor(customer),
    CountryCode: country,
  };
  const optional: [keyof FortnoxCustomerFields, string | undefined][] = [
    ['OrganisationNumber', org],
    ['VATNumber', customer.vatNumber === undefined ? undefined : normaliseVatNumber(customer.vatNumber)],
    ['Email', customer.email],
    ['EmailInvoice', customer.invoiceEmail],
    ['Phone1', customer.phone],
    ['WWW', customer.website],
    ['Address1', address.street1],
    ['Address2', address.street2],
    ['ZipCode', address.postalCode],
    ['City', address.city],
    ['Currency', customer.currency],
  ];
  for (const [key, value] of optional)
    if (value !== undefined && value.trim() !== '') (fields as unknown as Record<string, string>)[key] = value.trim();
  return fields;
}

/** The fields that differ between what Fortnox has and what the source says; empty when in sync. */
export function customerChanges(
  existing: FortnoxCustomerRecord,
  wanted: FortnoxCustomerFields,
): Partial<FortnoxCustomerFields> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const current = (existing as unknown as Record<string, unknown>)[key];
    if ((current ?? '') !== value) changes[key] = value;
  }
  return changes as Partial<FortnoxCustomerFields>;
}

function row(line: Line, articleNumber: string | undefined, vatType: VatType, settings: SyncSettings): FortnoxRow {
  const out: FortnoxRow = {
    Description: line.description,
    DeliveredQuantity: line.quantity,
    // A discount line (a coupon on the whole order) carries its amount as positive; Fortnox wants it negative.
    Price: line.kind === 'discount' ? -line.unitPrice : line.unitPrice,
    VAT: rowVatRate(vatType, line.vatRate ?? settings.defaultVatRate),
  };
  if (articleNumber !== undefined) out.ArticleNumber = articleNumber;
  if (line.unit !== undefined) out.Unit = line.unit;
  if (line.discountPercent !== undefined && line.discountPercent !== 0) {
    out.Discount = line.discountPercent;
    out.DiscountType = 'PERCENT';
  }
  const account =
    line.salesAccount ?? (line.kind === 'rounding' ? settings.roundingAccount : settings.salesAccounts[vatType]);
  if (account !== null) out.AccountNumber = account;
  return out;
}

/** Which article a line is booked on: its own code, the shipping article for shipping, else the default. */
function articleOf(line: Line, settings: SyncSettings): string | undefined {
  const code = line.productCode?.trim();
  if (code) return code;
  if (line.kind === 'shipping' && settings.shippingArticleNumber !== null) return settings.shippingArticleNumber;
  if (line.kind === 'shipping' || line.kind === 'fee' || line.kind === 'discount' || line.kind === 'rounding')
    return undefined;
  return settings.defaultArticleNumber ?? undefined;
}

/** Rows for the document: one per line, or one from the document amount when it has no lines. */
export function documentRows(doc: SalesDocument, settings: SyncSettings): FortnoxRow[] {
  const vatType = vatTypeFor(doc.customer);
  if (doc.lines.length === 0) {
    const amountLine: Line = { description: shorten(doc.title, 255), quantity: 1, unitPrice: doc.expectedNet ?? 0 };
    return [row(amountLine, settings.defaultArticleNumber ?? undefined, vatType, settings)];
  }
  const lines = settings.shippingAs === 'freight' ? doc.lines.filter((l) => l.kind !== 'shipping') : doc.lines;
  return lines.map((line) => row(line, articleOf(line, settings), vatType, settings));
}

/** Shipping as the document's `Freight` (by setting) instead of rows. */
function freightOf(doc: SalesDocument, settings: SyncSettings): number | undefined {
  if (settings.shippingAs !== 'freight') return undefined;
  const shipping = doc.lines.filter((l) => l.kind === 'shipping');
  if (shipping.length === 0) return undefined;
  return Math.round(shipping.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0) * 100) / 100;
}

export function documentFields(
  doc: SalesDocument,
  customerNumber: string,
  settings: SyncSettings,
  today: string,
  reference: string,
): FortnoxDocumentFields {
  const fields: FortnoxDocumentFields = {
    CustomerNumber: customerNumber,
    Currency: doc.currency,
    DocumentDate: settings.invoiceDate === 'today' ? today : doc.documentDate,
    // Our idempotency key, searched (exact match) after any ambiguous failure (core/references.ts).
    ExternalInvoiceReference1: reference,
    Rows: documentRows(doc, settings),
  };
  if (doc.yourOrderNumber) fields.YourOrderNumber = doc.yourOrderNumber;
  if (doc.ourReference) fields.OurReference = doc.ourReference;
  if (doc.yourReference) fields.YourReference = doc.yourReference;
  if (doc.termsOfPayment) fields.TermsOfPayment = doc.termsOfPayment;
  if (doc.pricesIncludeVat === true) fields.VATIncluded = true;
  const freight = freightOf(doc, settings);
  if (freight !== undefined) fields.Freight = freight;
  return fields;
}

/** A fingerprint of what we would send: equal hashes mean an amendment has nothing to do. */
export function payloadHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}
