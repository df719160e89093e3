import type { CallOptions, FortnoxClient, FortnoxVoucher, FortnoxVoucherListItem } from '../fortnox/index.ts';

/**
 * What the voucher sink needs from Fortnox, in Fortnox's field names but nothing about HTTP: the
 * bookkeeping frame a voucher is checked against, posting, and listing a series to find a voucher
 * an interrupted attempt may have posted.
 */

export interface VoucherRowFields {
  Account: number;
  Debit: number;
  Credit: number;
  CostCenter?: string;
  Project?: string;
  TransactionInformation?: string;
}

export interface VoucherFields {
  Description: string;
  Comments: string;
  TransactionDate: string;
  VoucherSeries: string;
  VoucherRows: VoucherRowFields[];
}

export interface PostedVoucher {
  series: string;
  number: number;
  /** The financial year's Id (a voucher is unique by series, number and year). */
  yearId: number;
  description: string;
  comments: string | null;
  date: string;
}

export interface VoucherPort {
  financialYearOf(date: string): Promise<{ id: number; from: string; to: string } | undefined>;
  lockedThrough(): Promise<string | null>;
  series(yearId: number): Promise<{ code: string; manual: boolean }[]>;
  account(number: number): Promise<{ active: boolean; vatCode?: string | null } | undefined>;
  costCenter(code: string): Promise<{ active: boolean } | undefined>;
  create(fields: VoucherFields, yearId: number): Promise<PostedVoucher>;
  /** Every voucher of the series in that year (list items: no rows). */
  listSeries(series: string, yearId: number): Promise<PostedVoucher[]>;
}

function posted(v: FortnoxVoucher | FortnoxVoucherListItem): PostedVoucher {
  return {
    series: v.VoucherSeries,
    number: v.VoucherNumber,
    yearId: v.Year,
    description: v.Description,
    comments: v.Comments,
    date: v.TransactionDate,
  };
}

export function voucherPort(client: FortnoxClient, o: CallOptions = {}): VoucherPort {
  const api = client.vouchers;
  return {
    financialYearOf: async (date) => {
      const year = await api.financialYearOf(date, o);
      return year === undefined ? undefined : { id: year.Id, from: year.FromDate, to: year.ToDate };
    },
    lockedThrough: () => api.lockedThrough(o),
    series: async (yearId) => (await api.series(yearId, o)).map((s) => ({ code: s.Code, manual: s.Manual })),
    account: async (number) => {
      const account = await client.settings.account(number, o);
      return account === undefined ? undefined : { active: account.Active, vatCode: account.VATCode ?? null };
    },
    costCenter: async (code) => {
      const cc = await api.costCenter(code, o);
      return cc === undefined ? undefined : { active: cc.Active };
    },
    create: async (fields, yearId) => posted(await api.create(fields, yearId, o)),
    listSeries: async (series, yearId) => (await api.listSeries(series, yearId, o)).map(posted),
  };
}
