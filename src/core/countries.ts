/**
 * Turns what people type into a billing country ("Sweden", "Sverige", "SE", "Deutschland", "USA")
 * into an ISO 3166-1 alpha-2 code, using the ICU data Node ships (English, Swedish and each
 * country's own language) rather than a hand-kept table.
 */

// EU member states (2026). Greece's VAT prefix is EL, not GR.
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);

// Common ways of writing a country that no locale lists as its name.
const ALIASES: Record<string, string> = {
  usa: 'US',
  'u.s.a.': 'US',
  'u.s.': 'US',
  america: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'u.k.': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  'czech republic': 'CZ',
  el: 'GR',
};

const LOCALES = ['en', 'sv', 'de', 'fr', 'es', 'it', 'nl', 'fi', 'da', 'nb', 'pl', 'pt'];

let byName: Map<string, string> | undefined;

/** Retired codes (DD, UK, YU …) canonicalise to today's (DE, GB, RS …) per CLDR. */
function canonical(code: string): string {
  return Intl.getCanonicalLocales(`und-${code}`)[0]!.slice(4);
}

function normalise(text: string): string {
  return text.trim().toLowerCase().normalize('NFC').replace(/\s+/g, ' ');
}

function nameIndex(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const names = LOCALES.map((locale) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }));
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      if (canonical(code) !== code) continue;
      for (const display of names) {
        const name = display.of(code);
        if (name !== undefined && name !== code) byName.set(normalise(name), code);
      }
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) byName.set(alias, code);
  return byName;
}

/** ISO code for a country written any common way, or undefined when it cannot be told. */
export function countryCode(text: string | undefined | null): string | undefined {
  if (text === undefined || text === null || text.trim() === '') return undefined;
  const trimmed = text.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const upper = trimmed.toUpperCase();
    const code = upper === 'EL' ? 'GR' : canonical(upper);
    return new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(code) ? code : undefined;
  }
  return nameIndex().get(normalise(trimmed));
}

export function isEu(code: string): boolean {
  return EU_COUNTRIES.has(code);
}
