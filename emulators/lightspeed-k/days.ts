import { addDays, autoCloseInstant, businessDateOf, isoWithOffset, startOfBusinessDay } from './business-day.ts';
import type { Location } from './location.ts';

/**
 * When a business day is closed and when its data is complete. A day closes when the merchant
 * closes it (the Z-report on the page, `closeDay()`) or by itself at the location's closing time
 * (default: the next start of day). `dataComplete` — "whether or not the data is complete for the
 * requested day" (spec) — turns true a processing delay after that; how long Lightspeed takes is
 * not documented, so the delay is an option. After a close, the till rings into the next day.
 */

export interface DayRecord {
  date: string;
  closedAt?: number;
  /** How often this day's data changed; a change after `dataComplete` is a late change. */
  revision: number;
  changedAt?: number;
  lateChanges: number;
}

export interface DayInfo {
  location: number;
  date: string;
  /** Start of this business day and of the next one, local time with offset. */
  startsAt: string;
  nextStartOfDay: string;
  closed: boolean;
  closedAt: string | null;
  closedBy: 'merchant' | 'closing-time' | null;
  completeAt: string | null;
  dataComplete: boolean;
  revision: number;
  lateChanges: number;
  sales: number;
}

export class DayBook {
  readonly #days = new Map<string, DayRecord>();
  readonly #delayMs: number;

  constructor(processingDelayMinutes: number) {
    this.#delayMs = processingDelayMinutes * 60_000;
  }

  record(location: Location, date: string): DayRecord {
    const key = `${location.blID}|${date}`;
    let d = this.#days.get(key);
    if (!d) {
      d = { date, revision: 0, lateChanges: 0 };
      this.#days.set(key, d);
    }
    return d;
  }

  /** The instant the day closed (by the merchant or its closing time), if that has happened by `now`. */
  closedAt(location: Location, date: string, now: number): number | undefined {
    const manual = this.#days.get(`${location.blID}|${date}`)?.closedAt;
    const auto = autoCloseInstant(date, location.timezone, location.startOfDay, location.closingTime);
    const first = manual === undefined ? auto : Math.min(manual, auto);
    return first <= now ? first : undefined;
  }

  completeAt(location: Location, date: string, now: number): number | undefined {
    const closed = this.closedAt(location, date, now);
    return closed === undefined ? undefined : closed + this.#delayMs;
  }

  dataComplete(location: Location, date: string, now: number): boolean {
    const at = this.completeAt(location, date, now);
    return at !== undefined && at <= now;
  }

  /** The day a sale rung up at `at` belongs to: its clock day, or the next one when that was closed before `at`. */
  dayForSale(location: Location, at: number): string {
    let date = businessDateOf(at, location.timezone, location.startOfDay);
    while (this.closedAt(location, date, at) !== undefined) date = addDays(date, 1);
    return date;
  }

  close(location: Location, date: string, now: number): DayRecord {
    if (this.closedAt(location, date, now) !== undefined)
      throw new RangeError(`business day ${date} is already closed`);
    const open = this.dayForSale(location, now);
    if (date !== open) throw new RangeError(`business day ${date} is not open (the open day is ${open})`);
    const d = this.record(location, date);
    d.closedAt = now;
    return d;
  }

  /** Counts a change to a day's data, and whether it came after the day was complete. */
  changed(location: Location, date: string, now: number): DayRecord {
    const d = this.record(location, date);
    if (this.dataComplete(location, date, now)) d.lateChanges += 1;
    d.revision += 1;
    d.changedAt = now;
    return d;
  }

  info(location: Location, date: string, now: number, sales: number): DayInfo {
    const d = this.#days.get(`${location.blID}|${date}`);
    const closed = this.closedAt(location, date, now);
    const complete = this.completeAt(location, date, now);
    const tz = location.timezone;
    return {
      location: location.blID,
      date,
      startsAt: isoWithOffset(startOfBusinessDay(date, tz, location.startOfDay), tz),
      nextStartOfDay: isoWithOffset(startOfBusinessDay(addDays(date, 1), tz, location.startOfDay), tz),
      closed: closed !== undefined,
      closedAt: closed === undefined ? null : new Date(closed).toISOString(),
      closedBy: closed === undefined ? null : d?.closedAt === closed ? 'merchant' : 'closing-time',
      completeAt: complete === undefined ? null : new Date(complete).toISOString(),
      dataComplete: complete !== undefined && complete <= now,
      revision: d?.revision ?? 0,
      lateChanges: d?.lateChanges ?? 0,
      sales,
    };
  }
}
