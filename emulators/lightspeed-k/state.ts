import { EventEmitter } from 'node:events';
import { Clock } from '../kit/index.ts';
import { DayBook, type DayInfo } from './days.ts';
import { type Business, createLocation, fiscalId, type Location, referenceId, registerOf } from './location.ts';
import { roundHalfEven, sum } from './money.ts';
import { DEMO_BUSINESS_ID, DEMO_LOCATION_ID, type LocationInit, type ResolvedOptions } from './options.ts';
import { type SaleInput, SaleInput as SaleInputSchema } from './sale-input.ts';
import type { ApiSale } from './sale-json.ts';
import { buildLines } from './sale-lines.ts';
import { buildPayments } from './sale-payments.ts';

/**
 * Everything the emulator holds: businesses with their locations, every sale each location rang
 * up (immutable once stored, except by a back-office correction in 'original' dating), and the
 * day book. Sales belong to a business day; the API reads them per day or by `timeClosed`.
 */

export interface StoredSale {
  sale: ApiSale;
  location: number;
  businessDate: string;
}

export interface SaleEvent {
  location: number;
  businessDate: string;
  sale: ApiSale;
}

export interface LightspeedEvents {
  sale: [SaleEvent];
  'day-closed': [DayInfo];
  correction: [SaleEvent & { kind: string; lateChange: boolean }];
}

export class LightspeedState {
  readonly clock: Clock;
  readonly opts: ResolvedOptions;
  readonly days: DayBook;
  readonly events = new EventEmitter<LightspeedEvents>();
  readonly businesses: Business[] = [];
  readonly #sales = new Map<number, StoredSale[]>();
  readonly #staff = new Map<string, number>();
  #nextDeviceId = 50101;

  constructor(opts: ResolvedOptions) {
    this.opts = opts;
    this.clock = new Clock(opts.clockStart);
    this.days = new DayBook(opts.processingDelayMinutes);
    if (opts.seedDemo) {
      const business = this.addBusiness({ businessId: DEMO_BUSINESS_ID, businessName: 'Kaffebaren Södermalm AB' });
      this.addLocation(business.businessId, { blID: DEMO_LOCATION_ID, blName: 'Kaffebaren Götgatan' });
    }
  }

  addBusiness(init: { businessId?: number; businessName: string; currencyCode?: string }): Business {
    const businessId = init.businessId ?? Math.max(1000, ...this.businesses.map((b) => b.businessId)) + 1;
    if (this.businesses.some((b) => b.businessId === businessId)) throw new RangeError(`business ${businessId} exists`);
    const b: Business = {
      businessId,
      businessName: init.businessName,
      currencyCode: init.currencyCode ?? 'SEK',
      locations: [],
    };
    this.businesses.push(b);
    return b;
  }

