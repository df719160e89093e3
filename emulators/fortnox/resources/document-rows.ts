import { FortnoxError, KNOWN } from '../errors.ts';
import { applyFields, B, E, given, I, N, Q, RO, S, type Spec } from '../fields.ts';
import type { Tenant } from '../tenant.ts';
import { isRec, type Json, num, type Rec, round, str } from '../values.ts';
import { checkRowAccount, defaultRowAccount } from './sales-accounts.ts';

export type RowKind = 'invoice' | 'order';

const common: Spec = {
  AccountNumber: I,
  ArticleNumber: S(50),
  ContributionPercent: RO,
  ContributionValue: RO,
  Cost: RO,
  CostCenter: S(),
  DeliveredQuantity: Q,
  Description: S(255),
  Discount: N(2),
  DiscountType: E('AMOUNT', 'PERCENT'),
  HouseWork: B,
  HouseWorkHoursToReport: I,
  HouseWorkType: S(),
  Price: N(2),
  Project: S(),
  RowId: I,
  StockPointCode: S(),
  Total: RO,
  Unit: S(),
  VAT: N(),
};
const SPEC: Record<RowKind, Spec> = {
  invoice: { ...common, PriceExcludingVAT: RO, TotalExcludingVAT: RO, VATCode: RO },
  order: { ...common, OrderedQuantity: Q, ReservedQuantity: RO, StockPointId: S() },
};

/** A fresh row in the recorded key order (invoice rows: Dec 2024; order rows: Jan 2023). */
function blankRow(kind: RowKind): Rec {
  const head: Rec = {
    AccountNumber: 0,
    ArticleNumber: '',
    ContributionPercent: '0',
    ContributionValue: '0',
    Cost: 0,
    CostCenter: '',
    DeliveredQuantity: '0',
    Description: '',
    Discount: 0,
    DiscountType: 'PERCENT',
    HouseWork: false,
    HouseWorkHoursToReport: null,
    HouseWorkType: null,
  };
  return kind === 'invoice'
    ? {
        ...head,
        Price: 0,
        PriceExcludingVAT: 0,
        Project: '',
        RowId: 0,
        StockPointCode: null,
        Total: 0,
        TotalExcludingVAT: 0,
        Unit: '',
        VAT: 0,
        VATCode: null,
      }
    : {
        ...head,
        OrderedQuantity: '0',
        Price: 0,
        Project: '',
        ReservedQuantity: '0',
        RowId: 0,
        StockPointCode: null,
        StockPointId: null,
        Total: 0,
        Unit: '',
        VAT: 0,
      };
}

/**
 * Builds the rows of a create/update. Update rules [OAS updateInvoice]: without any RowId rows
 * map by position; with RowIds, rows with one update that row, rows without are new, rows not
 * mentioned are removed. Every RowId is regenerated on each write.
 */
export function buildRows(
  t: Tenant,
  kind: RowKind,
  sent: Json | undefined,
  previous: Rec[],
  customer: Rec | undefined,
): Rec[] {
  if (sent === undefined || sent === null) return previous;
  if (!Array.isArray(sent)) throw new FortnoxError(400, KNOWN.noData.code, `${KNOWN.noData.message} (rows)`);
  const byId = sent.some((r) => isRec(r) && given(r.RowId));
  return sent.map((raw, i) => {
    if (!isRec(raw)) throw new FortnoxError(400, KNOWN.noData.code, `${KNOWN.noData.message} (rows)`);
    const base = byId ? previous.find((p) => given(raw.RowId) && p.RowId === num(raw.RowId)) : previous[i];
    const row = base ? structuredClone(base) : blankRow(kind);
    applyFields(t.env, row, raw, SPEC[kind], [], !base);
    if (!base) applyDefaults(t, row, raw, customer);
    validateRow(t, row, customer);
    computeRow(row, false);
    row.RowId = t.nextRowId();
    return row;
  });
}

/**
 * Description, price, VAT and unit default from the article [OAS createInvoice]; the account from
 * the article or the predefined accounts by the customer's VAT type (sales-accounts.ts).
 */
