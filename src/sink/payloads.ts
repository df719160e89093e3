import { createHash } from 'node:crypto';
import type { Customer, Line, SalesDocument } from '../core/documents.ts';
import type { SyncSettings } from '../core/settings.ts';
import { normaliseOrganisationNumber, normaliseVatNumber, rowVatRate, type VatType, vatTypeFor } from '../core/vat.ts';
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
      : country === 'SE'
        ? (normaliseOrganisationNumber(customer.organisationNumber) ?? customer.organisationNumber)
        : customer.organisationNumber.trim();
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
    Price: line.unitPrice,
    VAT: rowVatRate(vatType, line.vatRate ?? settings.defaultVatRate),
  };
  if (articleNumber !== undefined) out.ArticleNumber = articleNumber;
  if (line.discountPercent !== undefined && line.discountPercent !== 0) {
    out.Discount = line.discountPercent;
    out.DiscountType = 'PERCENT';
  }
  return out;
}

/** Rows for the document: one per line, or one from the deal amount when it has no lines. */
export function documentRows(doc: SalesDocument, settings: SyncSettings): FortnoxRow[] {
  const vatType = vatTypeFor(doc.customer);
  if (doc.lines.length === 0) {
    const amountLine: Line = { description: doc.title.slice(0, 255), quantity: 1, unitPrice: doc.expectedNet ?? 0 };
    return [row(amountLine, settings.defaultArticleNumber ?? undefined, vatType, settings)];
  }
  return doc.lines.map((line) =>
    row(line, line.productCode?.trim() || settings.defaultArticleNumber || undefined, vatType, settings),
  );
}

export function documentFields(
  doc: SalesDocument,
  customerNumber: string,
  settings: SyncSettings,
  today: string,
): FortnoxDocumentFields {
  const fields: FortnoxDocumentFields = {
    CustomerNumber: customerNumber,
    Currency: doc.currency,
    DocumentDate: settings.invoiceDate === 'today' ? today : doc.documentDate,
    // Our idempotency key: the source id, searched (exact match) after any ambiguous failure.
    ExternalInvoiceReference1: doc.source.id,
    Rows: documentRows(doc, settings),
  };
  if (doc.yourOrderNumber) fields.YourOrderNumber = doc.yourOrderNumber;
  if (doc.ourReference) fields.OurReference = doc.ourReference;
  if (doc.yourReference) fields.YourReference = doc.yourReference;
  return fields;
}

/** A fingerprint of what we would send: equal hashes mean an amendment has nothing to do. */
export function payloadHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}
