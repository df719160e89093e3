import { z } from 'zod';
import { flag, maybeNumber, maybeText, text } from './lenient.ts';

/**
 * Customers (/3/customers, reference §4.1). The schema keeps the fields the sync reads; unknown
 * fields are dropped, missing ones default, so a list item (a subset) and a full GET share types.
 */

export const VAT_TYPES = ['SEVAT', 'SEREVERSEDVAT', 'EUREVERSEDVAT', 'EUVAT', 'EXPORT'] as const;
export type VatType = (typeof VAT_TYPES)[number];

export const CustomerSchema = z.object({
  CustomerNumber: text,
  Name: text,
  OrganisationNumber: text,
  Email: text,
  EmailInvoice: text,
  Active: flag.default(true),
  Address1: text,
  Address2: text,
  ZipCode: text,
  City: text,
  CountryCode: text,
  Country: text,
  Currency: text,
  Phone1: text,
  Type: maybeText,
  VATType: maybeText,
  VATNumber: text,
  TermsOfPayment: text,
  PriceList: text,
  YourReference: text,
  OurReference: text,
  ExternalReference: text,
  SalesAccount: maybeNumber,
});
export type Customer = z.output<typeof CustomerSchema>;

/** List items carry `Phone` (not Phone1) and only a handful of fields (reference §4.1). */
export const CustomerListItemSchema = z.object({
  CustomerNumber: text,
  Name: text,
  OrganisationNumber: text,
  Email: text,
  Address1: text,
  Address2: text,
  ZipCode: text,
  City: text,
  Phone: text,
});
export type CustomerListItem = z.output<typeof CustomerListItemSchema>;

/** What we send on create/update. PUT is partial: only given fields change; "API_BLANK" clears. */
export interface CustomerPayload {
  CustomerNumber?: string;
  Name?: string;
  OrganisationNumber?: string;
  Type?: 'COMPANY' | 'PRIVATE';
  Email?: string;
  EmailInvoice?: string;
  Address1?: string;
  Address2?: string;
  ZipCode?: string;
  City?: string;
  /** ISO 3166 alpha-2; Fortnox derives the country name. */
  CountryCode?: string;
  Currency?: string;
  Phone1?: string;
  WWW?: string;
  VATType?: VatType;
  VATNumber?: string;
  TermsOfPayment?: string;
  PriceList?: string;
  YourReference?: string;
  OurReference?: string;
  ExternalReference?: string;
  SalesAccount?: number;
  Active?: boolean;
  Comments?: string;
  DeliveryAddress1?: string;
  DeliveryAddress2?: string;
  DeliveryCity?: string;
  DeliveryZipCode?: string;
  DeliveryCountryCode?: string;
  DeliveryName?: string;
}

/** Search parameters of GET /3/customers (each a case-insensitive substring match on Fortnox). */
export interface CustomerSearch {
  customerNumber?: string;
  name?: string;
  email?: string;
  organisationNumber?: string;
  zipCode?: string;
  city?: string;
  phone?: string;
  filter?: 'active' | 'inactive';
  lastModified?: Date;
  sortBy?: 'customernumber' | 'name';
}
