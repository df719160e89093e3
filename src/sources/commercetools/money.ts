import type { TypedMoney } from '@commercetools/platform-sdk';

/**
 * commercetools money is an integer of minor units plus `fractionDigits` (SEK 2, JPY 0, KWD 3):
 * converted once here, so every amount the core sees is a plain decimal of the currency. The
 * integer is divided by a power of ten and rounded to those digits, never summed as floats.
 */

export function amountOf(money: Pick<TypedMoney, 'centAmount'> & { fractionDigits?: number }): number {
  const digits = money.fractionDigits ?? 2;
  return Number((money.centAmount / 10 ** digits).toFixed(digits));
}

/** A per-unit amount from a line total: exact when the total divides, else to 4 decimals (Fortnox keeps them). */
export function perUnit(totalCents: number, quantity: number, fractionDigits = 2): number {
  if (quantity === 0) return 0;
  return Number((totalCents / quantity / 10 ** fractionDigits).toFixed(fractionDigits + 2));
}

/** A tax rate 0..1 as Fortnox's VAT percent (0.25 → 25, 0.12 → 12, 0.065 → 6.5). */
export function vatPercent(rate: number): number {
  return Math.round(rate * 10_000) / 100;
}

/** The calendar day of an instant in Sweden (Fortnox's dates are Swedish days). */
export function stockholmDay(iso: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}
