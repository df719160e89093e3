import { z } from 'zod';
import { amount, flag, maybeText, text } from './lenient.ts';

/**
 * Vouchers and the bookkeeping frame they are checked against: financial years, voucher series,
 * the locked period and cost centres (reference §3, §4.6, §4.7). A voucher is unique by
 * (VoucherSeries, VoucherNumber, Year); ReferenceNumber is read-only, so our key travels in
 * Description and Comments.
 */

export const VoucherRowSchema = z.object({
  Account: amount,
  Debit: amount,
  Credit: amount,
  CostCenter: maybeText,
  Project: maybeText,
  TransactionInformation: maybeText,
  Removed: flag,
});
export type FortnoxVoucherRow = z.output<typeof VoucherRowSchema>;

export const VoucherSchema = z.object({
  VoucherSeries: text,
  VoucherNumber: amount,
  Year: amount,
  Description: text,
  Comments: maybeText,
  TransactionDate: text,
  ReferenceType: maybeText,
  VoucherRows: z.array(VoucherRowSchema).default([]),
});
export type FortnoxVoucher = z.output<typeof VoucherSchema>;

/** List items carry no rows (reference §3: Description, Comments, series/number, Year …). */
export const VoucherListItemSchema = VoucherSchema.omit({ VoucherRows: true });
export type FortnoxVoucherListItem = z.output<typeof VoucherListItemSchema>;

export interface VoucherRowPayload {
  Account: number;
  Debit: number;
  Credit: number;
  CostCenter?: string;
  Project?: string;
  /** ≤ 100 characters. */
  TransactionInformation?: string;
}

export interface VoucherPayload {
  Description: string;
  /** ≤ 1000 characters. */
  Comments?: string;
  TransactionDate: string;
  VoucherSeries: string;
  VoucherRows: VoucherRowPayload[];
}

export const FinancialYearSchema = z.object({
  Id: amount,
  FromDate: text,
  ToDate: text,
  AccountingMethod: maybeText,
});
export type FinancialYear = z.output<typeof FinancialYearSchema>;

export const VoucherSeriesSchema = z.object({
  Code: text,
  Description: text,
  Manual: flag,
  NextVoucherNumber: amount,
  Year: amount,
});
export type VoucherSeries = z.output<typeof VoucherSeriesSchema>;

/** `EndDate` empty or null when nothing is locked [unverified: the empty form]. */
export const LockedPeriodSchema = z.object({ EndDate: maybeText });

export const CostCenterSchema = z.object({
  Code: text,
  Description: text,
  Active: flag.default(true),
});
export type CostCenter = z.output<typeof CostCenterSchema>;
