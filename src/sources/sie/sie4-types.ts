import type { SieEncoding } from './cp437.ts';

/**
 * What an SIE4 file holds once read: the company, its financial years (`#RAR`), chart of accounts
 * (`#KONTO`), dimensions and objects (`#DIM`, `#OBJEKT`), and the verifications (`#VER` with its
 * `#TRANS` rows). Money is integer öre; dates are YYYY-MM-DD; every item keeps its line number so
 * a later check (an unknown account, a locked period) can point at the line too.
 */

export interface SieError {
  line: number;
  /** Plain words, with the line: `line 14: #TRANS amount “12,5x” is not a number`. */
  message: string;
}

export interface FinancialYear {
  /** 0 = the current year, -1 the one before (SIE `årsnr`). */
  index: number;
  start: string;
  end: string;
  line: number;
}

export interface SieObjectRef {
  dimension: number;
  id: string;
}

export interface SieTransaction {
  line: number;
  /** TRANS counts; RTRANS (a row added later) is followed by its TRANS copy; BTRANS (a row struck out) does not count. */
  kind: 'TRANS' | 'RTRANS' | 'BTRANS';
  account: string;
  objects: SieObjectRef[];
  /** Debit positive, credit negative, in öre. */
  amountOre: number;
  date: string | null;
  text: string | null;
  quantity: string | null;
  sign: string | null;
}

export interface VerificationBalance {
  debitOre: number;
  creditOre: number;
  /** debit − credit; 0 when the verification balances. */
  differenceOre: number;
}

export interface SieVerification {
  line: number;
  /** May be empty: a feeder system leaves series and number to the receiving system (SIE 4I). */
  series: string;
  number: string;
  date: string;
  text: string;
  registeredOn: string | null;
  sign: string | null;
  transactions: SieTransaction[];
  balance: VerificationBalance;
}

export interface SieFile {
  encoding: SieEncoding;
  flag: 0 | 1 | null;
  program: { name: string; version: string } | null;
  format: string | null;
  generated: { date: string; sign: string | null } | null;
  sieType: string | null;
  company: { name: string | null; orgNumber: string | null };
  currency: string | null;
  chartType: string | null;
  financialYears: FinancialYear[];
  accounts: { number: string; name: string; line: number }[];
  dimensions: { number: number; name: string; line: number }[];
  objects: { dimension: number; id: string; name: string; line: number }[];
  verifications: SieVerification[];
}

export type SieResult =
  | { ok: true; file: SieFile; warnings: string[] }
  | { ok: false; errors: SieError[]; warnings: string[] };

export function balanceOf(transactions: readonly SieTransaction[]): VerificationBalance {
  let debitOre = 0;
  let creditOre = 0;
  for (const t of transactions) {
    if (t.kind !== 'TRANS') continue;
    if (t.amountOre >= 0) debitOre += t.amountOre;
    else creditOre -= t.amountOre;
  }
  return { debitOre, creditOre, differenceOre: debitOre - creditOre };
}

/** 123456 → "1234.56", -5 → "-0.05": amounts in messages as the accountant writes them. */
export function kronor(ore: number): string {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
