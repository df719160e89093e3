import type { FinancialYear, VoucherSeriesDef } from '../books.ts';
import { isDate, stockholmDate } from '../clock.ts';
import { FortnoxError, KNOWN } from '../errors.ts';
import { type ApiResult, ok } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import type { Rec } from '../values.ts';

/**
 * The bookkeeping frame a voucher is checked against: `/3/financialyears[?date=]`,
 * `/3/voucherseries[?financialyear=]` and `/3/settings/lockedperiod` [reference §3, §4.6, §4.8].
 * Short lists, answered in one page.
 */

const meta = (total: number): Rec => ({ '@TotalResources': total, '@TotalPages': 1, '@CurrentPage': 1 });

function only(q: URLSearchParams, allowed: readonly string[]): void {
  for (const name of q.keys()) {
    if (!allowed.includes(name)) throw new FortnoxError(400, KNOWN.invalidParam.code, KNOWN.invalidParam.message);
  }
}

function yearRec(t: Tenant, y: FinancialYear): Rec {
  return { '@url': t.env.url(`financialyears/${y.Id}`), ...y };
}

export function listYears(t: Tenant, q: URLSearchParams): ApiResult {
  only(q, ['date', 'page', 'limit']);
  const date = q.get('date');
  if (date !== null && !isDate(date)) throw t.env.err('invalidValue', 'date');
  const years = date === null ? t.books.years : t.books.years.filter((y) => y.FromDate <= date && date <= y.ToDate);
  return ok({ MetaInformation: meta(years.length), FinancialYears: years.map((y) => yearRec(t, y)) });
}

export function getYear(t: Tenant, id: string): ApiResult {
  const year = t.books.yearById(Number.parseInt(id, 10));
  if (!year) throw t.env.err('noFinancialYear', id);
  return ok({ FinancialYear: yearRec(t, year) });
}

function seriesRec(t: Tenant, s: VoucherSeriesDef, year: FinancialYear): Rec {
  return {
    '@url': t.env.url(`voucherseries/${s.Code}?financialyear=${year.Id}`),
    Code: s.Code,
    Description: s.Description,
    Manual: s.Manual,
    NextVoucherNumber: t.books.peekNext(s.Code, year.Id),
    Year: year.Id,
    Approver: { Id: 0, Name: '' },
  };
}

function seriesYear(t: Tenant, q: URLSearchParams): FinancialYear {
  const raw = q.get('financialyear');
  const year = raw === null ? t.books.preselected(stockholmDate(t.now())) : t.books.yearById(Number.parseInt(raw, 10));
  if (!year) throw t.env.err('noFinancialYear', raw ?? '');
  return year;
}

export function listSeries(t: Tenant, q: URLSearchParams): ApiResult {
  only(q, ['financialyear', 'page', 'limit']);
  const year = seriesYear(t, q);
  const all = [...t.books.series.values()].sort((a, b) => a.Code.localeCompare(b.Code));
  return ok({ MetaInformation: meta(all.length), VoucherSeriesCollection: all.map((s) => seriesRec(t, s, year)) });
}

export function getSeries(t: Tenant, code: string, q: URLSearchParams): ApiResult {
  only(q, ['financialyear']);
  const s = t.books.series.get(code);
  if (!s) throw t.env.err('seriesMissing', code);
  return ok({ VoucherSeries: seriesRec(t, s, seriesYear(t, q)) });
}

/** [unverified] the answer when nothing is locked: `EndDate` empty. */
export function lockedPeriod(t: Tenant): ApiResult {
  return ok({ LockedPeriod: { EndDate: t.books.lockedThrough ?? '' } });
}
