/**
 * Lightspeed K-Series sends money as decimal strings of several precisions: sales lines "up to six
 * decimal places", tax rates as percent strings ("20.00") and multipliers ("1.2"), quantities with
 * three, payments and tips with two, rounded "half-even" (financial-apiPayment.netAmountWithTax,
 * .tip, .surcharge in the Financial V2 spec). Floats cannot hold that, so every amount here is a
 * BigInt of micro-units (1e-6) and every rounding says which mode it uses.
 */

export type Micro = bigint;

export const SCALE = 1_000_000n;
const DP = 6;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "12.345" → 12345000n; at most six decimals, no exponent, no thousands separator. */
export function toMicro(value: string | number): Micro {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`“${text}” is not a decimal amount`);
  const [, minus, whole = '0', frac = ''] = m;
  if (frac.length > DP) throw new RangeError(`“${text}” has more than ${DP} decimals`);
  const micro = BigInt(whole) * SCALE + BigInt(frac.padEnd(DP, '0'));
  return minus ? -micro : micro;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not an amount`);
  // toFixed(6) of a JS number is exact for every amount a till can hold (< 2^53 micro-units).
  return n.toFixed(DP).replace(/\.?0+$/, '') || '0';
}

/** Round to `dp` decimals, ties to the even neighbour (banker's rounding). */
export function roundHalfEven(x: Micro, dp: number): Micro {
  const unit = 10n ** BigInt(DP - dp);
  if (unit === 1n) return x;
  const q = x / unit;
  const r = x % unit;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice < unit) return q * unit;
  const away = q + (x < 0n ? -1n : 1n);
  if (twice > unit) return away * unit;
  return (q % 2n === 0n ? q : away) * unit;
}

/** Round to a multiple of `step` (e.g. whole kronor), ties away from zero: Swedish cash rounding. */
export function roundToStep(x: Micro, step: Micro): Micro {
  const q = x / step;
  const r = x % step;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice < step) return q * step;
  return (q + (x < 0n ? -1n : 1n)) * step;
}

/** a × b, exact to micro-units with half-even on the seventh decimal. */
export function mul(a: Micro, b: Micro): Micro {
  return divRound(a * b, SCALE);
}

/** a ÷ b to micro-units, half-even. */
export function div(a: Micro, b: Micro): Micro {
  return divRound(a * SCALE, b);
}

/** a × num ÷ den with one half-even rounding: a share of a line (1 of 3 taken back) without drift. */
export function share(a: Micro, num: Micro, den: Micro): Micro {
  return divRound(a * num, den);
}

function divRound(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  const twice = 2n * (an % ad);
  if (twice > ad || (twice === ad && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** Exact text with `dp` decimals; refuses a value that needs rounding, so no rounding happens by accident. */
export function format(x: Micro, dp: number): string {
  const unit = 10n ** BigInt(DP - dp);
  if (x % unit !== 0n) throw new RangeError(`${x} µ has more than ${dp} decimals: round it before formatting`);
  const negative = x < 0n;
  const abs = negative ? -x : x;
  const whole = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(DP, '0').slice(0, dp);
  return `${negative ? '-' : ''}${whole}${dp > 0 ? `.${frac}` : ''}`;
}

/** Round half-even to `dp`, then format: the payment/tip rule of the spec in one call. */
export function money(x: Micro, dp = 2): string {
  return format(roundHalfEven(x, dp), dp);
}

/** The shortest text of a multiplier: 1.25 → "1.25", 1.2 → "1.2" (taxLines[].taxRate, per the spec example). */
export function shortest(x: Micro): string {
  return format(x, DP).replace(/\.?0+$/, '');
}

export function sum(values: Iterable<Micro>): Micro {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}
