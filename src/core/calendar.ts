import { z } from 'zod';

/**
 * Days and times a person (or a link they edited) types into a query string, checked before they
 * reach Postgres: a `::date` cast of 2026-02-30 or 2026-13-01 is an error there, and an error there
 * is a 500 to the person and, for a stored bulk filter, a job that fails on every try.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is YYYY-MM-DD and a day the calendar has (no 30 February; year 1 on, as Postgres). */
export function isCalendarDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last of this one (UTC, so no clock change interferes).
  const last = new Date(0);
  last.setUTCFullYear(year, month, 0);
  return day <= last.getUTCDate();
}

/** A filter's day: a date like `example`, and one the calendar has — each named in plain words. */
export const calendarDay = (example: string) =>
  z
    .string()
    .regex(DAY, { error: `must be a date like ${example}`, abort: true })
    .refine(isCalendarDay, { error: (issue) => `must be a real date (there is no ${String(issue.input)})` });

/**
 * Whether `s` is a time as Postgres writes a timestamptz as text (`2026-11-01 10:00:00.123456+00`,
 * offsets like `+05:30`), with every field in range, so casting it back cannot fail.
 */
export function isPostgresTimestamp(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(s);
  if (!m || !isCalendarDay(m[1]!)) return false;
  const [hour, minute, second, offsetHours] = [m[2], m[3], m[4], m[7]].map(Number) as [number, number, number, number];
  const offsetMinutes = Number(m[8] ?? 0);
  const offsetSeconds = Number(m[9] ?? 0);
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 15 && offsetMinutes <= 59 && offsetSeconds <= 59;
}
