// Turns a JSON value from a request into the stored value of one field, with the errors
// Salesforce gives for each kind of bad input. Empty strings become null (a real quirk:
// Salesforce never stores '' in a text field).

import type { FieldDef, Value } from '../schema/types.ts';
import { normalizeId } from './ids.ts';
import { sfError } from './sf-error.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function toIsoDateTime(value: string): string | undefined {
  // Salesforce writes "+0000"; JavaScript wants "+00:00".
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function number(field: FieldDef, raw: unknown): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) throw sfError.badValue(field.type === 'int' ? 'int' : 'double', raw);
  return field.type === 'int' ? Math.trunc(n) : n;
}

export function coerce(field: FieldDef, raw: unknown): Value {
  if (raw === null || raw === undefined || raw === '') {
    return field.type === 'boolean' ? false : null;
  }
  switch (field.type) {
    case 'currency':
    case 'double':
    case 'percent':
    case 'int':
      return number(field, raw);
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw sfError.badValue('boolean', raw);
    case 'date': {
      const s = String(raw);
      if (DATE.test(s)) return s;
      const iso = toIsoDateTime(s);
      if (iso) return iso.slice(0, 10);
      throw sfError.badValue('date', raw);
    }
    case 'datetime': {
      const iso = typeof raw === 'string' ? toIsoDateTime(raw) : undefined;
      if (!iso) throw sfError.badValue('datetime', raw);
      return iso;
    }
    case 'reference':
    case 'id': {
      const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
      if (!id) throw sfError.malformedId(field.label, String(raw));
      return id;
    }
    default: {
      if (typeof raw === 'object') throw sfError.badValue('String', JSON.stringify(raw));
      const s = String(raw);
      if (field.length !== undefined && s.length > field.length)
        throw sfError.stringTooLong(field.label, s, field.length);
      // [unverified wording] Salesforce answers INVALID_EMAIL_ADDRESS "<label>: invalid email address: <value>".
      if (field.type === 'email' && !EMAIL.test(s)) throw sfError.invalidEmail(field.label, field.name, s);
      if (field.type === 'picklist' && field.restrictedPicklist && field.picklist && !field.picklist.includes(s)) {
        throw sfError.badPicklist(field.label, s);
      }
      return s;
    }
  }
}
