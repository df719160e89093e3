import fc from 'fast-check';
import { computeTotals } from '../../emulators/fortnox/resources/document-rows.ts';
import { type Rec, round } from '../../emulators/fortnox/values.ts';
import type { Line, SalesDocument } from '../../src/core/documents.ts';
import { toAppError } from '../../src/core/errors.ts';
import { LIMITS, preflight, type Vocabulary } from '../../src/core/preflight.ts';
import { DEFAULT_SETTINGS, type SyncSettings } from '../../src/core/settings.ts';
import { vatTypeFor } from '../../src/core/vat.ts';
import { NeedsAttentionError } from '../../src/sink/attention.ts';
import { creditedRows, creditedTotal, negativeRows } from '../../src/sink/credit-rows.ts';
import type { FortnoxDocumentFields } from '../../src/sink/fortnox-port.ts';
import { customerFields, documentFields } from '../../src/sink/payloads.ts';
import { balanceVoucher } from '../../src/sink/voucher-balance.ts';
import { shopSettingsSchema } from '../../src/sources/shop/settings.ts';
import { shopDocument } from '../../src/sources/shop/to-document.ts';
import * as arb from './arbitraries.ts';

/**
 * The hostile-input invariant, as fast-check properties shared by the tests and the chaos scenario:
 * whatever a source hands the sink, the outcome is a valid Fortnox payload whose totals (as Fortnox
 * computes them: the emulator's own arithmetic, after its 2-decimal rounding) match the source within
 * the tolerance, or a needs-attention message in plain words. An exception of any other kind, a
 * payload Fortnox would refuse or total differently, or an empty outcome fails the property.
 */

const WORDS: Vocabulary = { document: 'order', customer: 'customer', line: 'order line' };
const ENABLED = ['SEK', 'EUR', 'USD'];
const SWEDISH_RATES = [25, 12, 6, 0];
const ARTICLE = /^[A-Za-z0-9+\-/._]{1,50}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function fail(why: string): never {
  throw new Error(why);
}

/** A message a finance person can act on: a sentence, well-formed, bounded, no leaked programming values. */
export function checkPlainWords(message: string): void {
  if (message.trim() === '') fail('empty needs-attention message');
  if (message.length > 2500) fail(`message of ${message.length} characters`);
  if (!message.isWellFormed()) fail(`message with a lone surrogate: ${JSON.stringify(message.slice(0, 200))}`);
  // What the source said is quoted “…”; outside the quotes no programming value may show.
  const ours = message.replace(/“[^”]*”/gs, '“”');
  const leak = /\b(undefined|NaN|null|Infinity)\b|\[object|Error:/.exec(ours);
  if (leak) fail(`message shows ${leak[0]}: ${ours.slice(0, 300)}`);
  if (!/[.)]$/.test(message.trim())) fail(`message is not a sentence: ${message.slice(-80)}`);
}

const validDate = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** The document total as Fortnox computes it from the rows we send (prices and quantities rounded first). */
export function fortnoxTotalsOf(fields: FortnoxDocumentFields): { net: number; total: number } {
  const rows: Rec[] = fields.Rows.map((r) => ({
    DeliveredQuantity: round(r.DeliveredQuantity),
    Price: round(r.Price),
    Discount: r.Discount ?? 0,
    DiscountType: 'PERCENT',
    VAT: r.VAT,
  }));
  const doc: Rec = { VATIncluded: fields.VATIncluded === true, Freight: fields.Freight ?? 0 };
  const totals = computeTotals(rows, doc, false);
  return { net: totals.Net, total: totals.Total };
}

/** What the source's lines come to in its own price convention, exactly (no rounding). */
function sourceSum(doc: SalesDocument): number {
  if (doc.lines.length === 0) return doc.expectedNet ?? 0;
  return doc.lines.reduce(
    (sum, l: Line) =>
      sum + (l.kind === 'discount' ? -1 : 1) * l.quantity * l.unitPrice * (1 - (l.discountPercent ?? 0) / 100),
    0,
  );
}

