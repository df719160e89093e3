// Every date-ish operand becomes a half-open range [start, end) of epoch ms, so one set of
// comparison rules covers date fields, datetime fields, ISO literals and TODAY/LAST_N_DAYS:n.
// The org's time zone is taken as UTC.
import type { Literal } from './ast.ts';

export type Range = { readonly start: number; readonly end: number };

const DAY = 86_400_000;

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

function monthRange(now: number, deltaMonths: number, months = 1): Range {
  const d = new Date(now);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + deltaMonths, 1);
  return { start, end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + deltaMonths + months, 1) };
}

function weekRange(now: number, deltaWeeks: number): Range {
  // Salesforce weeks start on Sunday in the default (en_US) locale.
  const today = startOfDay(now);
  const start = today - new Date(today).getUTCDay() * DAY + deltaWeeks * 7 * DAY;
  return { start, end: start + 7 * DAY };
}

function yearRange(now: number, delta: number): Range {
  const year = new Date(now).getUTCFullYear() + delta;
  return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) };
}

export function dateLiteralRange(name: string, n: number | undefined, now: number): Range {
  const today = startOfDay(now);
  const days = n ?? 0;
  switch (name) {
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    // LAST_N_DAYS:n covers the past n days and today itself.
    case 'LAST_N_DAYS':
      return { start: today - days * DAY, end: today + DAY };
    case 'NEXT_N_DAYS':
      return { start: today, end: today + (days + 1) * DAY };
    case 'N_DAYS_AGO':
      return { start: today - days * DAY, end: today - (days - 1) * DAY };
    case 'LAST_90_DAYS':
      return { start: today - 90 * DAY, end: today + DAY };
    case 'NEXT_90_DAYS':
      return { start: today, end: today + 91 * DAY };
    case 'THIS_WEEK':
      return weekRange(now, 0);
    case 'LAST_WEEK':
      return weekRange(now, -1);
    case 'NEXT_WEEK':
      return weekRange(now, 1);
    case 'THIS_MONTH':
      return monthRange(now, 0);
    case 'LAST_MONTH':
      return monthRange(now, -1);
    case 'NEXT_MONTH':
      return monthRange(now, 1);
    case 'LAST_N_MONTHS':
      return { start: monthRange(now, -days).start, end: monthRange(now, 0).start };
    case 'NEXT_N_MONTHS':
      return { start: monthRange(now, 1).start, end: monthRange(now, days + 1).start };
    case 'THIS_YEAR':
      return yearRange(now, 0);
    case 'LAST_YEAR':
      return yearRange(now, -1);
    case 'NEXT_YEAR':
      return yearRange(now, 1);
    default:
      throw new Error(`unknown date literal ${name}`);
  }
}

/** Range for a literal operand, or undefined when the literal is not date-ish. */
export function literalRange(literal: Literal, now: number): Range | undefined {
  switch (literal.kind) {
    case 'date': {
      const start = Date.parse(`${literal.value}T00:00:00Z`);
      return { start, end: start + DAY };
    }
    case 'datetime': {
      const start = Date.parse(literal.value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      return { start, end: start + 1 };
    }
    case 'dateLiteral':
      return dateLiteralRange(literal.name, literal.n, now);
    default:
      return undefined;
  }
}

/** Epoch ms of a stored date ("2026-01-31") or datetime (ISO) value. */
export function storedInstant(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}
