import { isDate, stockholmDate } from '../clock.ts';
import { FortnoxError, KNOWN, NOT_FOUND } from '../errors.ts';
import { given } from '../fields.ts';
import { listResult } from '../query.ts';
import type { ResourceDef } from '../resource.ts';
import { type ApiResult, ok } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { isRec, type Json, num, type Rec, round, str } from '../values.ts';

/** Vouchers are unique by (series, number, year); the emulator has one financial year [reference §4.6]. */
export const vouchers: ResourceDef = {
  path: 'vouchers',
  single: 'Voucher',
  plural: 'Vouchers',
  scope: 'bookkeeping',
  table: (t) => t.vouchers,
  key: 'Key',
  spec: {},
  notFound: NOT_FOUND.vouchers,
  blank: () => ({}),
  autoNumber: false,
  listKeys: [],
  search: {},
  deletable: false,
  defaultSort: 'Key',
  passiveParams: ['financialyear', 'financialyeardate'],
  sortable: { vouchernumber: 'VoucherNumber', voucherseries: 'VoucherSeries', referencenumber: 'ReferenceNumber' },
  listItem: (rec, t) => ({
    '@url': t.env.url(`vouchers/${str(rec.VoucherSeries)}/${str(rec.VoucherNumber)}?financialyear=${str(rec.Year)}`),
    Comments: rec.Comments ?? null,
    Description: rec.Description ?? '',
    ReferenceNumber: rec.ReferenceNumber ?? '',
    ReferenceType: rec.ReferenceType ?? 'MANUAL',
    TransactionDate: rec.TransactionDate ?? null,
    VoucherNumber: rec.VoucherNumber ?? 0,
    VoucherSeries: rec.VoucherSeries ?? '',
    Year: rec.Year ?? 1,
    ApprovalState: 0,
  }),
};

export interface VoucherLine {
  account: number;
  debit: number;
  credit: number;
}

/** Records a voucher; debits must equal credits [standard; code unverified]. */
export function addVoucher(
  t: Tenant,
  p: {
    series: string;
    description: string;
    date: string;
    referenceType: string;
    referenceNumber: string;
    lines: VoucherLine[];
    comments?: string;
  },
): Rec {
  const debit = round(p.lines.reduce((s, l) => s + l.debit, 0));
  const credit = round(p.lines.reduce((s, l) => s + l.credit, 0));
  if (debit !== credit) throw t.env.err('voucherUnbalanced', `${debit} != ${credit}`);
  for (const l of p.lines) {
    if (!t.accountExists(l.account))
      throw new FortnoxError(400, KNOWN.accountMissing.code, `${KNOWN.accountMissing.message} (${l.account})`);
  }
  const number = t.nextVoucherNumber(p.series);
  const rec: Rec = {
    Comments: p.comments ?? null,
    CostCenter: '',
    Description: p.description,
    Project: '',
    ReferenceNumber: p.referenceNumber,
    ReferenceType: p.referenceType,
    TransactionDate: p.date,
    VoucherNumber: number,
    VoucherRows: p.lines
      .filter((l) => l.debit !== 0 || l.credit !== 0)
      .map((l) => ({
        Account: l.account,
        CostCenter: '',
        Credit: round(l.credit),
        Debit: round(l.debit),
        Description: str(t.accounts.get(String(l.account))?.Description),
        Project: '',
        Removed: false,
        TransactionInformation: '',
        Quantity: 0,
      })),
    VoucherSeries: p.series,
    Year: t.settings.financialYear,
    ApprovalState: 0,
    Key: `${p.series}/${String(number).padStart(9, '0')}`,
  };
  t.vouchers.put(str(rec.Key), rec, t.now());
  return rec;
}

const strip = (rec: Rec, t: Tenant): Rec => {
  const { Key: _key, ...rest } = rec;
  return { '@url': t.env.url(`vouchers/${str(rec.VoucherSeries)}/${str(rec.VoucherNumber)}`), ...rest };
};

export function getVoucher(t: Tenant, series: string, number: string): ApiResult {
  const rec = t.vouchers.get(`${series}/${number.padStart(9, '0')}`);
  if (!rec) throw new FortnoxError(404, NOT_FOUND.vouchers.code, NOT_FOUND.vouchers.message);
  return ok({ Voucher: strip(rec, t) });
}

export function listVouchers(t: Tenant, q: URLSearchParams, series?: string): ApiResult {
  const rows = t.vouchers.all().filter((s) => series === undefined || s.rec.VoucherSeries === series);
  return listResult(vouchers, t, q, (s) => vouchers.listItem?.(s.rec, t) ?? {}, rows);
}

/** POST /3/vouchers: a manual voucher with balanced rows. */
export function createVoucher(t: Tenant, body: unknown): ApiResult {
  const v = isRec(body) && isRec(body.Voucher) ? body.Voucher : undefined;
  if (!v) throw new FortnoxError(400, KNOWN.noData.code, KNOWN.noData.message);
  for (const k of ['Description', 'TransactionDate', 'VoucherSeries'] as const)
    if (!given(v[k])) throw t.env.err('required', k);
  if (!isDate(str(v.TransactionDate))) throw t.env.err('invalidValue', 'TransactionDate');
  const rows: Json[] = Array.isArray(v.VoucherRows) ? v.VoucherRows : [];
  if (rows.length === 0) throw t.env.err('required', 'VoucherRows');
  const lines = rows
    .filter(isRec)
    .map((r) => ({ account: num(r.Account), debit: num(r.Debit), credit: num(r.Credit) }));
  const rec = addVoucher(t, {
    series: str(v.VoucherSeries),
    description: str(v.Description),
    date: str(v.TransactionDate) || stockholmDate(t.now()),
    referenceType: 'MANUAL',
    referenceNumber: '',
    lines,
    comments: str(v.Comments),
  });
  return ok({ Voucher: strip(rec, t) }, 201);
}