function applyDefaults(t: Tenant, row: Rec, raw: Rec, customer: Rec | undefined): void {
  const article = given(row.ArticleNumber) ? t.articles.get(str(row.ArticleNumber)) : undefined;
  if (given(row.ArticleNumber) && !article) {
    throw new FortnoxError(
      400,
      KNOWN.articleMissing.code,
      `${KNOWN.articleMissing.message} (${str(row.ArticleNumber)})`,
    );
  }
  if (article) {
    if (!given(raw.Description)) row.Description = str(article.Description);
    if (!given(raw.Price)) row.Price = num(article.SalesPrice);
    if (!given(raw.Unit)) row.Unit = str(article.Unit);
  }
  const requestedVat = given(raw.VAT) ? num(row.VAT) : article ? num(article.VAT) : 25;
  if (!given(raw.AccountNumber)) row.AccountNumber = defaultRowAccount(t, customer, article, requestedVat);
  if (!given(raw.VAT)) row.VAT = article ? num(article.VAT) : (t.accountVat.get(num(row.AccountNumber)) ?? 0);
}

/**
 * A foreign (One Stop Shop) rate books only on a sales account linked to a VAT code of its own: OSS in
 * Fortnox is own sales accounts and VAT codes per country and rate (reference §3, [FXS MOSS]). The
 * seeded Swedish accounts carry the Swedish codes; an account whose code names no Swedish rate is
 * taken as an OSS account. [inferred: which codes Fortnox accepts for which rate]
 */
const SWEDISH_VAT_CODES = /^(MP[1-4]|MF)$/;
function ossAccount(t: Tenant, account: number): boolean {
  const code = str(t.accounts.get(String(account))?.VATCode ?? '');
  return code !== '' && !SWEDISH_VAT_CODES.test(code);
}

const ZERO_VAT_TYPES = ['EXPORT', 'EUREVERSEDVAT', 'SEREVERSEDVAT'];

function validateRow(t: Tenant, row: Rec, customer: Rec | undefined): void {
  checkRowAccount(t, num(row.AccountNumber));
  if (!t.vatRates.includes(num(row.VAT)) && !ossAccount(t, num(row.AccountNumber)))
    throw t.env.err('invalidVat', String(row.VAT));
  // [inferred] reverse-charge and export customers get 0 % rows (reference §8).
  if (customer && ZERO_VAT_TYPES.includes(str(customer.VATType))) row.VAT = 0;
  if (given(row.Unit) && !t.units.get(str(row.Unit))) throw t.env.err('invalidValue', `Unit: ${str(row.Unit)}`);
}

/** Row Total = qty × price × (1 − discount %) (or − discount amount), 2 decimals. */
export function computeRow(row: Rec, vatIncluded: boolean): void {
  const qty = num(row.DeliveredQuantity);
  const price = num(row.Price);
  const discount = num(row.Discount);
  const total = round(row.DiscountType === 'AMOUNT' ? qty * price - discount : qty * price * (1 - discount / 100));
  const factor = vatIncluded ? 1 + num(row.VAT) / 100 : 1;
  row.Total = total;
  const contribution = round(total / factor - num(row.Cost) * qty);
  row.ContributionValue = String(contribution);
  row.ContributionPercent = String(total === 0 ? 0 : round((contribution / (total / factor)) * 100));
  if ('PriceExcludingVAT' in row) {
    row.PriceExcludingVAT = round(price / factor);
    row.TotalExcludingVAT = round(total / factor);
  }
}

export interface Totals {
  Net: number;
  Gross: number;
  TotalVAT: number;
  FreightVAT: number;
  AdministrationFeeVAT: number;
  RoundOff: number;
  Total: number;
}

/**
 * Document totals, as in the official worked example: 10 × 159 @25 % + freight 95 → Net 1590,
 * TotalVAT 421.25, RoundOff −0.25, Total 2106 [reference §4.3]. Freight and fee VAT 25 % [assumption].
 */
export function computeTotals(rows: Rec[], doc: Rec, roundToKronor: boolean): Totals {
  const vatIncluded = doc.VATIncluded === true;
  let net = 0,
    gross = 0,
    rowVat = 0;
  for (const row of rows) {
    computeRow(row, vatIncluded);
    const factor = vatIncluded ? 1 + num(row.VAT) / 100 : 1;
    const excl = num(row.Total) / factor;
    net += excl;
    gross += (num(row.DeliveredQuantity) * num(row.Price)) / factor;
    rowVat += (excl * num(row.VAT)) / 100;
  }
  const freightVat = round(num(doc.Freight) * 0.25);
  const feeVat = round(num(doc.AdministrationFee) * 0.25);
  const totalVat = round(rowVat + freightVat + feeVat);
  const sum = round(net + num(doc.Freight) + num(doc.AdministrationFee) + totalVat);
  const total = roundToKronor ? round(sum, 0) : sum;
  return {
    Net: round(net),
    Gross: round(gross),
    TotalVAT: totalVat,
    FreightVAT: freightVat,
    AdministrationFeeVAT: feeVat,
    RoundOff: round(total - sum),
    Total: total,
  };
}
