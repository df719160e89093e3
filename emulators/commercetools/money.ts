import type { CentPrecisionMoney, RoundingMode } from '@commercetools/platform-sdk';
import { invalidInput } from './errors.ts';

/**
 * Money the commercetools way: integers in the currency's minor unit (`centAmount`) with the ISO 4217
 * default `fractionDigits` (JPY 0, BHD 3, most 2) [reference B9]. Arithmetic is exact: rates are read as
 * decimal fractions and every rounding goes through `roundDiv`, never through floats.
 */

const FRACTION_DIGITS: Record<string, number> = {
  BHD: 3,
  CLP: 0,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  OMR: 3,
  TND: 3,
  VND: 0,
};

export function fractionDigits(currencyCode: string): number {
  return FRACTION_DIGITS[currencyCode] ?? 2;
}

export function money(currencyCode: string, centAmount: number): CentPrecisionMoney {
  return { type: 'centPrecision', currencyCode, centAmount, fractionDigits: fractionDigits(currencyCode) };
}

export interface MoneyDraft {
  currencyCode: string;
  centAmount: number;
}

/** A draft (`{currencyCode, centAmount}`) as stored: typed, with the currency's fraction digits. */
export function fromDraft(d: MoneyDraft): CentPrecisionMoney {
  if (!Number.isSafeInteger(d.centAmount))
    throw invalidInput(`Invalid centAmount ${d.centAmount}: an integer in minor units is required.`);
  if (!/^[A-Z]{3}$/.test(d.currencyCode)) throw invalidInput(`Invalid currency code '${d.currencyCode}'.`);
  return money(d.currencyCode, d.centAmount);
}

/** A decimal number (0.25, 0.0825) as an exact fraction numerator / 10^scale. */
export function rational(value: number): { num: bigint; den: bigint } {
  const text = value.toString();
  if (/e/i.test(text)) {
    const fixed = value.toFixed(12).replace(/0+$/, '');
    return rational(Number(fixed));
  }
  const [whole = '0', frac = ''] = text.replace('-', '').split('.');
  const sign = value < 0 ? -1n : 1n;
  return { num: sign * BigInt(whole + frac), den: 10n ** BigInt(frac.length) };
}

/** num / den rounded to an integer with the Cart's rounding mode (HalfEven is the default [RoundingMode.raml]). */
export function roundDiv(num: bigint, den: bigint, mode: RoundingMode = 'HalfEven'): number {
  if (den < 0n) return roundDiv(-num, -den, mode);
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  const twice = (abs % den) * 2n;
  if (twice > den) q += 1n;
  else if (twice === den) {
    if (mode === 'HalfUp' || (mode === 'HalfEven' && q % 2n === 1n)) q += 1n;
  }
  return Number(negative ? -q : q);
}

/** cents × rate, rounded. */
export function applyRate(cents: number, rate: number, mode: RoundingMode): number {
  const r = rational(rate);
  return roundDiv(BigInt(cents) * r.num, r.den, mode);
}

/** gross / (1 + rate), rounded: the net of a tax-inclusive amount. */
export function netOfGross(gross: number, rate: number, mode: RoundingMode): number {
  const r = rational(rate);
  return roundDiv(BigInt(gross) * r.den, r.den + r.num, mode);
}

/** gross × rate / (1 + rate), rounded: the tax inside a tax-inclusive amount. */
export function taxOfGross(gross: number, rate: number, mode: RoundingMode): number {
  const r = rational(rate);
  return roundDiv(BigInt(gross) * r.num, r.den + r.num, mode);
}

export function sameCurrency(a: { currencyCode: string }, b: { currencyCode: string }): void {
  if (a.currencyCode !== b.currencyCode) {
    throw invalidInput(`Currency mismatch: ${a.currencyCode} and ${b.currencyCode}.`);
  }
}