function checkPayload(doc: SalesDocument, fields: FortnoxDocumentFields, settings: SyncSettings): void {
  if (fields.Rows.length === 0 || fields.Rows.length > LIMITS.rows) fail(`${fields.Rows.length} rows`);
  if (!ENABLED.includes(fields.Currency)) fail(`currency ${fields.Currency} sent`);
  if (!validDate(fields.DocumentDate)) fail(`DocumentDate ${JSON.stringify(fields.DocumentDate)} sent`);
  for (const [key, max] of [
    ['YourOrderNumber', LIMITS.yourOrderNumber],
    ['OurReference', LIMITS.ourReference],
    ['YourReference', LIMITS.yourReference],
    ['ExternalInvoiceReference1', 80],
  ] as const) {
    const value = fields[key];
    if (value !== undefined && (value.length > max || !value.isWellFormed())) fail(`${key} of ${value.length}`);
  }
  const vatType = vatTypeFor(doc.customer);
  fields.Rows.forEach((r, i) => {
    const where = `row ${i + 1}`;
    if (r.Description.length > LIMITS.rowDescription || !r.Description.isWellFormed())
      fail(`${where}: description ${JSON.stringify(r.Description.slice(-20))} (${r.Description.length})`);
    for (const [name, value] of [
      ['DeliveredQuantity', r.DeliveredQuantity],
      ['Price', r.Price],
    ] as const)
      if (!Number.isFinite(value) || !Number.isSafeInteger(Math.round(Math.abs(value) * 100)))
        fail(`${where}: ${name} ${value}`);
    if (r.ArticleNumber !== undefined && !ARTICLE.test(r.ArticleNumber)) fail(`${where}: article ${r.ArticleNumber}`);
    if (r.Discount !== undefined && !(r.Discount >= 0 && r.Discount <= 100)) fail(`${where}: discount ${r.Discount}`);
    // EU consumers may be taxed at their own country's rate (One Stop Shop); everyone else at a Swedish one.
    const vatOk = vatType === 'EUVAT' ? r.VAT >= 0 && r.VAT < 100 : SWEDISH_RATES.includes(r.VAT);
    if (!vatOk) fail(`${where}: VAT ${r.VAT} for a ${vatType} customer`);
  });
  const c = customerFields(doc.customer);
  if (c.Name === '' || c.Name.length > LIMITS.customerName || !c.Name.isWellFormed()) fail('customer name');
  if (!/^[A-Z]{2}$/.test(c.CountryCode ?? '')) fail(`customer country ${c.CountryCode}`);
  if (c.Email !== undefined && !EMAIL.test(c.Email)) fail(`customer e-mail ${c.Email}`);
  if ((c.ZipCode ?? '').length > LIMITS.zip) fail('zip');
  // Totals: Fortnox's figure against the source's own, in the document's price convention.
  const totals = fortnoxTotalsOf(fields);
  const fortnoxSum = fields.VATIncluded === true ? totals.total : totals.net;
  const wanted = sourceSum(doc);
  // Fortnox rounds each row's total to the öre: half an öre per row is arithmetic, not a loss.
  const allowed = settings.totalTolerance + 0.005 * (fields.Rows.length + 1) + 1e-9;
  if (!(Math.abs(fortnoxSum - wanted) <= allowed))
    fail(`Fortnox would total ${fortnoxSum}, the source ${wanted} (tolerance ${settings.totalTolerance})`);
}

/** Outcome of one document: 'payload' or 'attention' (the property fails by throwing otherwise). */
export function documentOutcome(doc: SalesDocument, settings: SyncSettings): 'payload' | 'attention' {
  const checked = preflight(doc, settings, ENABLED, WORDS);
  if (checked.problems.length > 0) {
    for (const p of checked.problems) checkPlainWords(p.message);
    return 'attention';
  }
  const fields = documentFields(checked.document, '1', settings, '2026-12-03', 'fs:order:1');
  checkPayload(checked.document, fields, settings);
  return 'payload';
}

const SETTINGS_VARIANTS: SyncSettings[] = [
  DEFAULT_SETTINGS,
  { ...DEFAULT_SETTINGS, defaultArticleNumber: 'MISC', totalTolerance: 0 },
];

/** A needs-attention error, said in plain words; anything else thrown is a crash. */
function attentionOf(error: unknown): 'attention' {
  if (!(error instanceof NeedsAttentionError)) throw error;
  checkPlainWords(toAppError(error).userMessage);
  return 'attention';
}

export interface Tally {
  payload: number;
  attention: number;
}

