import { countryName } from '../countries.ts';
import { FortnoxError, KNOWN, NOT_FOUND } from '../errors.ts';
import { B, E, given, O, RO, S, type Spec } from '../fields.ts';
import type { ResourceDef } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { type Rec, str } from '../values.ts';
import { blankCustomer as blank } from './customer-blank.ts';

const DELIVERY = E('PRINT', 'EMAIL', 'PRINTSERVICE', 'ELECTRONICINVOICE');
const TEMPLATE = S(30);

const spec: Spec = {
  Active: B,
  Address1: S(1024),
  Address2: S(1024),
  City: S(1024),
  Comments: S(1024),
  CostCenter: S(),
  Country: RO,
  CountryCode: S(2),
  Currency: S(3),
  CustomerNumber: S(50),
  DefaultDeliveryTypes: O({ Invoice: DELIVERY, Order: DELIVERY, Offer: DELIVERY }),
  DefaultTemplates: O({ Order: TEMPLATE, Offer: TEMPLATE, Invoice: TEMPLATE, CashInvoice: TEMPLATE }),
  DeliveryAddress1: S(1024),
  DeliveryAddress2: S(1024),
  DeliveryCity: S(1024),
  DeliveryCountry: RO,
  DeliveryCountryCode: S(2),
  DeliveryFax: S(1024),
  DeliveryName: S(1024),
  DeliveryPhone1: S(1024),
  DeliveryPhone2: S(1024),
  DeliveryZipCode: S(10),
  Email: S(1024),
  EmailInvoice: S(1024),
  EmailInvoiceBCC: S(1024),
  EmailInvoiceCC: S(1024),
  EmailOffer: S(1024),
  EmailOfferBCC: S(1024),
  EmailOfferCC: S(1024),
  EmailOrder: S(1024),
  EmailOrderBCC: S(1024),
  EmailOrderCC: S(1024),
  ExternalReference: S(80),
  Fax: S(1024),
  GLN: S(13),
  GLNDelivery: S(13),
  InvoiceAdministrationFee: S(),
  InvoiceDiscount: S(),
  InvoiceFreight: S(),
  InvoiceRemark: S(1024),
  Name: S(1024),
  OrganisationNumber: S(30),
  OurReference: S(50),
  Phone1: S(1024),
  Phone2: S(1024),
  PriceList: S(),
  Project: S(),
  SalesAccount: S(4),
  ShowPriceVATIncluded: B,
  TermsOfDelivery: S(),
  TermsOfPayment: S(),
  Type: E('PRIVATE', 'COMPANY'),
  VATNumber: S(),
  VATType: E('SEVAT', 'SEREVERSEDVAT', 'EUREVERSEDVAT', 'EUVAT', 'EXPORT'),
  VisitingAddress: S(128),
  VisitingCity: S(128),
  VisitingCountry: RO,
  VisitingCountryCode: S(2),
  VisitingZipCode: S(10),
  WayOfDelivery: S(),
  WWW: S(128),
  YourReference: S(50),
  ZipCode: S(10),
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function beforeSave(t: Tenant, rec: Rec): void {
  const env = t.env;
  if (!/^[A-Za-z0-9\-+/_]+$/.test(str(rec.CustomerNumber))) {
    throw new FortnoxError(400, KNOWN.badChars.code, `${KNOWN.badChars.message} (${str(rec.CustomerNumber)})`);
  }
  // Country names are derived from the ISO codes; an unknown code is refused [unverified code].
  for (const [codeKey, nameKey] of [
    ['CountryCode', 'Country'],
    ['DeliveryCountryCode', 'DeliveryCountry'],
    ['VisitingCountryCode', 'VisitingCountry'],
  ] as const) {
    const code = str(rec[codeKey]);
    if (code === '') {
      rec[nameKey] = rec[codeKey] === null ? null : '';
      continue;
    }
    const name = countryName(code);
    if (!name) throw env.err('invalidCountry', `${codeKey}: ${code}`);
    rec[codeKey] = code.toUpperCase();
    rec[nameKey] = name;
  }
  for (const k of ['Email', 'EmailInvoice', 'EmailInvoiceCC', 'EmailInvoiceBCC'] as const) {
    if (
      given(rec[k]) &&
      !str(rec[k])
        .split(/[;,]\s*/)
        .every((e) => EMAIL.test(e))
    )
      throw env.err('invalidValue', k);
  }
  if (given(rec.SalesAccount) && !t.accountExists(Number(rec.SalesAccount))) {
    throw new FortnoxError(400, KNOWN.accountMissing.code, `${KNOWN.accountMissing.message} (SalesAccount)`);
  }
  if (given(rec.TermsOfPayment) && !t.termsofpayments.get(str(rec.TermsOfPayment)))
    throw env.err('invalidValue', 'TermsOfPayment');
  if (given(rec.Currency) && !t.currencies.get(str(rec.Currency))) throw env.err('invalidValue', 'Currency');
  if (!given(rec.Name)) throw env.err('required', 'Name');
}

/** List items: nulls become "", Phone1 is answered as `Phone` [VCR customers/all]. */
function listItem(rec: Rec, t: Tenant): Rec {
  const s = (k: string): string => str(rec[k]);
  return {
    '@url': t.env.url(`customers/${encodeURIComponent(s('CustomerNumber'))}`),
    Address1: s('Address1'),
    Address2: s('Address2'),
    City: s('City'),
    CustomerNumber: s('CustomerNumber'),
    Email: s('Email'),
    Name: s('Name'),
    OrganisationNumber: s('OrganisationNumber'),
    Phone: s('Phone1'),
    ZipCode: s('ZipCode'),
  };
}

export const customers: ResourceDef = {
  path: 'customers',
  single: 'Customer',
  plural: 'Customers',
  scope: 'customer',
  table: (t) => t.customers,
  key: 'CustomerNumber',
  spec,
  notFound: NOT_FOUND.customers,
  blank,
  autoNumber: true,
  keyImmutable: true,
  listKeys: [],
  listItem,
  search: {
    ...Object.fromEntries(
      ['customernumber', 'name', 'zipcode', 'city', 'organisationnumber', 'gln', 'glndelivery', 'phone1'].map((p) => [
        p,
        { field: fieldOf(p), how: 'substring' as const },
      ]),
    ),
    phone: { field: 'Phone1', how: 'substring' },
    // `email` searches the customer's Email (ILIKE '%…%', reference §4.1/§5); [unverified] whether it
    // also looks at EmailInvoice — `quirks.emailSearchIncludesInvoiceEmail`.
    email: {
      fn: (rec, v, t) =>
        [rec.Email, ...(t.env.opts.quirks.emailSearchIncludesInvoiceEmail ? [rec.EmailInvoice] : [])].some((e) =>
          str(e).toLowerCase().includes(v.toLowerCase()),
        ),
    },
  },
  filters: { active: (r) => r.Active === true, inactive: (r) => r.Active === false },
  sortable: { customernumber: 'CustomerNumber', name: 'Name' },
  defaultSort: 'CustomerNumber',
  deletable: true,
  beforeSave,
  // Recorded quirk: a PUT/POST answer echoes SalesAccount as a number, a GET as a string
  // [VCR customers/save_new_with_sales_account vs find_with_sales_account, same session].
  serialize: (rec, write) =>
    write && given(rec.SalesAccount) ? { ...rec, SalesAccount: Number(rec.SalesAccount) } : rec,
};

function fieldOf(param: string): string {
  return Object.keys(spec).find((k) => k.toLowerCase() === param) ?? param;
}
