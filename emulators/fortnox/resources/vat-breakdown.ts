import { num, type Rec, round } from '../values.ts';
import { rowsOf } from './invoices.ts';

export interface VatLine {
  rate: number;
  /** Amount the VAT is computed on (excluding VAT), in the invoice currency. */
  basis: number;
  vat: number;
}

/**
 * VAT per rate, as a Swedish invoice must show it (mervärdesskattelagen: the VAT amount per rate
 * and the basis it is computed on): rows by their own rate, freight and fee at 25 % like the
 * totals (document-rows.ts). Rates with nothing on them are left out.
 */
export function vatBreakdown(inv: Rec): VatLine[] {
  const byRate = new Map<number, number>();
  const add = (rate: number, amount: number): void => {
    if (amount !== 0) byRate.set(rate, (byRate.get(rate) ?? 0) + amount);
  };
  for (const row of rowsOf(inv)) add(num(row.VAT), num(row.TotalExcludingVAT ?? row.Total));
  add(25, num(inv.Freight) + num(inv.AdministrationFee));
  return [...byRate]
    .sort(([a], [b]) => b - a)
    .map(([rate, basis]) => ({ rate, basis: round(basis), vat: round((basis * rate) / 100) }));
}

/** Two decimals, the one amount format of the finance page and the PDF. */
export const amount = (v: number): string => v.toFixed(2);
