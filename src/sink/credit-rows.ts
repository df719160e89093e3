import type { Credit } from '../core/documents.ts';
import type { Vocabulary } from '../core/preflight.ts';
import { shorten } from '../core/text.ts';
import { NeedsAttentionError } from './attention.ts';
import type { FortnoxInvoiceDetail, FortnoxInvoiceRow, FortnoxRow } from './fortnox-port.ts';

/**
 * What a credit takes back, row by row, against the invoice it credits. Every credited line must be
 * on that invoice (matched by product code, or by description for rows without one), so its VAT rate
 * and sales account are the original's, never a guess; an amount without lines is split over the
 * invoice's VAT rates in proportion. Pure.
 */

export interface CreditedRow {
  /** The invoice row it takes back (on a credit invoice: that invoice's own copy of the row). */
  base: FortnoxInvoiceRow;
  /** Positive: how much is taken back. */
  quantity: number;
  /** Per unit, as the invoice states prices (VAT included or not). */
  price: number;
  description: string;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const priced = (rows: readonly FortnoxInvoiceRow[]) => rows.filter((r) => r.DeliveredQuantity !== 0 || r.Price !== 0);

/** A price from the source's convention (with or without VAT) into the invoice's. */
function toInvoicePrice(price: number, sourceIncludesVat: boolean, invoice: FortnoxInvoiceDetail, vat: number): number {
  if (sourceIncludesVat === invoice.VATIncluded) return price;
  return round2(sourceIncludesVat ? price / (1 + vat / 100) : price * (1 + vat / 100));
}

export function creditedRows(credit: Credit, invoice: FortnoxInvoiceDetail, words: Vocabulary): CreditedRow[] {
  const rows = priced(invoice.Rows);
  const n = invoice.DocumentNumber;
  const includesVat = credit.pricesIncludeVat === true;
  if (credit.lines !== undefined && credit.lines.length > 0) {
    const used = new Set<number>();
    return credit.lines.map((line) => {
      const name = shorten(line.description, 60);
      if (!(line.quantity > 0) || !Number.isFinite(line.quantity)) {
        throw new NeedsAttentionError(
          `The refunded ${words.line} “${name}” has quantity “${line.quantity}”; a refund takes back a positive quantity. Check the refund in the source system.`,
          'credit_line_quantity',
        );
      }
      const discount = line.discountPercent ?? 0;
      if (!(line.unitPrice >= 0) || !Number.isFinite(line.unitPrice) || !(discount >= 0 && discount <= 100)) {
        throw new NeedsAttentionError(
          `The refunded ${words.line} “${name}” has price “${line.unitPrice}” and discount “${discount}” %; a refund takes back a price of at least 0 with a discount from 0 to 100 %. Check the refund in the source system.`,
          'credit_line_price',
        );
      }
      const code = line.productCode?.trim();
      const index = rows.findIndex(
        (r, i) => !used.has(i) && (code ? r.ArticleNumber === code : r.Description === line.description),
      );
      if (index < 0) {
        throw new NeedsAttentionError(
          `The refunded ${words.line} “${name}” is not on invoice ${n}, so it cannot be credited against it. Check the refund in the source system, or credit it by hand in Fortnox.`,
          'credit_line_unknown',
        );
      }
      used.add(index);
      const base = rows[index]!;
      const unit = line.unitPrice * (1 - (line.discountPercent ?? 0) / 100);
      return {
        base,
        quantity: line.quantity,
        price: toInvoicePrice(unit, includesVat, invoice, base.VAT),
        description: shorten(line.description, 255),
      };
    });
  }
  const amount = credit.amount;
  // Less than half an öre is nothing to credit once rounded to öre; beyond 2^53 öre a double holds no exact öre.
  if (amount === undefined || !(Math.round(amount * 100) >= 1) || !(amount * 100 <= Number.MAX_SAFE_INTEGER)) {
    throw new NeedsAttentionError(
      `The ${words.document} “${shorten(credit.title, 60)}” refunds neither ${words.line}s nor an amount above zero that can be invoiced; there is nothing to credit.`,
      'credit_empty',
    );
  }
  return amountRows(amount, credit, invoice, rows, words);
}

/**
 * An amount without lines: on an invoice of one VAT rate, one row at it; on several, the amount is
 * split over the rates in proportion to what the invoice charged at each (VAT included), as a rebate
 * on goods of several rates is apportioned — each share on the first row of its rate.
 */
function amountRows(
  amount: number,
  credit: Credit,
  invoice: FortnoxInvoiceDetail,
  rows: readonly FortnoxInvoiceRow[],
  words: Vocabulary,
): CreditedRow[] {
  const byRate = new Map<number, { base: FortnoxInvoiceRow; gross: number }>();
  for (const row of rows) {
    const net = row.DeliveredQuantity * row.Price * (1 - (row.Discount ?? 0) / 100);
    const gross = invoice.VATIncluded ? net : net * (1 + row.VAT / 100);
    const group = byRate.get(row.VAT);
    if (group === undefined) byRate.set(row.VAT, { base: row, gross });
    else group.gross += gross;
  }
  // A credit invoice's own rows are negative: the shares are the same either way.
  const direction = [...byRate.values()].reduce((s, g) => s + g.gross, 0) < 0 ? -1 : 1;
  const groups = [...byRate.values()]
    .map((g) => ({ base: g.base, gross: g.gross * direction }))
    .filter((g) => g.gross > 0);
  const whole = groups.reduce((s, g) => s + g.gross, 0);
  if (groups.length === 0 || !(whole > 0)) {
    throw new NeedsAttentionError(
      `The refund of ${amount} ${credit.currency} names no ${words.line}s, and invoice ${invoice.DocumentNumber} has no row it could be credited on. Credit it by hand in Fortnox.`,
      'credit_amount_vat',
    );
  }
  // Shares in whole öre by largest remainder: they sum to the amount exactly and none turns negative
  // (rounding each share and giving the last one the rest could, for a few öre over several rates).
  const totalOre = Math.round(amount * 100);
  const exact = groups.map((g) => (totalOre * g.gross) / whole);
  const shares = exact.map((e) => Math.floor(e));
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest);
  const remainder = totalOre - shares.reduce((a, b) => a + b, 0);
  for (let k = 0; k < remainder; k++) shares[order[k % order.length]!.i]! += 1;
  return groups.flatMap((g, i) => {
    const share = shares[i]! / 100;
    if (share === 0) return [];
    const suffix = groups.length === 1 ? '' : ` (${g.base.VAT} %)`;
    const description = `${shorten(credit.title, 255 - suffix.length)}${suffix}`;
    // An amount is what the customer got back: VAT included.
    return [{ base: g.base, quantity: 1, price: toInvoicePrice(share, true, invoice, g.base.VAT), description }];
  });
}

/** What the credited rows come to, VAT included, in the invoice currency. */
export function creditedTotal(rows: readonly CreditedRow[], vatIncluded: boolean): number {
  return round2(rows.reduce((sum, r) => sum + r.quantity * r.price * (vatIncluded ? 1 : 1 + r.base.VAT / 100), 0));
}

/** Rows of a new invoice taking the credited rows back (negative quantities, the original's VAT and account). */
export function negativeRows(rows: readonly CreditedRow[]): FortnoxRow[] {
  return rows.map(({ base, quantity, price, description }) => {
    const row: FortnoxRow = { Description: description, DeliveredQuantity: -quantity, Price: price, VAT: base.VAT };
    if (base.ArticleNumber !== undefined) row.ArticleNumber = base.ArticleNumber;
    if (base.AccountNumber !== undefined) row.AccountNumber = base.AccountNumber;
    if (base.Unit !== undefined) row.Unit = base.Unit;
    return row;
  });
}
