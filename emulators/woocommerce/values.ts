/**
 * Numbers, dates and JSON the way PHP and WordPress write them, because a client parses exactly
 * these bytes: `round()` halves away from zero, money is `wc_format_decimal($x, $dp)`, times are
 * site-local `Y-m-d\TH:i:s` without an offset beside a `_gmt` twin, and `wp_json_encode` escapes
 * slashes and every non-ASCII character (a webhook signature covers those exact bytes).
 */

/** PHP `round()`: pre-rounds to 15 significant digits, then halves away from zero. */
export function phpRound(value: number, dp = 2): number {
  if (!Number.isFinite(value)) return 0;
  const factor = 10 ** dp;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  const rounded = (Math.sign(value) * Math.round(scaled)) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** `wc_format_decimal($value, $dp)`: a string with exactly `dp` decimals. */
export function money(value: number, dp = 2): string {
  return phpRound(value, dp).toFixed(Math.max(0, dp));
}

/** An unrounded amount as PHP prints a float kept to 6 decimals: `0.9`, `2.4375`, `25`. */
export function rawDecimal(value: number): string {
  const s = phpRound(value, 6).toFixed(6);
  const trimmed = s.replace(/\.?0+$/, '');
  return trimmed === '-0' || trimmed === '' ? '0' : trimmed;
}

/** A decimal string or number from a request, as WooCommerce's `wc_format_decimal` reads it. */
export function decimal(value: unknown, fallback = 0): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : fallback;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return fallback;
}

function parts(ms: number, timeZone: string): Record<string, string> {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

/** `2017-03-22T16:28:02` in the site's time zone. */
export function localDate(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

export function gmtDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** The site's offset from UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  return Date.parse(`${localDate(ms, timeZone)}Z`) - Math.floor(ms / 1000) * 1000;
}

/**
 * A date filter (`modified_after`, `after`, …): with an explicit offset or `Z` that instant; otherwise
 * site-local time, or UTC when `dates_are_gmt` is true. Undefined when it is no ISO 8601 date.
 */
export function parseFilterDate(value: string, timeZone: string, gmt: boolean): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) return undefined;
  const normalised = value.replace(' ', 'T');
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(normalised)) return Date.parse(normalised);
  const asUtc = Date.parse(`${normalised}Z`);
  if (Number.isNaN(asUtc)) return undefined;
  return gmt ? asUtc : asUtc - offsetAt(asUtc, timeZone);
}

/** `wp_json_encode` with WordPress's default flags: `\/` and `\uXXXX` escapes. */
export function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `sanitize_title`: the slug WordPress makes of a name. */
export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'product'
  );
}
