/**
 * Money and dates as BigCommerce writes them. Amounts are kept as integer cents so sums never
 * drift; V2 prints them as 4-decimal strings ("62.6793" style, [BC-O2]), V3 (refunds, catalog,
 * transactions) as JSON numbers rounded to 2 decimals [BC-O3 `Amount`]. V2 dates are RFC-2822 in
 * UTC ("Tue, 05 Mar 2019 21:40:11 +0000"); V3 dates are RFC 3339 ("2022-06-16T16:44:15+00:00").
 */

export type Cents = number;

export const cents = (amount: number | string): Cents => Math.round(Number(amount) * 100);

/** V2 money: a decimal string with four places. */
export const v2Money = (c: Cents): string => (c / 100).toFixed(4);

/** V3 money: a JSON number with at most two decimals. */
export const v3Money = (c: Cents): number => Math.round(c) / 100;

/** The VAT inside a tax-inclusive amount, at `ratePct` percent. */
export const taxInside = (gross: Cents, ratePct: number): Cents => Math.round((gross * ratePct) / (100 + ratePct));

/** The VAT on top of a tax-exclusive amount. */
export const taxOnTop = (net: Cents, ratePct: number): Cents => Math.round((net * ratePct) / 100);

/** Splits `total` over `weights` in proportion, the rounding remainder on the largest share. */
export function allocate(total: Cents, weights: readonly number[]): Cents[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  const rest = total - shares.reduce((a, b) => a + b, 0);
  const largest = weights.indexOf(Math.max(...weights));
  shares[largest] = (shares[largest] ?? 0) + rest;
  return shares;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `date_modified` is "always in UTC in the api response" [BC-O2 schema]. */
export function rfc2822(ms: number): string {
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

export const rfc3339 = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * A date filter value: RFC-2822 or ISO-8601 ("Thu, 20 Apr 2017 11:32:00 -0400",
 * "2017-04-20T11:32:00.000-04:00") [BC-O2 parameters]; undefined when it is neither.
 */
export function parseDateFilter(value: string): number | undefined {
  const rfc = /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(:\d{2})? ([+-]\d{4}|GMT|UTC)$/;
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  if (!rfc.test(value) && !iso.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Rounds seconds away, as RFC-2822 output does, so a filter equal to a printed date matches it. */
export const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;
