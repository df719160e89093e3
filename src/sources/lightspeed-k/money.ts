/**
 * K-Series money: decimal strings with up to 6 decimals on lines, 2 on payments. Summed exactly in
 * micro-units (10⁻⁶ SEK) and rounded once per account to öre, half-even as Lightspeed rounds, so a
 * day of hundreds of lines is not off by the sum of each line's rounding.
 */

const MICRO = 1_000_000n;

/** "70.000000" → 70 000 000 micro-units; undefined for anything that is not a decimal. */
export function micro(text: string | undefined): bigint | undefined {
  if (text === undefined) return 0n;
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (m === null) return undefined;
  const value = BigInt(m[2]!) * MICRO + BigInt((m[3] ?? '').padEnd(6, '0'));
  return m[1] === '-' ? -value : value;
}

/** Micro-units → öre, half-even. */
export function toOre(value: bigint): number {
  const unit = 10_000n;
  const negative = value < 0n;
  const abs = negative ? -value : value;
  let q = abs / unit;
  const r = abs % unit;
  if (r * 2n > unit || (r * 2n === unit && q % 2n === 1n)) q += 1n;
  return Number(negative ? -q : q);
}