export function newTally(): Tally {
  return { payload: 0, attention: 0 };
}

export function documentProperty(tally = newTally()) {
  return fc.property(arb.salesDocument, fc.constantFrom(0, 1), (doc, s) => {
    tally[documentOutcome(doc, SETTINGS_VARIANTS[s]!)]++;
  });
}

const SHOP_SETTINGS = shopSettingsSchema.parse({});

export function shopProperty(tally = newTally()) {
  return fc.property(arb.shopOrder, (order) => {
    const mapped = shopDocument(order, SHOP_SETTINGS);
    if (mapped.kind === 'blocked') {
      checkPlainWords(mapped.message);
      tally.attention++;
      return;
    }
    const doc = mapped.document;
    const settings = { ...DEFAULT_SETTINGS, defaultArticleNumber: 'MISC' };
    const outcome = documentOutcome(doc, settings);
    tally[outcome]++;
    if (outcome === 'attention') return;
    // The buyer paid order.total: Fortnox's total must be that, within the shop's rounding tolerance.
    const fields = documentFields(preflight(doc, settings, ENABLED, WORDS).document, '1', settings, '2026-12-03', 'r');
    const total = fortnoxTotalsOf(fields).total;
    if (!(Math.abs(total - order.total) <= SHOP_SETTINGS.roundingTolerance + 1e-9))
      fail(`Fortnox would total ${total}, the buyer paid ${order.total}`);
  });
}

export function creditProperty(tally = newTally()) {
  return fc.property(arb.credit, arb.invoice, (credit, invoice) => {
    let rows: ReturnType<typeof creditedRows>;
    try {
      rows = creditedRows(credit, invoice, WORDS);
    } catch (error) {
      tally[attentionOf(error)]++;
      return;
    }
    if (rows.length === 0) fail('a credit with no rows and no message');
    for (const r of negativeRows(rows)) {
      if (!(r.DeliveredQuantity < 0) || !Number.isFinite(r.DeliveredQuantity)) fail(`quantity ${r.DeliveredQuantity}`);
      if (!(r.Price >= 0) || !Number.isFinite(r.Price)) fail(`price ${r.Price}`);
      if (!r.Description.isWellFormed() || r.Description.length > LIMITS.rowDescription)
        fail(`description of ${r.Description.length}`);
    }
    const total = creditedTotal(rows, invoice.VATIncluded);
    if (!Number.isFinite(total)) fail(`credited total ${total}`);
    if (credit.lines === undefined || credit.lines.length === 0) {
      // An amount-only refund: the credit takes back what the customer got, to the öre per VAT rate it is split over
      // (each share is priced excluding VAT on a VAT-excluded invoice, and Fortnox keeps two decimals).
      const amount = credit.amount ?? 0;
      if (Math.abs(total - amount) > 0.01 * rows.length + amount * 1e-12)
        fail(`credits ${total} for a refund of ${amount}`);
    }
    tally.payload++;
  });
}

export function voucherProperty(tally = newTally()) {
  return fc.property(arb.voucher, (voucher) => {
    let balanced: ReturnType<typeof balanceVoucher>;
    try {
      balanced = balanceVoucher(voucher, { toleranceOre: 2, roundingAccount: 3740 });
    } catch (error) {
      tally[attentionOf(error)]++;
      return;
    }
    const debit = balanced.rows.reduce((s, r) => s + r.debitOre, 0);
    const credit = balanced.rows.reduce((s, r) => s + r.creditOre, 0);
    if (debit !== credit) fail(`debits ${debit} ≠ credits ${credit}`);
    for (const r of balanced.rows) {
      if (!Number.isSafeInteger(r.debitOre) || !Number.isSafeInteger(r.creditOre)) fail('öre not whole');
      if (r.debitOre > 0 === r.creditOre > 0) fail('a row with both or neither side');
      if (r.text !== undefined && (r.text.length > 100 || !r.text.isWellFormed())) fail(`text of ${r.text.length}`);
    }
    tally.payload++;
  });
}

/** Every property by name, for the tests and the scenario. */
export const PROPERTIES: Record<string, (tally?: Tally) => fc.IProperty<[unknown, ...unknown[]]>> = {
  'sales documents': documentProperty,
  'shop orders': shopProperty,
  credits: creditProperty,
  vouchers: voucherProperty,
};
