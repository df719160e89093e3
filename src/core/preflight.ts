import { countryCode } from './countries.ts';
import type { Customer, Line, SalesDocument } from './documents.ts';
import type { SyncSettings } from './settings.ts';
import { shorten } from './text.ts';
import { normaliseOrganisationNumber, vatTypeFor } from './vat.ts';

/**
 * Checks a document before anything is sent, so finance sees "the customer has no billing country"
 * instead of a Swedish error code after a round trip. Texts that may safely be shortened are
 * shortened (a row description); texts that identify something are refused instead (a reference the
 * customer matches payments with must not be cut).
 */

export interface Problem {
  code: string;
  /** Plain English, written for the person who can fix it in the source system. */
  message: string;
}

/** How a source names its records in messages; each adapter gives its own per object. */
export interface Vocabulary {
  /** The record the document comes from: 'order', 'Opportunity'. */
  document: string;
  /** Its customer record: 'customer', 'Account'. */
  customer: string;
  /** One of its lines: 'line', 'product line'. */
  line: string;
  /** What people call the document in everyday words ('deal'); `document` when absent. */
  informal?: string;
}

// Fortnox limits (reference §4): rows ≤ 500 per document is our own ceiling for one API call.
export const LIMITS = {
  rows: 500,
  rowDescription: 255,
  customerName: 1024,
  address: 1024,
  zip: 10,
  ourReference: 50,
  yourReference: 50,
  yourOrderNumber: 75,
  articleNumber: 50,
} as const;
const ARTICLE_NUMBER = /^[A-Za-z0-9+\-/._]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PreflightResult {
  problems: Problem[];
  /** The document with safe truncations applied; only meaningful when there are no problems. */
  document: SalesDocument;
}

const truncate = shorten;

function lineLabel(words: Vocabulary, line: Line, index: number): string {
  return `${words.line} ${index + 1}${line.description ? ` (“${truncate(line.description, 40)}”)` : ''}`;
}

/** The checks that concern the customer alone (also run when a customer is synced on its own). */
export function customerProblems(customer: Customer, words: Vocabulary): Problem[] {
  const problems: Problem[] = [];
  const add = (code: string, message: string) => problems.push({ code, message });
  if (customer.name.trim() === '')
    add('customer_name_missing', `The ${words.customer} has no name. Give it a name and save it.`);
  if (customer.name.length > LIMITS.customerName)
    add(
      'customer_name_too_long',
      `The ${words.customer} name is longer than Fortnox allows (${LIMITS.customerName} characters).`,
    );
  const address = customer.billingAddress;
  if (address.countryCode === undefined) {
    if (address.countryText === undefined || address.countryText.trim() === '') {
      add(
        'customer_country_missing',
        `The ${words.customer} has no billing country. Fill in the billing country and save it; it decides the VAT.`,
      );
    } else if (countryCode(address.countryText) === undefined) {
      add(
        'customer_country_unknown',
        `The ${words.customer}'s billing country “${truncate(address.countryText, 40)}” is not a country we recognise. Use the country's name or its two-letter code.`,
      );
    }
  }
  if ((address.postalCode ?? '').length > LIMITS.zip)
    add(
      'customer_zip_too_long',
      `The ${words.customer}'s billing postal code is longer than Fortnox allows (${LIMITS.zip} characters).`,
    );
  for (const [label, value] of [
    ['street', address.street1],
    ['second street line', address.street2],
    ['city', address.city],
  ] as const) {
    if ((value ?? '').length > LIMITS.address)
      add(
        'customer_address_too_long',
        `The ${words.customer}'s billing ${label} is longer than Fortnox allows (${LIMITS.address} characters).`,
      );
  }
  if (customer.invoiceEmail !== undefined && !EMAIL.test(customer.invoiceEmail))
    add(
      'customer_invoice_email_invalid',
      `The ${words.customer}'s invoice e-mail address is not valid; Fortnox would refuse it. Correct or clear it.`,
    );
  if (customer.email !== undefined && customer.email !== customer.invoiceEmail && !EMAIL.test(customer.email))
    add(
      'customer_email_invalid',
      `The ${words.customer}'s e-mail address is not valid; Fortnox would refuse it. Correct or clear it.`,
    );
  if (
    customer.organisationNumber !== undefined &&
    (address.countryCode ?? 'SE') === 'SE' &&
    normaliseOrganisationNumber(customer.organisationNumber) === undefined
  ) {
    add(
      'customer_org_number_invalid',
      `The ${words.customer}'s organisation number “${truncate(customer.organisationNumber, 20)}” is not a valid Swedish organisation or personal number (10 digits, e.g. 556677-8899).`,
    );
  }
  return problems;
}

