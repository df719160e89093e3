// JSON value types shared by the emulator. Entities are kept as plain JSON records in the exact
// shape Fortnox answers with, so serialising is a copy plus a few documented quirks.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Rec = { [key: string]: Json };

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: Json | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

export function num(v: Json | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return 0;
}

/** Fortnox escapes "/" as "\/" and non-ASCII as \uXXXX in every JSON body (see the cassettes). */
export function fortnoxJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function clone<T extends Json>(v: T): T {
  return structuredClone(v);
}

/**
 * Fortnox stores prices and quantities with 2 decimals, rounded half-up: 1.123 → 1.12,
 * 1.125 → 1.13 [VCR invoices/row_price_limit*, row_delivered_quantity_decimals*]. Rounding via the
 * decimal string avoids binary artefacts (1.005 * 100 = 100.4999…).
 */
export function round(value: number, decimals = 2): number {
  if (!Number.isFinite(value)) return 0;
  // A float residue such as 2.8e-14 prints in exponent notation, which the string shift below would turn into NaN.
  if (Math.abs(value) < 10 ** -(decimals + 3)) return 0;
  const sign = value < 0 ? -1 : 1;
  const shifted = Number(`${Math.abs(value)}e${decimals}`);
  const result = sign * Number(`${Math.round(shifted)}e-${decimals}`);
  return result === 0 ? 0 : result; // never answer -0
}

/** Quantities are answered as strings ("1.12", "0", "-1") [VCR]. */
export function quantityString(value: number): string {
  return String(round(value));
}

function luhnDigit(digits: string): number {
  let sum = 0;
  let double = true; // the check digit will sit to the right, so the rightmost given digit doubles
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Default OCR: document number + length digit + Luhn digit, where the length digit is
 * (len(number) + 2) mod 10: 18 → "1842", 39 → "3947", 1 → "133" [VCR, reference §4.3].
 */
export function ocrFor(documentNumber: string): string {
  const base = documentNumber + String((documentNumber.length + 2) % 10);
  return base + String(luhnDigit(base));
}

export function luhnValid(ocr: string): boolean {
  return /^\d{2,}$/.test(ocr) && luhnDigit(ocr.slice(0, -1)) === Number(ocr.slice(-1));
}
