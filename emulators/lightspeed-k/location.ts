import { randomBytes } from 'node:crypto';
import { type Catalog, demoCatalog, type MenuItem, type PaymentMethod, type TaxRate } from './catalog.ts';
import type { LocationInit } from './options.ts';

/**
 * A business and its locations as `/f/data/businesses` lists them (`businessList[].businessLocations[]`
 * with `blID`, `blName`, `country`, `timezone`). A register is a device (`deviceId`, `deviceName` on
 * every sale, line and payment); fiscal ids are per device and only ever count up, like the
 * spec's `A65315.17` (account), `R65315.13` (receipt), `S65315.33` (line), `T72691.8` (payment).
 */

export interface Register {
  deviceId: number;
  deviceName: string;
  next: { account: number; receipt: number; line: number; payment: number };
}

export interface Location {
  blID: number;
  blName: string;
  country: string;
  timezone: string;
  startOfDay: string;
  closingTime: string | undefined;
  registers: Register[];
  catalog: Catalog;
  revenueCenter: { name: string; id: number };
  nextCustomerId: number;
}

export interface Business {
  businessId: number;
  businessName: string;
  currencyCode: string;
  locations: Location[];
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function createLocation(init: LocationInit, blID: number, firstDeviceId: number): Location {
  const startOfDay = init.startOfDay ?? '05:00';
  if (!HHMM.test(startOfDay)) throw new RangeError(`startOfDay “${startOfDay}” is not HH:MM`);
  if (init.closingTime !== undefined && !HHMM.test(init.closingTime)) {
    throw new RangeError(`closingTime “${init.closingTime}” is not HH:MM`);
  }
  const timezone = init.timezone ?? 'Europe/Stockholm';
  new Intl.DateTimeFormat('en', { timeZone: timezone }); // throws RangeError for an unknown zone
  const names = init.registers ?? ['Kassa 1', 'Kassa 2'];
  if (names.length === 0) throw new RangeError('a location needs at least one register');
  return {
    blID,
    blName: init.blName,
    country: init.country ?? 'SE',
    timezone,
    startOfDay,
    closingTime: init.closingTime,
    registers: names.map((deviceName, i) => ({
      deviceId: firstDeviceId + i,
      deviceName,
      next: { account: 1, receipt: 1, line: 1, payment: 1 },
    })),
    catalog: demoCatalog(blID % 100_000),
    revenueCenter: { name: 'Fixed POS', id: blID * 10 + 1 },
    nextCustomerId: 1,
  };
}

export function registerOf(location: Location, which: number | string | undefined): Register {
  const r =
    which === undefined
      ? location.registers[0]
      : typeof which === 'number'
        ? location.registers[which - 1]
        : location.registers.find((x) => x.deviceName === which || String(x.deviceId) === which);
  if (!r) throw new RangeError(`location ${location.blID} has no register “${String(which)}”`);
  return r;
}

export function fiscalId(register: Register, kind: keyof Register['next']): string {
  const prefix = { account: 'A', receipt: 'R', line: 'S', payment: 'T' }[kind];
  const n = register.next[kind];
  register.next[kind] = n + 1;
  return `${prefix}${register.deviceId}.${n}`;
}

/** 16 random bytes, base64url with its padding: the shape of `accountReference` and payment `uuid`. */
export function referenceId(): string {
  return `${randomBytes(16).toString('base64url')}==`;
}

export function menuItem(location: Location, sku: string): MenuItem {
  const item = location.catalog.menu.find((m) => m.sku === sku);
  if (!item) throw new RangeError(`location ${location.blID} sells no item with sku “${sku}”`);
  return item;
}

export function paymentMethod(location: Location, code: string): PaymentMethod {
  const pm = location.catalog.paymentMethods.find((p) => p.code === code);
  if (!pm) {
    const known = location.catalog.paymentMethods.map((p) => p.code).join(', ');
    throw new RangeError(`location ${location.blID} has no payment method “${code}” (it has ${known})`);
  }
  return pm;
}

export function taxRate(location: Location, code: string): TaxRate {
  const t = location.catalog.taxRates.find((x) => x.code === code);
  if (!t) throw new RangeError(`location ${location.blID} has no tax rate “${code}”`);
  return t;
}