function checkLines(doc: SalesDocument, settings: SyncSettings, words: Vocabulary, problems: Problem[]): Line[] {
  const add = (code: string, message: string) => problems.push({ code, message });
  if (doc.lines.length > LIMITS.rows)
    add(
      'too_many_rows',
      `The ${words.document} has ${doc.lines.length} ${words.line}s; a Fortnox document holds at most ${LIMITS.rows}. Split the ${words.informal ?? words.document}.`,
    );
  const amount = doc.expectedNet;
  if (doc.lines.length === 0 && (amount === undefined || !Number.isFinite(amount))) {
    add(
      'no_lines_no_amount',
      `The ${words.document} has neither ${words.line}s nor an amount, so there is nothing to invoice.`,
    );
  } else if (doc.lines.length === 0 && (amount! < 0 || !Number.isSafeInteger(Math.round(amount! * 100)))) {
    add(
      'amount_invalid',
      `The ${words.document}'s amount must be at least 0 and small enough to invoice. Correct the amount in the source.`,
    );
  }
  let drift = 0;
  const checked = doc.lines.map((line, index) => {
    const label = lineLabel(words, line, index);
    if (!Number.isFinite(line.quantity) || line.quantity < 0)
      add('line_quantity_invalid', `The quantity of ${label} must be a number of at least 0.`);
    // A rounding row is signed: it balances a total that came out too high as well as too low.
    if (!Number.isFinite(line.unitPrice) || (line.unitPrice < 0 && line.kind !== 'rounding'))
      add('line_price_invalid', `The price of ${label} must be a number of at least 0.`);
    if (
      line.discountPercent !== undefined &&
      (!Number.isFinite(line.discountPercent) || line.discountPercent < 0 || line.discountPercent > 100)
    ) {
      add('line_discount_invalid', `The discount of ${label} must be between 0 and 100 %.`);
    }
    drift +=
      (line.kind === 'discount' ? -1 : 1) * lineAmountProblems(line, label, settings, vatTypeFor(doc.customer), add);
    const code = line.productCode?.trim();
    // Shipping, fees and discounts are booked without an article (payloads.ts articleOf); only products need a code.
    const needsCode = line.kind === undefined || line.kind === 'product';
    if (code === undefined || code === '') {
      if (needsCode && settings.defaultArticleNumber === null)
        add(
          'line_product_code_missing',
          `${capitalise(label)} has no product code, and no default article is configured. Give the product a code or set a default article in the dashboard.`,
        );
    } else if (code.length > LIMITS.articleNumber || !ARTICLE_NUMBER.test(code)) {
      add(
        'line_product_code_invalid',
        `The product code “${truncate(code, 60)}” of ${label} has characters or a length Fortnox refuses (letters, digits and - + / . _ only, at most ${LIMITS.articleNumber}).`,
      );
    }
    return { ...line, description: truncate(line.description, LIMITS.rowDescription) };
  });
  // Lines each within the tolerance can still add up beyond it.
  if (Math.abs(drift) > settings.totalTolerance + 0.005 && !problems.some((p) => p.code === 'line_decimals_lost'))
    add(
      'document_decimals_lost',
      `Fortnox keeps quantities and prices to two decimals, so the ${words.document} would come to ${money(Math.abs(drift))} ${drift > 0 ? 'more' : 'less'} than in the source. Use units that need at most two decimals, or round the quantities and prices in the source.`,
    );
  return checked;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const money = (n: number) => n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * What Fortnox would do to a line's amount: it keeps quantities and prices to two decimals, so 0.125 h
 * at 1 000 becomes 0.13 h (130, not 125); beyond 2^53 öre a double has no exact öre left; and a Swedish
 * customer can only be charged a Swedish VAT rate (EU consumers may carry their country's, for OSS).
 */
function lineAmountProblems(
  line: Line,
  label: string,
  settings: SyncSettings,
  vatType: string,
  add: (code: string, message: string) => void,
): number {
  const { quantity: q, unitPrice: p } = line;
  if (!Number.isFinite(q) || !Number.isFinite(p)) return 0;
  const exact = q * p * (1 - (line.discountPercent ?? 0) / 100);
  const exactInOre = (n: number) => Number.isSafeInteger(Math.round(Math.abs(n) * 100));
  if (!exactInOre(q) || !exactInOre(p) || !exactInOre(q * p)) {
    add('line_amount_too_large', `The amount of ${label} is too large for an invoice. Check its quantity and price.`);
    return 0;
  }
  const kept = round2(q) * round2(p) * (1 - (line.discountPercent ?? 0) / 100);
  if (Math.abs(kept - exact) > settings.totalTolerance + 0.005)
    add(
      'line_decimals_lost',
      `Fortnox keeps quantities and prices to two decimals, so ${label} would come to ${money(kept)} instead of ${money(exact)}. Use a unit that needs at most two decimals (e.g. minutes instead of hours), or round the quantity and price in the source.`,
    );
  const rate = line.vatRate;
  if (rate !== undefined && (!Number.isFinite(rate) || rate < 0 || rate >= 100))
    add('line_vat_invalid', `The VAT rate of ${label} must be a percentage from 0 up to 100.`);
  else if (rate !== undefined && vatType === 'SEVAT' && ![25, 12, 6, 0].includes(rate))
    add(
      'line_vat_not_swedish',
      `The VAT rate ${rate} % of ${label} is not a Swedish VAT rate (25, 12, 6 or 0 %). Correct the product's tax rate in the source.`,
    );
  return kept - exact;
}

const validDate = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) &&
  !Number.isNaN(Date.parse(d)) &&
  new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function preflight(
  doc: SalesDocument,
  settings: SyncSettings,
  enabledCurrencies: readonly string[],
  words: Vocabulary,
): PreflightResult {
  const problems: Problem[] = [];
  problems.push(...customerProblems(doc.customer, words));
  const lines = checkLines(doc, settings, words, problems);
  if (!enabledCurrencies.includes(doc.currency)) {
    problems.push({
      code: 'currency_not_enabled',
      message: `The ${words.document}'s currency ${doc.currency} is not enabled in Fortnox. Add it under Fortnox settings → currencies, or change the currency.`,
    });
  }
  if (!validDate(doc.documentDate)) {
    problems.push({
      code: 'document_date_invalid',
      message: `The ${words.document}'s date “${truncate(doc.documentDate, 20)}” is not a calendar date (YYYY-MM-DD). Correct the date in the source.`,
    });
  }
  if ((doc.yourOrderNumber ?? '').length > LIMITS.yourOrderNumber) {
    problems.push({
      code: 'your_order_number_too_long',
      message: `The customer's order number is longer than Fortnox allows (${LIMITS.yourOrderNumber} characters); it cannot be shortened safely.`,
    });
  }
  const document: SalesDocument = {
    ...doc,
    lines,
    ...(doc.ourReference === undefined ? {} : { ourReference: truncate(doc.ourReference, LIMITS.ourReference) }),
    ...(doc.yourReference === undefined ? {} : { yourReference: truncate(doc.yourReference, LIMITS.yourReference) }),
  };
  return { problems, document };
}
