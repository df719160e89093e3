import { addDays, stockholmDate } from '../clock.ts';
import { isCountryName } from '../countries.ts';
import { FortnoxError, KNOWN } from '../errors.ts';
import { B, D, E, given, N, O, S, type Spec } from '../fields.ts';
import type { SearchMatch } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { isRec, type Json, num, type Rec, str } from '../values.ts';

/** Writable fields shared by invoices and orders (lengths per OAS, reference §4.3). */
export const documentSpec: Spec = {
  AdministrationFee: N(2),
  Address1: S(1024),
  Address2: S(1024),
  City: S(1024),
  Comments: S(1024),
  Country: S(1024),
  CostCenter: S(),
  Currency: S(3),
  CurrencyRate: N(4),
  CurrencyUnit: N(),
  CustomerName: S(1024),
  CustomerNumber: S(50),
  DeliveryAddress1: S(1024),
  DeliveryAddress2: S(1024),
  DeliveryCity: S(1024),
  DeliveryCountry: S(1024),
  DeliveryDate: D,
  DeliveryName: S(1024),
  DeliveryZipCode: S(1024),
  DocumentNumber: S(50),
  EmailInformation: O({
    EmailAddressFrom: S(1024),
    EmailAddressTo: S(1024),
    EmailAddressCC: S(1024),
    EmailAddressBCC: S(1024),
    EmailSubject: S(100),
    EmailBody: S(20000),
  }),
  ExternalInvoiceReference1: S(80),
  ExternalInvoiceReference2: S(80),
  Freight: N(2),
  Language: E('SV', 'EN'),
  NotCompleted: B,
  OurReference: S(50),
  OutboundDate: D,
  Phone1: S(1024),
  Phone2: S(1024),
  PriceList: S(),
  PrintTemplate: S(),
  Project: S(),
  Remarks: S(1024),
  TaxReductionType: E('none', 'rot', 'rut', 'green'),
  TermsOfDelivery: S(),
  TermsOfPayment: S(),
  VATIncluded: B,
  WayOfDelivery: S(),
  YourOrderNumber: S(75),
  YourReference: S(50),
  ZipCode: S(1024),
};

/** Days of a terms-of-payment code: "30" → 30, "21DAYS" → 21, "K"/"AG" → 0. */
export function termDays(code: string): number {
  const m = /^\d+/.exec(code);
  return m ? Number(m[0]) : 0;
}

const orEmpty = (v: Json | undefined): Json => (v === null || v === undefined ? '' : v);

/** The referenced customer must exist (2000204); its details fill what the request left out. */
export function customerFor(t: Tenant, rec: Rec): Rec {
  const customer = t.customers.get(str(rec.CustomerNumber));
  if (!given(rec.CustomerNumber) || !customer) {
    throw new FortnoxError(
      400,
      KNOWN.customerMissing.code,
      `${KNOWN.customerMissing.message} (${str(rec.CustomerNumber)})`,
    );
  }
  return customer;
}

const COPIED = [
  'CustomerName',
  'Address1',
  'Address2',
  'City',
  'ZipCode',
  'Phone1',
  'Phone2',
  'OrganisationNumber',
  'YourReference',
  'OurReference',
  'Currency',
  'PriceList',
  'WayOfDelivery',
  'TermsOfDelivery',
] as const;

/** On create (or a customer change) copy the customer's details unless the request sent them. */
export function copyCustomer(t: Tenant, rec: Rec, payload: Rec, customer: Rec): void {
  for (const k of COPIED) {
    const from = k === 'CustomerName' ? customer.Name : customer[k];
    if (!given(payload[k]) && given(from)) rec[k] = orEmpty(from);
  }
  if (!given(payload.Country)) rec.Country = orEmpty(customer.Country);
  if (!given(payload.TermsOfPayment))
    rec.TermsOfPayment = str(customer.TermsOfPayment) || t.settings.defaultTermsOfPayment;
  if (!given(payload.VATIncluded)) rec.VATIncluded = customer.ShowPriceVATIncluded === true;
  const email = isRec(rec.EmailInformation) ? rec.EmailInformation : {};
  if (!given(email.EmailAddressTo))
    rec.EmailInformation = { ...email, EmailAddressTo: str(customer.EmailInvoice) || str(customer.Email) };
}

