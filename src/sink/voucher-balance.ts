import type { Voucher, VoucherRow } from '../core/documents.ts';
import { defined } from '../core/optional.ts';
import { shorten } from '../core/text.ts';
import { NeedsAttentionError } from './attention.ts';

/**
 * A voucher's balance, checked exactly in integer öre before anything is sent: sources sum their
 * unrounded amounts and round once per account, so a day can be off by an öre or two (cash rounding,
 * half-even payments). A residual within the tolerance is booked on the rounding account (BAS 3740
 * Öres- och kronutjämning); a larger one means the day is wrong and is held for a person.
 */

export function kronor(ore: number): string {
  return `${(ore / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} SEK`;
}

export interface BalanceRules {
  toleranceOre: number;
  roundingAccount: number;
}

export interface Balanced {
  rows: VoucherRow[];
  debitOre: number;
  /** What was put on the rounding account: positive = credited, negative = debited. */
  roundedOre: number;
}

function checkRow(row: VoucherRow, index: number): void {
  const where = `Row ${index + 1} (account ${row.account})`;
  if (!Number.isInteger(row.account) || row.account < 1000 || row.account > 9999)
    throw new NeedsAttentionError(
      `${where} names no valid account: accounts are four digits (BAS). Fix the account mapping.`,
      'voucher_bad_account',
    );
  for (const [side, value] of [
    ['debit', row.debitOre],
    ['credit', row.creditOre],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new NeedsAttentionError(
        `${where} has an invalid ${side} amount (“${String(value)}” öre); amounts must be whole öre, not negative.`,
        'voucher_bad_amount',
      );
  }
}

/** One side per row (debit minus credit), zero rows dropped, long texts shortened to Fortnox's 100. */
function normalise(row: VoucherRow): VoucherRow | undefined {
  const net = row.debitOre - row.creditOre;
  if (net === 0) return undefined;
  const text = row.text === undefined ? undefined : shorten(row.text, 100);
  return {
    ...row,
    debitOre: Math.max(net, 0),
    creditOre: Math.max(-net, 0),
    ...defined({ text }),
  };
}

export function balanceVoucher(voucher: Voucher, rules: BalanceRules): Balanced {
  voucher.rows.forEach(checkRow);
  const rows = voucher.rows.map(normalise).filter((r): r is VoucherRow => r !== undefined);
  const debit = rows.reduce((s, r) => s + r.debitOre, 0);
  const credit = rows.reduce((s, r) => s + r.creditOre, 0);
  const residual = debit - credit;
  if (residual === 0) return { rows, debitOre: debit, roundedOre: 0 };
  if (Math.abs(residual) > rules.toleranceOre) {
    throw new NeedsAttentionError(
      `${voucher.title} does not balance: debits ${kronor(debit)}, credits ${kronor(credit)}, a difference of ${kronor(Math.abs(residual))} — more than the ${kronor(rules.toleranceOre)} that may go to rounding. Check the day's sales and payments in the source (an unmapped payment method or a missing VAT line), or raise the tolerance in the settings.`,
      'voucher_unbalanced',
    );
  }
  const costCenter = rows.find((r) => r.costCenter !== undefined)?.costCenter;
  const rounding: VoucherRow = {
    account: rules.roundingAccount,
    debitOre: Math.max(-residual, 0),
    creditOre: Math.max(residual, 0),
    text: 'Öres- och kronutjämning',
    ...defined({ costCenter }),
  };
  return { rows: [...rows, rounding], debitOre: Math.max(debit, credit), roundedOre: residual };
}
