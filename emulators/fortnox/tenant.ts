import { Books } from './books.ts';
import type { Env } from './state.ts';
import type { Rec } from './values.ts';

export interface TenantInit {
  tenantId: number;
  name: string;
  organizationNumber?: string;
}

/** One Fortnox company ("database"): its records, chart of accounts and settings. */
export class Tenant {
  readonly id: number;
  readonly env: Env;
  name: string;
  organizationNumber: string;
  readonly customers = new Table();
  readonly articles = new Table();
  readonly invoices = new Table();
  readonly invoicepayments = new Table();
  readonly orders = new Table();
  readonly accounts = new Table();
  readonly costcenters = new Table();
  readonly projects = new Table();
  readonly units = new Table();
  readonly termsofpayments = new Table();
  readonly modesofpayments = new Table();
  readonly currencies = new Table();
  readonly vouchers = new Table();
  /** Article prices by `list|article|fromQuantity` (/3/prices). */
  readonly prices = new Map<string, Rec>();
  /** Output VAT rate per sales account (BAS convention); drives default row VAT. */
  readonly accountVat = new Map<number, number>();
  /** Predefined account name → account number (0 = not set), `/3/predefinedaccounts`. */
  readonly predefined = new Map<string, number>();
  readonly vatRates = [25, 12, 6, 0];
  readonly settings = {
    defaultTermsOfPayment: '30',
    invoiceVoucherSeries: 'B',
    paymentVoucherSeries: 'C',
    manualVoucherSeries: 'A',
  };
  /** Financial years, locked period, voucher series and their numbering. */
  readonly books = new Books();
  /** Per invoice number: the amount payments and booked credits have settled (drives Balance). */
  readonly settled = new Map<string, number>();
  #rowId = 1;

  constructor(env: Env, init: TenantInit) {
    this.env = env;
    this.id = init.tenantId;
    this.name = init.name;
    this.organizationNumber = init.organizationNumber ?? '556000-0000';
  }

  now(): number {
    return this.env.clock.now();
  }
  /** Row ids are tenant-wide and regenerated on every document update [OAS updateInvoice]. */
  nextRowId(): number {
    return this.#rowId++;
  }
  accountExists(n: number): boolean {
    return this.accounts.get(String(n)) !== undefined;
  }
  accountActive(n: number): boolean {
    return this.accounts.get(String(n))?.Active !== false;
  }
  currencyRate(code: string): number {
    const c: Rec | undefined = this.currencies.get(code);
    const rate = c?.SellRate;
    return typeof rate === 'number' && rate > 0 ? rate : 1;
  }
}

export interface Stored {
  rec: Rec;
  /** Epoch ms of the last write; drives `lastmodified`. */
  modifiedAt: number;
}

/** One resource's records for one tenant, keyed by their Fortnox id (number or code). */
export class Table {
  readonly rows = new Map<string, Stored>();
  /** Deleted numbers stay reserved (Fortnox error 2000637 for customers). */
  readonly reserved = new Set<string>();
  #next = 1;

  get(key: string): Rec | undefined {
    return this.rows.get(key)?.rec;
  }
  has(key: string): boolean {
    return this.rows.has(key) || this.reserved.has(key);
  }
  put(key: string, rec: Rec, now: number): void {
    this.rows.set(key, { rec, modifiedAt: now });
    const n = Number(key);
    if (Number.isInteger(n) && n >= this.#next) this.#next = n + 1;
  }
  touch(key: string, now: number): void {
    const row = this.rows.get(key);
    if (row) row.modifiedAt = now;
  }
  delete(key: string): void {
    this.rows.delete(key);
    this.reserved.add(key);
  }
  /** Next number in the series: one above the highest numeric id ever used. */
  nextNumber(): string {
    while (this.has(String(this.#next))) this.#next++;
    return String(this.#next);
  }
  /** Starts the series at `n` (as a tenant whose numbering began elsewhere). */
  startAt(n: number): void {
    this.#next = Math.max(this.#next, n);
  }
  all(): Stored[] {
    return [...this.rows.values()];
  }
}
