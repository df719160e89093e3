import { z } from 'zod';
import { amount, flag, maybeDate, maybeNumber, maybeText, text } from './lenient.ts';

/**
 * The tenant's reference data the sync reads or creates: articles, accounts, currencies, terms of
 * payment and company information (reference §4.2, §4.7, §4.8).
 */

export const ArticleSchema = z.object({
  ArticleNumber: text,
  Description: text,
  Active: flag.default(true),
  Type: maybeText,
  Unit: text,
  /** Price in the default price list; null when none (set prices via /3/prices). */
  SalesPrice: maybeNumber,
  PurchasePrice: maybeNumber,
  SalesAccount: maybeNumber,
  VAT: maybeNumber,
  EAN: text,
  QuantityInStock: amount,
});
export type Article = z.output<typeof ArticleSchema>;

export interface ArticlePayload {
  ArticleNumber?: string;
  Description?: string;
  Type?: 'STOCK' | 'SERVICE';
  Unit?: string;
  SalesAccount?: number;
  PurchasePrice?: number;
  EAN?: string;
  Active?: boolean;
  StockGoods?: boolean;
  Note?: string;
}

/** One price of an article in a price list from a quantity (`/3/prices`, reference §4.2). */
export const PriceSchema = z.object({
  ArticleNumber: text,
  PriceList: text,
  FromQuantity: amount,
  Price: amount,
});
export type Price = z.output<typeof PriceSchema>;

export interface ArticleSearch {
  articleNumber?: string;
  description?: string;
  ean?: string;
  filter?: 'active' | 'inactive';
  lastModified?: Date;
}

export const AccountSchema = z.object({
  Number: amount,
  Description: text,
  Active: flag.default(true),
  VATCode: maybeText,
  Year: maybeNumber,
});
export type Account = z.output<typeof AccountSchema>;

export const CurrencySchema = z.object({
  Code: text,
  Description: text,
  BuyRate: maybeNumber,
  SellRate: maybeNumber,
  Unit: maybeNumber,
  Date: maybeDate,
  IsAutomatic: flag,
});
export type Currency = z.output<typeof CurrencySchema>;

export const TermsOfPaymentSchema = z.object({
  Code: text,
  Description: text,
});
export type TermsOfPayment = z.output<typeof TermsOfPaymentSchema>;

export const ModeOfPaymentSchema = z.object({
  Code: text,
  Description: text,
  AccountNumber: maybeNumber,
});
export type ModeOfPayment = z.output<typeof ModeOfPaymentSchema>;

/** Note `OrganizationNumber` with a z here, and DatabaseNumber = the tenant id (reference §4.8). */
export const CompanyInformationSchema = z.object({
  CompanyName: text,
  OrganizationNumber: text,
  DatabaseNumber: text,
  Address: text,
  ZipCode: text,
  City: text,
  CountryCode: text,
});
export type CompanyInformation = z.output<typeof CompanyInformationSchema>;
