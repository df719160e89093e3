import { isDate } from './clock.ts';
import { FortnoxError, KNOWN } from './errors.ts';
import type { Env } from './state.ts';
import { isRec, type Json, quantityString, type Rec, round } from './values.ts';

/** How one writable field is parsed from a request body. */
export type Field =
  | { t: 'str'; max?: number }
  | { t: 'num'; dec?: number }
  | { t: 'int' }
  | { t: 'bool' }
  | { t: 'date' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'qty' }
  | { t: 'obj'; spec: Spec }
  | { t: 'ro' };
export type Spec = Record<string, Field>;

export const S = (max?: number): Field => (max === undefined ? { t: 'str' } : { t: 'str', max });
export const N = (dec?: number): Field => (dec === undefined ? { t: 'num' } : { t: 'num', dec });
export const I: Field = { t: 'int' };
export const B: Field = { t: 'bool' };
export const D: Field = { t: 'date' };
export const Q: Field = { t: 'qty' };
export const RO: Field = { t: 'ro' };
export const E = (...values: string[]): Field => ({ t: 'enum', values });
export const O = (spec: Spec): Field => ({ t: 'obj', spec });

/** Fortnox's literal for "clear this field"; a plain "" in a PUT is ignored [reference §4.0]. */
export const API_BLANK = 'API_BLANK';

const numeric = (v: Json): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
};

function parseValue(
  env: Env,
  name: string,
  f: Field,
  v: Json,
  current: Json | undefined,
  created: boolean,
): Json | undefined {
  if (v === null || f.t === 'ro') return undefined;
  // A PUT ignores "" [VCR save_old_with_empty_country]; a create stores "" for text fields, which
  // is why some recorded records answer "" where untouched ones answer null.
  if (v === '') return created && f.t === 'str' ? '' : undefined;
  const blank = v === API_BLANK;
  switch (f.t) {
    case 'str': {
      if (blank) return '';
      if (typeof v !== 'string' && typeof v !== 'number')
        throw new FortnoxError(400, KNOWN.badChars.code, `${KNOWN.badChars.message} (${name})`);
      const s = String(v);
      if (f.max !== undefined && s.length > f.max) throw env.err('tooLong', `${name}, max ${f.max}`);
      return s;
    }
    case 'num':
    case 'int':
    case 'qty': {
      if (blank) return f.t === 'qty' ? '0' : 0;
      const n = numeric(v);
      if (n === undefined || (f.t === 'int' && !Number.isInteger(n))) {
        throw new FortnoxError(400, KNOWN.notNumeric.code, `${KNOWN.notNumeric.message} (${String(v)})`);
      }
      if (f.t === 'qty') return quantityString(n);
      return f.t === 'num' && f.dec !== undefined ? round(n, f.dec) : n;
    }
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw new FortnoxError(400, KNOWN.notBoolean.code, `${KNOWN.notBoolean.message} (${String(v)})`);
    case 'date':
      if (blank) return null;
      if (typeof v !== 'string' || !isDate(v)) throw env.err('invalidValue', `${name}: ${String(v)}`);
      return v;
    case 'enum': {
      const s = String(v).toUpperCase();
      const hit = f.values.find((x) => x.toUpperCase() === s);
      if (!hit) throw env.err('invalidValue', `${name}: ${String(v)}`);
      return hit;
    }
    case 'obj': {
      if (!isRec(v)) throw new FortnoxError(400, KNOWN.noData.code, `${KNOWN.noData.message} (${name})`);
      const target: Rec = isRec(current) ? { ...current } : {};
      applyFields(env, target, v, f.spec, [], created);
      return target;
    }
  }
}

/**
 * Applies a request body to a stored record: only fields sent change (partial PUT), "" and null
 * are ignored, "API_BLANK" clears, read-only fields are skipped, unknown fields are refused
 * (2001399, switchable) and values are validated and normalised per field.
 */
export function applyFields(
  env: Env,
  target: Rec,
  payload: Rec,
  spec: Spec,
  skip: readonly string[] = [],
  created = false,
): void {
  for (const [name, value] of Object.entries(payload)) {
    if (skip.includes(name)) continue;
    const f = spec[name];
    if (!f) {
      if (name.startsWith('@')) continue; // @url and friends are read-only echoes
      if (env.opts.quirks.rejectUnknownFields) {
        throw new FortnoxError(400, KNOWN.unknownField.code, `${KNOWN.unknownField.message} (${name})`);
      }
      continue;
    }
    const parsed = parseValue(env, name, f, value, target[name], created);
    if (parsed !== undefined) target[name] = parsed;
  }
}

/** Present and not one of Fortnox's "no value" spellings. */
export function given(v: Json | undefined): boolean {
  return v !== undefined && v !== null && v !== '';
}
