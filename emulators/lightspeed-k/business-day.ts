/**
 * Business days in a location's own time zone. K-Series answers `sales-daily?date=` for a
 * *business* day, which starts at the location's start-of-day time, not at midnight, and says when
 * the next one starts as a local ISO time with its offset (`nextStartOfDayAsIso8601:
 * "2023-07-28T05:30:00-05:00"` in the spec). A sale at 01:30 after a late night still belongs to
 * the day before. Intl is the only time-zone database Node has without a dependency.
 */

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  date: string;
  minutes: number;
  seconds: number;
}

function local(epochMs: number, timeZone: string): LocalTime {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(epochMs))
      .map((x) => [x.type, x.value]),
  );
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    minutes: Number(p.hour) * 60 + Number(p.minute),
    seconds: Number(p.second),
  };
}

/** Minutes east of UTC at that instant (Stockholm: 60 in winter, 120 in summer). */
export function offsetMinutes(epochMs: number, timeZone: string): number {
  const l = local(epochMs, timeZone);
  const [y, m, d] = l.date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, 0, l.minutes, l.seconds);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** The instant a local wall time happens (the later one when a DST change repeats it). */
export function zonedInstant(date: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, mi);
  let guess = wall - offsetMinutes(wall, timeZone) * 60_000;
  guess = wall - offsetMinutes(guess, timeZone) * 60_000;
  return guess;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function hhmmMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** The business date an instant belongs to by the clock alone (before start-of-day → the day before). */
export function businessDateOf(epochMs: number, timeZone: string, startOfDay: string): string {
  const l = local(epochMs, timeZone);
  return l.minutes < hhmmMinutes(startOfDay) ? addDays(l.date, -1) : l.date;
}

export function startOfBusinessDay(date: string, timeZone: string, startOfDay: string): number {
  return zonedInstant(date, startOfDay, timeZone);
}

/** `2026-04-02T05:00:00+02:00`: local wall time with its offset, as `nextStartOfDayAsIso8601` shows it. */
export function isoWithOffset(epochMs: number, timeZone: string): string {
  const off = offsetMinutes(epochMs, timeZone);
  const l = local(epochMs, timeZone);
  const hh = String(Math.floor(l.minutes / 60)).padStart(2, '0');
  const mm = String(l.minutes % 60).padStart(2, '0');
  const ss = String(l.seconds).padStart(2, '0');
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${l.date}T${hh}:${mm}:${ss}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** When a day closes on its own: at `closingTime` (on the next calendar day if before start-of-day), else at the next start-of-day. */
export function autoCloseInstant(date: string, timeZone: string, startOfDay: string, closingTime?: string): number {
  if (closingTime === undefined) return startOfBusinessDay(addDays(date, 1), timeZone, startOfDay);
  const sameDay = hhmmMinutes(closingTime) > hhmmMinutes(startOfDay);
  return zonedInstant(sameDay ? date : addDays(date, 1), closingTime, timeZone);
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date in YYYY-MM-DD (the spec's `format: date`). */
export function isCalendarDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
