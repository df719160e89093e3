import { stockholmDay } from '../../core/dates.ts';

/**
 * Stripe's amounts and times as Fortnox wants them. Amounts are integers in the currency's smallest
 * unit: öre for SEK, but whole yen for JPY — dividing every currency by 100 would put a ¥5 000
 * invoice in Fortnox as ¥50. Times are Unix seconds, booked on their Swedish day.
 */

/**
 * Zero-decimal currencies (docs.stripe.com/currencies#zero-decimal, the 2022 page and today's agree).
 * ISK, HUF and TWD are "special cases" that stay two-decimal in the API (support.stripe.com: "ISK will
 * remain a two-decimal currency in the Stripe API"); so they are not here.
 */
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Three-decimal currencies (amounts in thousandths): the list is from a secondary source, UNVERIFIED. */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** How many minor units make one unit of the currency. */
export function minorUnits(currency: string): number {
  const c = currency.toLowerCase();
  return ZERO_DECIMAL.has(c) ? 1 : THREE_DECIMAL.has(c) ? 1000 : 100;
}

/** A Stripe amount (minor units) in units of its currency: 37375 öre → 373.75, 5000 JPY → 5000. */
export function fromMinor(amount: number | null | undefined, currency: string): number {
  return (amount ?? 0) / minorUnits(currency);
}

/** A Stripe timestamp's Swedish day. */
export function stripeDay(unix: number | null | undefined): string {
  return stockholmDay(new Date((unix ?? 0) * 1000));
}

/** A Stripe amount for a message, with its currency's decimals: "100.00", "5000". */
export function minorText(amount: number | null | undefined, currency: string): string {
  return fromMinor(amount, currency).toFixed(Math.round(Math.log10(minorUnits(currency))));
}
