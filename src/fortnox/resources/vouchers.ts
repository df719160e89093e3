import type { z } from 'zod';
import type { CallOptions, FortnoxHttp, Query } from '../http.ts';
import { collect, type ListOptions, paginate } from '../listing.ts';
import { envelope, listEnvelope, type PageInfo } from '../schemas/lenient.ts';
import {
  type CostCenter,
  CostCenterSchema,
  type FinancialYear,
  FinancialYearSchema,
  type FortnoxVoucher,
  type FortnoxVoucherListItem,
  LockedPeriodSchema,
  VoucherListItemSchema,
  type VoucherPayload,
  VoucherSchema,
  type VoucherSeries,
  VoucherSeriesSchema,
} from '../schemas/voucher.ts';
import { notFoundAsUndefined, segment } from './util.ts';

const OneVoucher = envelope('Voucher', VoucherSchema);
const VoucherPage = listEnvelope('Vouchers', VoucherListItemSchema);
const YearPage = listEnvelope('FinancialYears', FinancialYearSchema);
const SeriesPage = listEnvelope('VoucherSeriesCollection', VoucherSeriesSchema);
const Locked = envelope('LockedPeriod', LockedPeriodSchema);
const OneCostCenter = envelope('CostCenter', CostCenterSchema);

/**
 * /3/vouchers and the bookkeeping frame (reference §4.6): financial years by date, voucher series,
 * the locked period and cost centres. Posting is not idempotent and has no update: a caller that
 * is unsure whether a POST landed lists the series' vouchers of the year before posting again.
 */
export class VouchersApi {
  readonly #http: FortnoxHttp;
  constructor(http: FortnoxHttp) {
    this.#http = http;
  }

  /** `POST /3/vouchers?financialyear={id}`: 201 with the numbered voucher. */
  create(voucher: VoucherPayload, financialYearId: number, options: CallOptions = {}): Promise<FortnoxVoucher> {
    return this.#http.json(
      {
        ...options,
        method: 'POST',
        path: 'vouchers',
        query: { financialyear: financialYearId },
        body: { Voucher: voucher },
        operation: 'vouchers.create',
      },
      OneVoucher,
    );
  }

  get(series: string, number: number, financialYearId: number, options: CallOptions = {}): Promise<FortnoxVoucher> {
    return this.#http.json(
      {
        ...options,
        method: 'GET',
        path: `vouchers/${segment(series)}/${segment(number)}`,
        query: { financialyear: financialYearId },
        operation: 'vouchers.get',
      },
      OneVoucher,
    );
  }

  /** Every voucher of one series in one financial year (`/3/vouchers/sublist/{series}`). */
  listSeries(series: string, financialYearId: number, options: ListOptions = {}): Promise<FortnoxVoucherListItem[]> {
    return this.#all(`vouchers/sublist/${segment(series)}`, VoucherPage, { financialyear: financialYearId }, options);
  }

  /** The financial year containing `date` (YYYY-MM-DD), or undefined when the company has none. */
  async financialYearOf(date: string, options: CallOptions = {}): Promise<FinancialYear | undefined> {
    const years = await this.#all('financialyears', YearPage, { date }, options);
    return years.find((y) => y.FromDate <= date && date <= y.ToDate);
  }

  series(financialYearId: number, options: ListOptions = {}): Promise<VoucherSeries[]> {
    return this.#all('voucherseries', SeriesPage, { financialyear: financialYearId }, options);
  }

  /** Last day of the locked period, or null when nothing is locked. */
  async lockedThrough(options: CallOptions = {}): Promise<string | null> {
    const locked = await this.#http.json(
      { ...options, method: 'GET', path: 'settings/lockedperiod', operation: 'lockedperiod.get' },
      Locked,
    );
    return locked.EndDate;
  }

  costCenter(code: string, options: CallOptions = {}): Promise<CostCenter | undefined> {
    return notFoundAsUndefined(
      this.#http.json(
        { ...options, method: 'GET', path: `costcenters/${segment(code)}`, operation: 'costcenters.get' },
        OneCostCenter,
      ),
    );
  }

  #all<T>(
    path: string,
    page: z.ZodType<{ items: T[]; page: PageInfo }>,
    query: Query,
    options: ListOptions,
  ): Promise<T[]> {
    return collect(
      paginate(
        (n, limit) =>
          this.#http.json(
            { ...options, method: 'GET', path, query: { ...query, page: n, limit }, operation: `${path}.list` },
            page,
          ),
        options,
      ),
    );
  }
}
