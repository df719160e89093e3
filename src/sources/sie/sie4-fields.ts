import type { Field } from './sie4-tokens.ts';
import type { SieObjectRef } from './sie4-types.ts';

/**
 * The value rules of SIE 4B for the fields we read, each failing with a plain reason that the
 * parser prefixes with the line and the record: amounts use a decimal point, "at most two decimal
 * places (ören) are permitted", a minus for credit and no thousands separator; dates are YYYYMMDD;
 * account numbers are numeric (`kontonr`); an object list holds pairs of dimension and object.
 */

export class FieldError extends Error {}

const AMOUNT = /^-?\d+(\.\d{1,2})?$/;

/** "-195.00" → -19500 öre; "1000" → 100000; "12.5" → 1250. */
export function amountOre(raw: string, what: string): number {
  const v = raw.trim();
  if (!AMOUNT.test(v)) {
    if (/^[-+]?\d+,\d+$/.test(v))
      throw new FieldError(`${what} “${raw}” has a decimal comma; SIE writes amounts with a point (12.50)`);
    if (/^-?\d+\.\d{3,}$/.test(v)) throw new FieldError(`${what} “${raw}” has more than two decimals`);
    throw new FieldError(`${what} “${raw}” is not a number`);
  }
  const negative = v.startsWith('-');
  const [whole = '0', frac = ''] = v.replace('-', '').split('.');
  const ore = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(ore)) throw new FieldError(`${what} “${raw}” is too large`);
  return negative ? -ore : ore;
}

/** YYYYMMDD → YYYY-MM-DD, a real calendar date. */
export function sieDate(raw: string, what: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw.trim());
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  const t = m ? new Date(`${iso}T00:00:00Z`) : undefined;
  if (!m || !t || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso) {
    throw new FieldError(`${what} “${raw}” is not a date (SIE writes YYYYMMDD, e.g. 20260401)`);
  }
  return iso;
}

/** An optional date field: absent, "" and 00000000 (written by some programs for "none") are null. */
export function optionalDate(f: Field | undefined, what: string): string | null {
  const raw = f?.kind === 'text' ? f.value.trim() : '';
  return raw === '' || raw === '00000000' ? null : sieDate(raw, what);
}

export function account(raw: string | undefined, what: string): string {
  const v = (raw ?? '').trim();
  if (v === '') throw new FieldError(`${what} has no account number`);
  if (!/^\d+$/.test(v)) throw new FieldError(`${what} account “${v}” is not a number`);
  return v;
}

export function text(f: Field | undefined): string | null {
  return f?.kind === 'text' ? f.value : null;
}

export function required(f: Field | undefined, what: string): string {
  if (f?.kind !== 'text' || f.value.trim() === '') throw new FieldError(`${what} is missing`);
  return f.value;
}

export function integer(raw: string | undefined, what: string): number {
  const v = (raw ?? '').trim();
  if (!/^-?\d+$/.test(v)) throw new FieldError(`${what} “${v}” is not a whole number`);
  return Number(v);
}

export function objectList(f: Field | undefined, what: string): SieObjectRef[] {
  if (f?.kind !== 'list') throw new FieldError(`${what} needs an object list, {} when there is none`);
  if (f.items.length % 2 !== 0) {
    throw new FieldError(`${what} object list {${f.items.join(' ')}} needs pairs of dimension and object`);
  }
  const out: SieObjectRef[] = [];
  for (let i = 0; i < f.items.length; i += 2) {
    out.push({ dimension: integer(f.items[i], `${what} dimension`), id: f.items[i + 1] ?? '' });
  }
  return out;
}

export function quantity(f: Field | undefined, what: string): string | null {
  const v = text(f)?.trim() ?? '';
  if (v === '') return null;
  if (!/^-?\d+(\.\d+)?$/.test(v)) throw new FieldError(`${what} quantity “${v}” is not a number`);
  return v;
}
