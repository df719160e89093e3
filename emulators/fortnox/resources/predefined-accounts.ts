import { FortnoxError, KNOWN } from '../errors.ts';
import { type ApiResult, ok } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { isRec, num, type Rec, str } from '../values.ts';

/**
 * The company's predefined ("förvalda") accounts, `GET|PUT /3/predefinedaccounts[/{Name}]`, scope
 * `settings`. Names are the official C# SDK's `PredefinedAccountName` (Easy VAT names: SALES_25_SE…;
 * a trailing 2 is the services variant). Values are what one real tenant answered where it listed
 * them [notima fortnox4j FortnoxConstants.java: a logged GET /3/predefinedaccounts, March 2020:
 * SALESEUREV 3108, SALESEUREV2 3308, SALESEXPORT 3105, SALESEXPORT2 3305, SALESEUVAT 3106,
 * SALESEUVAT2 3308, SALES/SALES2 3001, SALESCONSTR2 3231, OUTVAT_MP1..3 2611/2621/2631, ROUNDOFF 3740…],
 * else the BAS account for the purpose; 0 means "not set", as that tenant answered for AG and ACCRCOST.
 */
export const PREDEFINED_DEFAULTS: ReadonlyArray<readonly [string, number]> = [
  ['BG', 1930],
  ['PG', 1920],
  ['CASH', 1910],
  ['CASHBYCARD', 1930],
  ['AG', 0],
  ['PURCASE', 4000], // sic: Fortnox's own spelling [CS PredefinedAccountName.Purchases]
  ['SUPDEBT', 2440],
  ['SUPADMFEE', 0],
  ['SUPFREIGHT', 5710],
  ['CASHDISCOUNTIN', 4730],
  ['SALES_25_SE', 3001],
  ['SALES_25_SE2', 3001],
  ['SALES_12_SE', 3002],
  ['SALES_12_SE2', 3002],
  ['SALES_6_SE', 3003],
  ['SALES_6_SE2', 3003],
  ['SALES_0_SE', 3004],
  ['SALES_0_SE2', 3004],
  ['SALESCONSTR2', 3231],
  ['SALESEUREV', 3108],
  ['SALESEUREV2', 3308],
  ['SALESEUVAT', 3106],
  ['SALESEUVAT2', 3308],
  ['SALESEXPORT', 3105],
  ['SALESEXPORT2', 3305],
  ['CUSTCLAIM', 1510],
  ['ADMFEE', 3540],
  ['FREIGHT', 3520],
  ['CASHDISCOUNTOUT', 3730],
  ['DEMAND', 3540],
  ['INTEREST', 8313],
  ['ROUNDOFF', 3740],
  ['OUTVAT_MP1', 2611],
  ['OUTVAT_MP2', 2621],
  ['OUTVAT_MP3', 2631],
  ['INVAT', 2641],
  ['PRODUCT_DEB', 2645],
  ['PRODUCT_CRE', 2615],
  ['SERVICE_DEB', 2645],
  ['SERVICE_CRE', 2614],
  ['CONSTRUCTION_DEB', 2647],
  ['CONSTRUCTION_CRE', 2617],
  ['ACCRSINVOICE', 1790],
  ['ACCRINVOICE', 2990],
  ['ACCRINCOME', 3990],
  ['ACCRCOST', 0],
  ['CURRENCYWIN', 3960],
  ['CURRENCYLOSS', 7960],
];

/** With Easy VAT the Swedish sales accounts must carry the matching VAT code [OAS updatePredefinedAccounts]. */
const VAT_CODE_OF: Record<string, string> = { '25': 'MP1', '12': 'MP2', '6': 'MP3', '0': 'MF' };

/** The account a predefined name points at; a missing or unset one is Fortnox's 2001304. */
export function predefinedAccount(t: Tenant, name: string): number {
  const account = t.predefined.get(name) ?? 0;
  if (account === 0) {
    throw new FortnoxError(400, KNOWN.accountMissing.code, `${KNOWN.accountMissing.message} (${name})`);
  }
  return account;
}

const item = (t: Tenant, name: string): Rec => ({
  '@url': t.env.url(`predefinedaccounts/${name}`),
  Name: name,
  Account: t.predefined.get(name) ?? 0,
});

function known(t: Tenant, name: string): string {
  if (name === '') throw new FortnoxError(400, KNOWN.noPredefinedName.code, KNOWN.noPredefinedName.message);
  const hit = [...t.predefined.keys()].find((k) => k === name.toUpperCase());
  // [unverified] status and casing of an unknown name; the code is from fortnox4j's constants.
  if (!hit) throw new FortnoxError(404, KNOWN.predefinedMissing.code, KNOWN.predefinedMissing.message);
  return hit;
}

/** Not paged: the official SDK notes "Limit not supported" [CS PredefinedAccountsTests]. */
export function listPredefined(t: Tenant): ApiResult {
  return ok({ PreDefinedAccounts: [...t.predefined.keys()].map((name) => item(t, name)) });
}

export function getPredefined(t: Tenant, name: string): ApiResult {
  return ok({ PreDefinedAccount: item(t, known(t, name)) });
}

/** PUT {"PreDefinedAccount":{"Account":3308}}: the codes and rules of the OAS description. */
export function updatePredefined(t: Tenant, name: string, body: unknown): ApiResult {
  const key = known(t, name);
  const inner = isRec(body) && isRec(body.PreDefinedAccount) ? body.PreDefinedAccount : undefined;
  if (!inner) throw new FortnoxError(400, KNOWN.noData.code, KNOWN.noData.message);
  const raw = str(inner.Account).trim();
  if (!/^\d{4}$/.test(raw)) throw new FortnoxError(400, KNOWN.accountFormat.code, KNOWN.accountFormat.message);
  const account = t.accounts.get(raw);
  if (!account || account.Active === false) {
    throw new FortnoxError(400, KNOWN.predefinedInvalid.code, `${KNOWN.predefinedInvalid.message} (${raw})`);
  }
  const rate = /^SALES_(\d+)_SE2?$/.exec(key)?.[1];
  const wanted = rate === undefined ? undefined : VAT_CODE_OF[rate];
  if (wanted !== undefined && str(account.VATCode) !== wanted) {
    throw new FortnoxError(400, KNOWN.predefinedVatCode.code, `${KNOWN.predefinedVatCode.message} (${wanted})`);
  }
  t.predefined.set(key, num(account.Number));
  return ok({ PreDefinedAccount: item(t, key) });
}
