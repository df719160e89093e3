import type { Connection } from 'jsforce';
import { z } from 'zod';
import { countryCode } from '../../core/countries.ts';
import type { Customer, SalesDocument } from '../../core/documents.ts';
import { AppError } from '../../core/errors.ts';
import { defined } from '../../core/optional.ts';
import { ACCOUNT_FIELDS, OPPORTUNITY_INPUT_FIELDS } from './fields.ts';
import { isSalesforceId } from './ids.ts';
import { ORG_CONNECTION } from './settings.ts';

/**
 * Reads current Salesforce data and turns it into canonical documents: one SOQL query reads the
 * Opportunity with its line items and Account. Optional org features (multi-currency, person
 * accounts, state & country picklists) are detected once per connection by describe, so the same
 * query works in any org instead of failing with INVALID_FIELD.
 */

export interface OrgFeatures {
  multiCurrency: boolean;
  personAccounts: boolean;
  countryCodes: boolean;
  invoiceEmail: boolean;
  /** Fortnox_Company__c, deployed with salesforce/ since routing by company: older metadata lacks it. */
  company: boolean;
}

const features = new WeakMap<Connection, Promise<OrgFeatures>>();

export function orgFeatures(conn: Connection): Promise<OrgFeatures> {
  let found = features.get(conn);
  if (!found) {
    found = Promise.all([conn.sobject('Opportunity').describe(), conn.sobject('Account').describe()]).then(
      ([opp, account]) => {
        const has = (describe: { fields: { name: string }[] }, name: string) =>
          describe.fields.some((f) => f.name === name);
        return {
          multiCurrency: has(opp, 'CurrencyIsoCode'),
          personAccounts: has(account, 'IsPersonAccount'),
          countryCodes: has(account, 'BillingCountryCode'),
          // Deployed with salesforce/ since the invoice e-mail was added; an org on older metadata lacks it.
          invoiceEmail: has(account, ACCOUNT_FIELDS.invoiceEmail),
          company: has(opp, OPPORTUNITY_INPUT_FIELDS.company),
        };
      },
    );
    found.catch(() => features.delete(conn));
    features.set(conn, found);
  }
  return found;
}

export const text = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v.trim() === '' ? undefined : v));
export const num = z.number().nullish();
export const accountSchema = z
  .object({
    Id: z.string(),
    Name: text,
    BillingStreet: text,
    BillingCity: text,
    BillingPostalCode: text,
    BillingCountry: text,
    BillingCountryCode: text,
    Phone: text,
    Website: text,
    IsPersonAccount: z.boolean().nullish(),
    PersonEmail: text,
    CurrencyIsoCode: text,
    [ACCOUNT_FIELDS.organisationNumber]: text,
    [ACCOUNT_FIELDS.vatNumber]: text,
    [ACCOUNT_FIELDS.customerNumber]: text,
    [ACCOUNT_FIELDS.invoiceEmail]: text,
  })
  .passthrough();
type AccountRow = z.infer<typeof accountSchema>;

const lineSchema = z.object({
  Id: z.string(),
  ProductCode: text,
  Name: text,
  Description: text,
  Quantity: num,
  UnitPrice: num,
  Discount: num,
  Product2: z.object({ Name: text }).nullish(),
});
const opportunitySchema = z.object({
  Id: z.string(),
  Name: text,
  StageName: text,
  IsWon: z.boolean().nullish(),
  CloseDate: text,
  Amount: num,
  CurrencyIsoCode: text,
  [OPPORTUNITY_INPUT_FIELDS.company]: text,
  Owner: z.object({ Name: text }).nullish(),
  Account: accountSchema.nullish(),
  OpportunityLineItems: z.object({ records: z.array(lineSchema) }).nullish(),
});

export function accountFields(f: OrgFeatures, prefix: string): string[] {
  const fields = [
    'Id',
    'Name',
    'BillingStreet',
    'BillingCity',
    'BillingPostalCode',
    'BillingCountry',
    'Phone',
    'Website',
    ACCOUNT_FIELDS.organisationNumber,
    ACCOUNT_FIELDS.vatNumber,
    ACCOUNT_FIELDS.customerNumber,
  ];
  if (f.countryCodes) fields.push('BillingCountryCode');
  if (f.personAccounts) fields.push('IsPersonAccount', 'PersonEmail');
  if (f.multiCurrency) fields.push('CurrencyIsoCode');
  if (f.invoiceEmail) fields.push(ACCOUNT_FIELDS.invoiceEmail);
  return fields.map((name) => prefix + name);
}

export function assertId(id: string): void {
  if (!isSalesforceId(id))
    throw new AppError(`Not a Salesforce id: ${id}`, { code: 'invalid_id', category: 'validation', retryable: false });
}

