import { type FinancialYear, voucherKey } from '../books.ts';
import { isDate, stockholmDate } from '../clock.ts';
import { FortnoxError, KNOWN, NOT_FOUND } from '../errors.ts';
import { given } from '../fields.ts';
import { listResult } from '../query.ts';
import type { ResourceDef } from '../resource.ts';
import { type ApiResult, ok } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { isRec, type Json, num, type Rec, round, str } from '../values.ts';

/**
 * Vouchers: unique by (series, number, financial year), numbers restart every year, no update
 * endpoint [reference §4.6]. The API refuses what a bookkeeper could not enter by hand either: a
 * date outside every financial year or inside the locked period, a series without manual entry, an
 * unknown or inactive account or cost centre, rows that do not balance.
 */
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
  costCenter?: string;
  project?: string;
  info?: string;
}

const ore = (n: number): number => Math.round(n * 100);

/**
 * Records a voucher in the year of its date. The emulator's own bookings (invoices, payments) use
 * it directly and get their year created when missing; API vouchers are checked first.
 */
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
    year?: FinancialYear;
  },
): Rec {
  const debit = p.lines.reduce((s, l) => s + ore(l.debit), 0);
  const credit = p.lines.reduce((s, l) => s + ore(l.credit), 0);
  if (debit !== credit) throw t.env.err('voucherUnbalanced', `${debit / 100} != ${credit / 100}`);
  for (const l of p.lines) {
    if (!t.accountExists(l.account))
      throw new FortnoxError(400, KNOWN.accountMissing.code, `${KNOWN.accountMissing.message} (${l.account})`);
  }
  const year = p.year ?? t.books.ensureYear(p.date);
  const number = t.books.nextNumber(p.series, year.Id);
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
        CostCenter: l.costCenter ?? '',
        Credit: round(l.credit),
        Debit: round(l.debit),
        Description: str(t.accounts.get(String(l.account))?.Description),
        Project: l.project ?? '',
        Removed: false,
        TransactionInformation: l.info ?? '',
        Quantity: 0,
      })),
    VoucherSeries: p.series,
    Year: year.Id,
    ApprovalState: 0,
    Key: voucherKey(year.Id, p.series, number),
  };
  t.vouchers.put(str(rec.Key), rec, t.now());
  // Not on the topics log (its consumers expect documents); tests await this to know a voucher exists.
  t.env.events.emit('voucher', { tenantId: t.id, series: p.series, number, year: year.Id });
  return rec;
}

const strip = (rec: Rec, t: Tenant): Rec => {
  const { Key: _key, ...rest } = rec;
  return {
    '@url': t.env.url(`vouchers/${str(rec.VoucherSeries)}/${str(rec.VoucherNumber)}?financialyear=${str(rec.Year)}`),
    ...rest,
  };
};

/** `?financialyear=Id`, or the preselected year (the one of today) when absent. */
function requestedYear(t: Tenant, q: URLSearchParams): FinancialYear {
  const raw = q.get('financialyear');
  const year = raw === null ? t.books.preselected(stockholmDate(t.now())) : t.books.yearById(Number.parseInt(raw, 10));
  if (!year) throw t.env.err('noFinancialYear', raw ?? '');
  return year;
}

export function getVoucher(t: Tenant, series: string, number: string, q: URLSearchParams): ApiResult {
  const year = requestedYear(t, q);
  const rec = t.vouchers.get(voucherKey(year.Id, series, Number.parseInt(number, 10)));
  if (!rec) throw new FortnoxError(404, NOT_FOUND.vouchers.code, NOT_FOUND.vouchers.message);
  return ok({ Voucher: strip(rec, t) });
}

export function listVouchers(t: Tenant, q: URLSearchParams, series?: string): ApiResult {
  const year = requestedYear(t, q);
  const rows = t.vouchers
    .all()
    .filter((s) => s.rec.Year === year.Id && (series === undefined || s.rec.VoucherSeries === series));
  return listResult(vouchers, t, q, (s) => vouchers.listItem?.(s.rec, t) ?? {}, rows);
}

/** What a bookkeeper entering this voucher by hand would be stopped by, in Fortnox's order. */
function checkManual(t: Tenant, q: URLSearchParams, date: string, series: string, lines: VoucherLine[]): FinancialYear {
  const year = t.books.yearOf(date);
  if (!year) throw t.env.err('noFinancialYear', date);
  const asked = q.get('financialyear');
  if (asked !== null && Number.parseInt(asked, 10) !== year.Id) throw t.env.err('yearMismatch', date);
  const locked = t.books.lockedThrough;
  if (locked !== null && date <= locked) throw t.env.err('lockedPeriod', `${date} <= ${locked}`);
  const def = t.books.series.get(series);
  if (!def) throw t.env.err('seriesMissing', series);
  if (!def.Manual) throw t.env.err('seriesNotManual', series);
  for (const l of lines) {
    if (t.accountExists(l.account) && !t.accountActive(l.account))
      throw t.env.err('accountInactive', String(l.account));
    if (l.costCenter === undefined) continue;
    const cc = t.costcenters.get(l.costCenter);
    if (!cc) throw t.env.err('costCenterMissing', l.costCenter);
    if (cc.Active === false) throw t.env.err('costCenterInactive', l.costCenter);
  }
  return year;
}

function lineOf(r: Rec, head: Rec): VoucherLine {
  const costCenter = str(r.CostCenter) || str(head.CostCenter);
  const project = str(r.Project) || str(head.Project);
  const info = str(r.TransactionInformation);
  if (info.length > 100) throw new FortnoxError(400, 2999007, 'Värdet är för långt (TransactionInformation)');
  return {
    account: num(r.Account),
    debit: num(r.Debit),
    credit: num(r.Credit),
    ...(costCenter === '' ? {} : { costCenter }),
    ...(project === '' ? {} : { project }),
    ...(info === '' ? {} : { info }),
  };
}

/** POST /3/vouchers[?financialyear=Id]: a manual voucher with balanced rows. */
export function createVoucher(t: Tenant, body: unknown, q: URLSearchParams): ApiResult {
  const v = isRec(body) && isRec(body.Voucher) ? body.Voucher : undefined;
  if (!v) throw new FortnoxError(400, KNOWN.noData.code, KNOWN.noData.message);
  for (const k of ['Description', 'TransactionDate', 'VoucherSeries'] as const)
    if (!given(v[k])) throw t.env.err('required', k);
  const date = str(v.TransactionDate);
  if (!isDate(date)) throw t.env.err('invalidValue', 'TransactionDate');
  if (str(v.Comments).length > 1000) throw t.env.err('tooLong', 'Comments');
  const rows: Json[] = Array.isArray(v.VoucherRows) ? v.VoucherRows : [];
  if (rows.length === 0) throw t.env.err('required', 'VoucherRows');
  const lines = rows.filter(isRec).map((r) => lineOf(r, v));
  const series = str(v.VoucherSeries);
  const year = checkManual(t, q, date, series, lines);
  const rec = addVoucher(t, {
    series,
    description: str(v.Description),
    date,
    referenceType: 'MANUAL',
    referenceNumber: '',
    lines,
    comments: str(v.Comments),
    year,
  });
  return ok({ Voucher: strip(rec, t) }, 201);
}