/** Dates, country, currency and terms rules shared by invoices and orders. */
export function documentRules(
  t: Tenant,
  rec: Rec,
  payload: Rec,
  dateKey: 'InvoiceDate' | 'OrderDate',
  created: boolean,
): void {
  if (!given(rec[dateKey])) rec[dateKey] = stockholmDate(t.now());
  if (created && !given(payload.OutboundDate)) rec.OutboundDate = rec[dateKey] ?? null;
  for (const k of ['Country', 'DeliveryCountry'] as const) {
    // Documents take a country *name*; Sweden must be "Sverige" [reference §9; VCR save_new_with_country_*].
    if (given(rec[k]) && !isCountryName(str(rec[k]))) throw t.env.err('invalidCountry', `${k}: ${str(rec[k])}`);
  }
  const terms = str(rec.TermsOfPayment);
  if (terms !== '' && !t.termsofpayments.get(terms)) throw t.env.err('invalidValue', `TermsOfPayment: ${terms}`);
  if (!t.currencies.get(str(rec.Currency))) throw t.env.err('invalidValue', `Currency: ${str(rec.Currency)}`);
  if (!given(payload.CurrencyRate) && (created || given(payload.Currency)))
    rec.CurrencyRate = t.currencyRate(str(rec.Currency));
  if (given(rec.Project) && !t.projects.get(str(rec.Project)))
    throw t.env.err('invalidValue', `Project: ${str(rec.Project)}`);
  if (given(rec.CostCenter) && !t.costcenters.get(str(rec.CostCenter)))
    throw t.env.err('invalidValue', `CostCenter: ${str(rec.CostCenter)}`);
}

/** Default DueDate: document date + the terms' days (reference §4.3). */
export function dueDate(rec: Rec, payload: Rec, created: boolean): void {
  const dateChanged = given(payload.InvoiceDate) || given(payload.TermsOfPayment);
  if (!given(payload.DueDate) && (created || dateChanged)) {
    rec.DueDate = addDays(str(rec.InvoiceDate), termDays(str(rec.TermsOfPayment)));
  }
}

const sub = (field: string): SearchMatch => ({ field, how: 'substring' });

const rowsMatch = (rowsKey: string, pick: (row: Rec, value: string) => boolean): SearchMatch => ({
  fn: (rec, value) =>
    (Array.isArray(rec[rowsKey]) ? (rec[rowsKey] as Json[]) : []).some((r) => isRec(r) && pick(r, value)),
});

/** Search parameters shared by invoices and orders [OAS]. */
export function documentSearch(dateKey: string, rowsKey: string): Record<string, SearchMatch> {
  return {
    customername: sub('CustomerName'),
    customernumber: sub('CustomerNumber'),
    documentnumber: sub('DocumentNumber'),
    externalinvoicereference1: sub('ExternalInvoiceReference1'),
    externalinvoicereference2: sub('ExternalInvoiceReference2'),
    ourreference: sub('OurReference'),
    yourreference: sub('YourReference'),
    yourordernumber: sub('YourOrderNumber'),
    project: sub('Project'),
    costcenter: sub('CostCenter'),
    currency: { field: 'Currency', how: 'exact' },
    sent: { field: 'Sent', how: 'bool' },
    notcompleted: { field: 'NotCompleted', how: 'bool' },
    label: { fn: (rec, v) => JSON.stringify(rec.Labels ?? []).includes(`"Id":${Number(v)}`) },
    fromdate: { fn: (rec, v) => str(rec[dateKey]) >= v },
    todate: { fn: (rec, v) => str(rec[dateKey]) <= v },
    articlenumber: rowsMatch(rowsKey, (r, v) => str(r.ArticleNumber).toLowerCase().includes(v.toLowerCase())),
    articledescription: rowsMatch(rowsKey, (r, v) => str(r.Description).toLowerCase().includes(v.toLowerCase())),
    accountnumberfrom: rowsMatch(rowsKey, (r, v) => num(r.AccountNumber) >= Number(v)),
    accountnumberto: rowsMatch(rowsKey, (r, v) => num(r.AccountNumber) <= Number(v)),
  };
}
