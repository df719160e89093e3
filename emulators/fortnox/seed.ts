import { stockholmDate } from './clock.ts';
import { PREDEFINED_DEFAULTS } from './resources/predefined-accounts.ts';
import { accountRecord } from './resources/settings.ts';
import type { Tenant } from './tenant.ts';
import type { Rec } from './values.ts';

/**
 * A plain Swedish company: BAS chart excerpt, VAT 25/12/6/0 %, 30 days terms, SEK plus three
 * foreign currencies. Sales accounts carry their output VAT rate (BAS convention, reference §4.7).
 */
const CHART: ReadonlyArray<readonly [number, string, number | null]> = [
  [1250, 'Datorer', null],
  [1510, 'Kundfordringar', null],
  [1790, 'Övriga förutbetalda kostnader och upplupna intäkter', null],
  [1580, 'Fordringar för kontokort och kuponger', null],
  [1910, 'Kassa', null],
  [1920, 'PlusGiro', null],
  [1930, 'Företagskonto / affärskonto', null],
  [2421, 'Ej inlösta presentkort', null],
  [2440, 'Leverantörsskulder', null],
  [2610, 'Utgående moms, 25 %', null],
  [2611, 'Utgående moms på försäljning inom Sverige, 25 %', null],
  [2614, 'Utgående moms omvänd skattskyldighet, 25 %', null],
  [2615, 'Utgående moms import av varor, 25 %', null],
  [2617, 'Utgående moms omvänd skattskyldighet varor och tjänster i Sverige, 25 %', null],
  [2620, 'Utgående moms, 12 %', null],
  [2621, 'Utgående moms på försäljning inom Sverige, 12 %', null],
  [2630, 'Utgående moms, 6 %', null],
  [2631, 'Utgående moms på försäljning inom Sverige, 6 %', null],
  [2640, 'Ingående moms', null],
  [2641, 'Debiterad ingående moms', null],
  [2645, 'Beräknad ingående moms på förvärv från utlandet', null],
  [2647, 'Ingående moms omvänd skattskyldighet varor och tjänster i Sverige', null],
  [2890, 'Övriga kortfristiga skulder', null],
  [2990, 'Övriga upplupna kostnader och förutbetalda intäkter', null],
  [3001, 'Försäljning inom Sverige, 25 % moms', 25],
  [3002, 'Försäljning inom Sverige, 12 % moms', 12],
  [3003, 'Försäljning inom Sverige, 6 % moms', 6],
  [3004, 'Försäljning inom Sverige, momsfri', 0],
  [3011, 'Försäljning tjänster inom Sverige, 25 % moms', 25],
  [3105, 'Försäljning varor till land utanför EU', 0],
  [3106, 'Försäljning varor till annat EU-land, momspliktig', 25],
  [3108, 'Försäljning varor till annat EU-land, momsfri', 0],
  [3231, 'Försäljning inom byggsektorn, omvänd skattskyldighet moms', 0],
  [3305, 'Försäljning tjänster till land utanför EU', 0],
  [3308, 'Försäljning tjänster till annat EU-land', 0],
  [3520, 'Fakturerade frakter', 25],
  [3540, 'Faktureringsavgifter', 25],
  [3730, 'Lämnade rabatter', null],
  [3731, 'Lämnade kassarabatter', null],
  [3740, 'Öres- och kronutjämning', null],
  [3960, 'Valutakursvinster på fordringar och skulder av rörelsekaraktär', null],
  [3990, 'Övriga ersättningar och intäkter', null],
  [4000, 'Inköp av varor från Sverige', null],
  [4730, 'Erhållna rabatter', null],
  [5710, 'Frakter och transporter', null],
  [6570, 'Bankkostnader', null],
  [7960, 'Valutakursförluster på fordringar och skulder av rörelsekaraktär', null],
  [8313, 'Ränteintäkter från kundfordringar', null],
];

const VAT_CODE: Record<number, string> = { 25: 'MP1', 12: 'MP2', 6: 'MP3', 0: 'MF' };

const TERMS: ReadonlyArray<readonly [string, string]> = [
  ['0', '0 dagar'],
  ['10', '10 dagar'],
  ['15', '15 dagar'],
  ['20', '20 dagar'],
  ['30', '30 dagar'],
  ['AG', 'Autogiro'],
  ['K', 'Kontant'],
  ['PF', 'Postförskott'],
];

// [unverified] a new company's modes of payment; codes and accounts are illustrative (BAS accounts of the chart above).
const MODES: ReadonlyArray<readonly [string, string, number]> = [
  ['BG', 'Bankgiro', 1930],
  ['PG', 'PlusGiro', 1920],
  ['K', 'Kontant', 1910],
  ['KORT', 'Kortbetalning', 1930],
  ['SWISH', 'Swish', 1930],
];

const UNITS: ReadonlyArray<readonly [string, string, string]> = [
  ['förp', 'pack', 'förpackning'],
  ['h', 'h', 'timmar'],
  ['km', 'km', 'Kilometer'],
  ['st', 'pcs', 'styck'],
  ['utl', 'exp', 'Utlägg'],
];

// [unverified] illustrative rates, SEK per unit; the real tenant updates them daily.
const CURRENCIES: ReadonlyArray<readonly [string, string, number]> = [
  ['SEK', 'Svensk krona', 1],
  ['EUR', 'Euro', 11.45],
  ['USD', 'Amerikansk dollar', 10.6],
  ['NOK', 'Norsk krona', 0.98],
];

export function seedTenant(t: Tenant): void {
  const now = t.now();
  for (const [number, description, vat] of CHART) {
    t.accounts.put(
      String(number),
      accountRecord(number, description, vat === null ? null : (VAT_CODE[vat] ?? null)),
      now,
    );
    if (vat !== null) t.accountVat.set(number, vat);
  }
  for (const [name, account] of PREDEFINED_DEFAULTS) t.predefined.set(name, account);
  for (const [code, description] of TERMS) t.termsofpayments.put(code, { Code: code, Description: description }, now);
  for (const [code, description, account] of MODES) {
    t.modesofpayments.put(code, { Code: code, Description: description, AccountNumber: account }, now);
  }
  for (const [code, english, description] of UNITS) {
    t.units.put(code, { Code: code, CodeEnglish: english, Description: description }, now);
  }
  const today = stockholmDate(now);
  // Last year and this year exist, as in a company that has closed one year [reference §4.6].
  const year = Number(today.slice(0, 4));
  t.books.addCalendarYear(year - 1);
  t.books.addCalendarYear(year);
  for (const [code, description, rate] of CURRENCIES) {
    const rec: Rec = {
      BuyRate: rate,
      Code: code,
      Date: today,
      Description: description,
      IsAutomatic: false,
      SellRate: rate,
      Unit: 1,
    };
    t.currencies.put(code, rec, now);
  }
}

/** `GET /3/companyinformation`; note OrganizationNumber with z here [OAS CompanyInfo]. */
export function companyInformation(t: Tenant): Rec {
  return {
    CompanyInformation: {
      Address: 'Storgatan 1',
      City: 'Stockholm',
      CountryCode: 'SE',
      DatabaseNumber: t.id,
      CompanyName: t.name,
      OrganizationNumber: t.organizationNumber,
      VisitAddress: 'Storgatan 1',
      VisitCity: 'Stockholm',
      VisitCountryCode: 'SE',
      VisitZipCode: '111 22',
      ZipCode: '111 22',
    },
  };
}
