/**
 * A tenant's bookkeeping frame: financial years, the locked period and the voucher series with their
 * numbering. Voucher numbers restart in every financial year, so a voucher is only unique by
 * (series, number, year) [reference §4.6].
 */

export interface FinancialYear {
  Id: number;
  FromDate: string;
  ToDate: string;
  AccountingMethod: 'ACCRUAL' | 'CASH';
  AccountChartType: string;
}

export interface VoucherSeriesDef {
  Code: string;
  Description: string;
  /** "Manuell kontering": vouchers may be entered by hand (and by the API) in this series. */
  Manual: boolean;
}

/** Typical Swedish defaults: A manual, B/C customer invoices and payments, D/E supplier side [reference §4.6]. */
const DEFAULT_SERIES: readonly VoucherSeriesDef[] = [
  { Code: 'A', Description: 'Redovisning', Manual: true },
  { Code: 'B', Description: 'Kundfakturor', Manual: false },
  { Code: 'C', Description: 'Kundinbetalningar', Manual: false },
  { Code: 'D', Description: 'Leverantörsfakturor', Manual: false },
  { Code: 'E', Description: 'Leverantörsutbetalningar', Manual: false },
];

export class Books {
  readonly years: FinancialYear[] = [];
  /** Last day of the locked period (`GET /3/settings/lockedperiod`); null when nothing is locked. */
  lockedThrough: string | null = null;
  readonly series = new Map<string, VoucherSeriesDef>(DEFAULT_SERIES.map((s) => [s.Code, { ...s }]));
  readonly #counters = new Map<string, number>();

  /** Adds a financial year; overlapping an existing one is refused (a company has one year per date). */
  addYear(fromDate: string, toDate: string, method: 'ACCRUAL' | 'CASH' = 'ACCRUAL'): FinancialYear {
    if (toDate < fromDate) throw new Error(`financial year ${fromDate}–${toDate} ends before it starts`);
    const clash = this.years.find((y) => y.FromDate <= toDate && fromDate <= y.ToDate);
    if (clash) throw new Error(`financial year ${fromDate}–${toDate} overlaps ${clash.FromDate}–${clash.ToDate}`);
    const year: FinancialYear = {
      Id: this.years.reduce((max, y) => Math.max(max, y.Id), 0) + 1,
      FromDate: fromDate,
      ToDate: toDate,
      AccountingMethod: method,
      AccountChartType: 'Bas 2024',
    };
    this.years.push(year);
    return year;
  }

  /** A calendar year, `YYYY`. */
  addCalendarYear(year: number): FinancialYear {
    return this.addYear(`${year}-01-01`, `${year}-12-31`);
  }

  yearOf(date: string): FinancialYear | undefined {
    return this.years.find((y) => y.FromDate <= date && date <= y.ToDate);
  }

  yearById(id: number): FinancialYear | undefined {
    return this.years.find((y) => y.Id === id);
  }

  /**
   * The year of `date`, created as a calendar year when missing. Only for the emulator's own bookings
   * (an invoice or payment being bookkept), so tests of invoices never have to set up years; vouchers
   * posted through the API are refused outside every year instead.
   */
  ensureYear(date: string): FinancialYear {
    return this.yearOf(date) ?? this.addCalendarYear(Number(date.slice(0, 4)));
  }

  /** The preselected year: the one containing `today`, else the latest. */
  preselected(today: string): FinancialYear | undefined {
    return this.yearOf(today) ?? [...this.years].sort((a, b) => b.ToDate.localeCompare(a.ToDate))[0];
  }

  nextNumber(series: string, yearId: number): number {
    const key = `${yearId}/${series}`;
    const n = (this.#counters.get(key) ?? 0) + 1;
    this.#counters.set(key, n);
    return n;
  }

  peekNext(series: string, yearId: number): number {
    return (this.#counters.get(`${yearId}/${series}`) ?? 0) + 1;
  }
}

/** The table key of a voucher: unique by year, series and number. */
export function voucherKey(yearId: number, series: string, number: number): string {
  return `${yearId}/${series}/${String(number).padStart(9, '0')}`;
}