  addLocation(businessId: number, init: LocationInit): Location {
    const business = this.businesses.find((b) => b.businessId === businessId);
    if (!business) throw new RangeError(`no business ${businessId}`);
    const blID = init.blID ?? businessId * 100_000 + business.locations.length + 1;
    if (this.locations().some((l) => l.blID === blID)) throw new RangeError(`business location ${blID} exists`);
    const location = createLocation(init, blID, this.#nextDeviceId);
    this.#nextDeviceId += location.registers.length;
    business.locations.push(location);
    this.#sales.set(blID, []);
    return location;
  }

  locations(): Location[] {
    return this.businesses.flatMap((b) => b.locations);
  }

  location(blID?: number): Location {
    const l = blID === undefined ? this.locations()[0] : this.locations().find((x) => x.blID === blID);
    if (!l) throw new RangeError(blID === undefined ? 'no business location exists' : `no business location ${blID}`);
    return l;
  }

  businessOf(location: Location): Business {
    const b = this.businesses.find((x) => x.locations.includes(location));
    if (!b) throw new Error(`location ${location.blID} has no business`);
    return b;
  }

  staffId(name: string): number {
    let id = this.#staff.get(name);
    if (id === undefined) {
      id = 14000 + this.#staff.size + 1;
      this.#staff.set(name, id);
    }
    return id;
  }

  /** Rings up a sale on a register: validated whole before any fiscal number is used. */
  ringUp(raw: unknown): StoredSale {
    const input: SaleInput = SaleInputSchema.parse(raw);
    const location = this.location(input.location);
    const register = registerOf(location, input.register);
    const now = this.clock.now();
    const at = input.at === undefined ? now : Date.parse(input.at);
    if (at > now) throw new RangeError('a sale cannot be rung up in the future');
    const businessDate = this.days.dayForSale(location, at);
    if (this.days.closedAt(location, businessDate, now) !== undefined) {
      throw new RangeError(`business day ${businessDate} is closed; change it with a correction`);
    }
    const counters = structuredClone(register.next);
    try {
      const staffName = input.staff ?? 'Kassör';
      const staff = { id: this.staffId(staffName), name: staffName };
      const currency = this.businessOf(location).currencyCode;
      const ctx = { location, register, staff, businessDate, at, currency, quirks: this.opts.quirks };
      const accountFiscId = fiscalId(register, 'account');
      const receiptId = fiscalId(register, 'receipt');
      const lines = buildLines(input.lines, ctx, input.accountDiscountPercent, input.accountDiscountName);
      const payable = roundHalfEven(sum(lines.map((l) => l.withTax)), 2);
      if (payable <= 0n) throw new RangeError('a sale must be worth more than 0.00; give money back with a return');
      const payments = buildPayments(input.payments, payable, ctx);
      const sale: ApiSale = {
        accountReference: referenceId(),
        accountFiscId,
        receiptId,
        source: { initialAccountId: accountFiscId },
        salesLines: lines.map((l) => l.json),
        payments,
        timeOfOpening: new Date(at - 120_000).toISOString(),
        timeClosed: new Date(at).toISOString(),
        cancelled: false,
        ...(input.externalFiscalNumber === undefined ? {} : { externalFiscalNumber: input.externalFiscalNumber }),
        ...(input.table === undefined ? {} : { tableNumber: input.table, tableName: `Bord ${input.table}` }),
        accountProfileCode: 'DEFAULT',
        ownerName: staff.name,
        ownerId: staff.id,
        type: 'SALE',
        externalReferences: input.externalReferences ?? [],
        nbCovers: input.covers ?? 0,
        dineIn: input.dineIn ?? input.table !== undefined,
        deviceId: register.deviceId,
        deviceName: register.deviceName,
      };
      return this.store(location, businessDate, sale, 'sale');
    } catch (e) {
      register.next = counters;
      throw e;
    }
  }

  /** Adds a sale to a day (a till sale or a correction) and tells listeners. */
  store(location: Location, businessDate: string, sale: ApiSale, kind: string): StoredSale {
    const now = this.clock.now();
    const stored: StoredSale = { sale, location: location.blID, businessDate };
    this.#sales.get(location.blID)?.push(stored);
    const late = this.days.dataComplete(location, businessDate, now);
    this.days.changed(location, businessDate, now);
    const event = { location: location.blID, businessDate, sale };
    if (kind === 'sale') this.events.emit('sale', event);
    else this.events.emit('correction', { ...event, kind, lateChange: late });
    return stored;
  }

  closeDay(blID?: number, date?: string): DayInfo {
    const location = this.location(blID);
    const now = this.clock.now();
    const day = date ?? this.days.dayForSale(location, now);
    this.days.close(location, day, now);
    const info = this.dayInfo(location.blID, day);
    this.events.emit('day-closed', info);
    return info;
  }

  openDay(blID?: number): string {
    return this.days.dayForSale(this.location(blID), this.clock.now());
  }

  dayInfo(blID: number, date: string): DayInfo {
    const location = this.location(blID);
    return this.days.info(location, date, this.clock.now(), this.salesOn(blID, date).length);
  }

  /** A day's sales in `timeClosed` order (V2 "explicitly sorted by timeClosed"). */
  salesOn(blID: number, date: string): StoredSale[] {
    return this.allSales(blID).filter((s) => s.businessDate === date);
  }

  allSales(blID: number): StoredSale[] {
    return [...(this.#sales.get(blID) ?? [])].sort(
      (a, b) =>
        a.sale.timeClosed.localeCompare(b.sale.timeClosed) || a.sale.accountFiscId.localeCompare(b.sale.accountFiscId),
    );
  }

  findSale(accountFiscId: string, blID?: number): StoredSale {
    const pool =
      blID === undefined
        ? this.locations().flatMap((l) => this.#sales.get(l.blID) ?? [])
        : (this.#sales.get(blID) ?? []);
    const found = pool.find((s) => s.sale.accountFiscId === accountFiscId);
    if (!found) throw new RangeError(`no sale ${accountFiscId}${blID === undefined ? '' : ` at location ${blID}`}`);
    return found;
  }

  summary(): Record<string, unknown> {
    return {
      businesses: this.businesses.map((b) => ({
        businessId: b.businessId,
        businessName: b.businessName,
        locations: b.locations.map((l) => ({
          blID: l.blID,
          blName: l.blName,
          registers: l.registers.map((r) => r.deviceName),
          openDay: this.openDay(l.blID),
          sales: this.#sales.get(l.blID)?.length ?? 0,
        })),
      })),
    };
  }
}
