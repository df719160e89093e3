/**
 * Country names and codes. Invoices take a country *name* (Sweden must be "Sverige"), customers
 * take an ISO alpha-2 `CountryCode` and answer the derived name in `Country` [reference §4.1, §9;
 * VCR invoices/save_new_with_country_*]. Fortnox spells several names the ISO way; those are
 * listed here, the rest come from ICU's English and Swedish region names.
 */
const ISO_NAMES: Record<string, string> = {
  VA: 'Holy See (Vatican City State)',
  VI: 'Virgin Islands, U.S.',
  VG: 'Virgin Islands, British',
  KR: 'Korea, Republic of',
  KP: "Korea, Democratic People's Republic of",
  IR: 'Iran, Islamic Republic of',
  RU: 'Russian Federation',
  TW: 'Taiwan, Province of China',
  TZ: 'Tanzania, United Republic of',
  BO: 'Bolivia, Plurinational State of',
  VE: 'Venezuela, Bolivarian Republic of',
  MD: 'Moldova, Republic of',
  SE: 'Sverige',
};

const en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const sv = new Intl.DisplayNames(['sv'], { type: 'region', fallback: 'none' });
const A = 'A'.charCodeAt(0);

const byCode = new Map<string, string>();
const byName = new Map<string, string>();
for (let i = 0; i < 26; i++) {
  for (let j = 0; j < 26; j++) {
    const code = String.fromCharCode(A + i, A + j);
    const english = en.of(code);
    if (!english || english === 'Unknown Region' || /^[A-Z]{2}$/.test(english)) continue;
    const name = ISO_NAMES[code] ?? english;
    byCode.set(code, name);
    for (const n of [name, english, sv.of(code)]) if (n) byName.set(n.toLowerCase(), code);
  }
}
// [unverified] Fortnox wants "Sverige" for Sweden; the English name is refused here.
byName.delete('sweden');

/** The name Fortnox shows for an ISO code, or undefined for an unknown code. */
export function countryName(code: string): string | undefined {
  return byCode.get(code.toUpperCase());
}

/** Whether an invoice/order `Country` value is a country name Fortnox accepts. */
export function isCountryName(name: string): boolean {
  return byName.has(name.trim().toLowerCase());
}
