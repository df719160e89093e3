// The emulator's clock is the kit's (`../kit/clock.ts`); this file holds Fortnox's calendar.
// Fortnox runs on Swedish local time: document dates and the `lastmodified` filter are
// Europe/Stockholm wall-clock values, never UTC [reference §1.1, §5].
const TZ = 'Europe/Stockholm';
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wall(ms: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

/** YYYY-MM-DD of an instant in Stockholm. */
export function stockholmDate(ms: number): string {
  const w = wall(ms);
  return `${w.year}-${w.month}-${w.day}`;
}

/** "YYYY-MM-DD HH:MM:SS" of an instant in Stockholm. */
export function stockholmDateTime(ms: number): string {
  const w = wall(ms);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}:${w.second}`;
}

function offsetAt(ms: number): number {
  const w = wall(ms);
  const asUtc = Date.UTC(
    Number(w.year),
    Number(w.month) - 1,
    Number(w.day),
    Number(w.hour),
    Number(w.minute),
    Number(w.second),
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Parses `lastmodified` as Fortnox accepts it: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or
 * `YYYY-MM-DD HH:MM:SS`, Stockholm local time. Returns epoch ms, or undefined when malformed.
 */
export function parseStockholm(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  const guess = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  if (Number.isNaN(guess)) return undefined;
  // Two passes settle the offset across a DST change.
  const first = guess - offsetAt(guess);
  return guess - offsetAt(first);
}

export function isDate(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v + 'T00:00:00Z'));
}

export function addDays(date: string, days: number): string {
  const ms = Date.parse(date + 'T00:00:00Z') + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