export function toCustomer(row: AccountRow, connection: string = ORG_CONNECTION): Customer {
  const [street1, ...rest] = (row.BillingStreet ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  const code = row.BillingCountryCode ?? countryCode(row.BillingCountry);
  const customer: Customer = {
    source: { system: 'salesforce', connection, object: 'Account', id: row.Id },
    name: row.Name ?? '',
    kind: row.IsPersonAccount === true ? 'private' : 'company',
    billingAddress: {
      ...defined({ street1 }),
      ...(rest.length === 0 ? {} : { street2: rest.join(', ') }),
      ...defined({
        postalCode: row.BillingPostalCode,
        city: row.BillingCity,
        countryCode: code,
        countryText: row.BillingCountry,
      }),
    },
  };
  const optional: [keyof Customer, string | undefined][] = [
    ['organisationNumber', row[ACCOUNT_FIELDS.organisationNumber] as string | undefined],
    ['vatNumber', row[ACCOUNT_FIELDS.vatNumber] as string | undefined],
    ['knownCustomerNumber', row[ACCOUNT_FIELDS.customerNumber] as string | undefined],
    // A business Account has no e-mail of its own: the invoice e-mail is the one Fortnox knows it by.
    ['email', row.PersonEmail ?? (row[ACCOUNT_FIELDS.invoiceEmail] as string | undefined)],
    ['invoiceEmail', row[ACCOUNT_FIELDS.invoiceEmail] as string | undefined],
    ['phone', row.Phone],
    ['website', row.Website],
    ['currency', row.CurrencyIsoCode],
  ];
  for (const [key, value] of optional)
    if (value !== undefined) (customer as unknown as Record<string, string>)[key] = value;
  return customer;
}

/** The Account as a canonical customer, or undefined when it no longer exists. */
export async function readAccount(
  conn: Connection,
  accountId: string,
  connection: string = ORG_CONNECTION,
): Promise<Customer | undefined> {
  assertId(accountId);
  const f = await orgFeatures(conn);
  const result = await conn.query(`SELECT ${accountFields(f, '').join(', ')} FROM Account WHERE Id = '${accountId}'`);
  const row = result.records[0];
  return row === undefined ? undefined : toCustomer(accountSchema.parse(row), connection);
}

export interface DealRead {
  document: SalesDocument | undefined;
  /** Why there is no document: the record (Opportunity or Order) is gone, or it has no Account. */
  missing?: 'record' | 'account';
  /** Whether the deal is won (known even without an Account). */
  active: boolean;
  /** The deal's name, for messages and the dashboard. */
  title: string;
}

/** The Opportunity, its lines and its Account in one query, as a canonical document. */
export async function readDeal(
  conn: Connection,
  opportunityId: string,
  wonStages: readonly string[],
  connection: string = ORG_CONNECTION,
  orgCurrency = 'SEK',
): Promise<DealRead> {
  assertId(opportunityId);
  const f = await orgFeatures(conn);
  const fields = [
    'Id',
    'Name',
    'StageName',
    'IsWon',
    'CloseDate',
    'Amount',
    'Owner.Name',
    ...accountFields(f, 'Account.'),
  ];
  if (f.multiCurrency) fields.push('CurrencyIsoCode');
  if (f.company) fields.push(OPPORTUNITY_INPUT_FIELDS.company);
  const lines =
    '(SELECT Id, ProductCode, Name, Description, Quantity, UnitPrice, Discount, Product2.Name FROM OpportunityLineItems)';
  const result = await conn.query(
    `SELECT ${fields.join(', ')}, ${lines} FROM Opportunity WHERE Id = '${opportunityId}'`,
  );
  if (result.records[0] === undefined)
    return { document: undefined, missing: 'record', active: false, title: opportunityId };
  const opp = opportunitySchema.parse(result.records[0]);
  const active = opp.IsWon === true || (opp.StageName !== undefined && wonStages.includes(opp.StageName));
  const title = opp.Name ?? opp.Id;
  const company = opp[OPPORTUNITY_INPUT_FIELDS.company];
  if (!opp.Account) return { document: undefined, missing: 'account', active, title };
  const document: SalesDocument = {
    source: { system: 'salesforce', connection, object: 'Opportunity', id: opp.Id },
    title,
    customer: toCustomer(opp.Account, connection),
    currency: opp.CurrencyIsoCode ?? orgCurrency,
    documentDate: opp.CloseDate ?? new Date().toISOString().slice(0, 10),
    lines: (opp.OpportunityLineItems?.records ?? []).map((line) => ({
      sourceLineId: line.Id,
      ...defined({ productCode: line.ProductCode }),
      description: line.Description ?? line.Product2?.Name ?? line.Name ?? '',
      quantity: line.Quantity ?? Number.NaN,
      unitPrice: line.UnitPrice ?? Number.NaN,
      ...(line.Discount === null || line.Discount === undefined ? {} : { discountPercent: line.Discount }),
    })),
    ...(opp.Amount === null || opp.Amount === undefined ? {} : { expectedNet: opp.Amount }),
    // The deal name identifies it for the customer; it is cut (safely) to Fortnox's 75 characters.
    ...(opp.Name === undefined
      ? {}
      : { yourOrderNumber: opp.Name.length > 75 ? `${opp.Name.slice(0, 74)}…` : opp.Name }),
    ...(opp.Owner?.Name === undefined ? {} : { ourReference: opp.Owner.Name }),
    ...(company === undefined ? {} : { routing: { [OPPORTUNITY_INPUT_FIELDS.company]: company } }),
    active,
  };
  return { document, active, title };
}
