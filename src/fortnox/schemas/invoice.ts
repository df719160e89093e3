import { z } from 'zod';
import { amount, flag, maybeDate, maybeNumber, maybeText, reference, text } from './lenient.ts';

/**
 * Invoices (/3/invoices, reference §4.3, §6). The status fields the poller maps to sync states
 * (Booked, Cancelled, Sent, Balance, FinalPayDate, CreditInvoiceReference…) are always present
 * and typed; DocumentNumber is always a string.
 */

export const InvoiceRowSchema = z.object({
  RowId: maybeNumber,
  ArticleNumber: text,
  Description: text,
  DeliveredQuantity: amount,
  Price: amount,
  Discount: amount,
  DiscountType: maybeText,
  VAT: maybeNumber,
  AccountNumber: maybeNumber,
  Unit: text,
  Total: amount,
  TotalExcludingVAT: amount,
});
export type InvoiceRow = z.output<typeof InvoiceRowSchema>;

const common = {
  DocumentNumber: text,
  CustomerNumber: text,
  CustomerName: text,
  InvoiceDate: maybeDate,
  DueDate: maybeDate,
  Currency: text,
  CurrencyRate: maybeNumber,
  Total: amount,
  Balance: amount,
  Booked: flag,
  Cancelled: flag,
  Sent: flag,
  OCR: text,
  FinalPayDate: maybeDate,
  ExternalInvoiceReference1: text,
  ExternalInvoiceReference2: text,
  InvoiceType: maybeText,
  TermsOfPayment: text,
  VoucherNumber: maybeNumber,
  VoucherSeries: maybeText,
  VoucherYear: maybeNumber,
};

export const InvoiceSchema = z.object({
  ...common,
  YourReference: text,
  OurReference: text,
  YourOrderNumber: text,
  Comments: text,
  Remarks: text,
  Net: amount,
  Gross: amount,
  TotalVAT: amount,
  TotalToPay: amount,
  RoundOff: amount,
  Freight: amount,
  VATIncluded: flag,
  NotCompleted: flag,
  Credit: flag,
  CreditInvoiceReference: reference,
  InvoiceReference: reference,
  OrderReference: reference,
  LastRemindDate: maybeDate,
  Reminders: amount,
  InvoiceRows: z.array(InvoiceRowSchema).default([]),
});
export type Invoice = z.output<typeof InvoiceSchema>;

export const InvoiceListItemSchema = z.object(common);
export type InvoiceListItem = z.output<typeof InvoiceListItemSchema>;

export interface InvoiceRowPayload {
  /** On update: keeps/changes this row; rows not mentioned are removed (reference §4.3). */
  RowId?: number;
  ArticleNumber?: string;
  Description?: string;
  /** The quantity field on invoices; omitting it yields quantity 0 and Total 0. */
  DeliveredQuantity?: number;
  Price?: number;
  Discount?: number;
  DiscountType?: 'AMOUNT' | 'PERCENT';
  /** Percent; must be a rate the tenant has (25, 12, 6, 0). */
  VAT?: number;
  AccountNumber?: number;
  Unit?: string;
  CostCenter?: string;
  Project?: string;
}

/** Header fields invoices and orders share (reference §4.3, §4.5). */
export interface DocumentPayload {
  CustomerNumber?: string;
  Currency?: string;
  /** Max 80 characters; we put the source record id here to find the document again. */
  ExternalInvoiceReference1?: string;
  ExternalInvoiceReference2?: string;
  YourReference?: string;
  OurReference?: string;
  YourOrderNumber?: string;
  Comments?: string;
  Remarks?: string;
  TermsOfPayment?: string;
  PriceList?: string;
  Language?: 'SV' | 'EN';
  VATIncluded?: boolean;
  NotCompleted?: boolean;
  Freight?: number;
  AdministrationFee?: number;
  CostCenter?: string;
  Project?: string;
}

export interface InvoicePayload extends DocumentPayload {
  DocumentNumber?: string;
  /**
   * Obsolete since 2021-12-01 (the OpenAPI spec: no effect on invoices created after that); Fortnox
   * builds the periodic summary from the customer's VAT type. Never sent.
   */
  EUQuarterlyReport?: boolean;
  InvoiceDate?: string;
  DueDate?: string;
  CurrencyRate?: number;
  /** Country *name* ("Sverige"), unlike customers' CountryCode. */
  Country?: string;
  InvoiceRows?: InvoiceRowPayload[];
}

export const INVOICE_FILTERS = ['cancelled', 'fullypaid', 'unpaid', 'unpaidoverdue', 'unbooked'] as const;

export interface InvoiceSearch {
  /** One filter at a time (Fortnox refuses combinations). */
  filter?: (typeof INVOICE_FILTERS)[number];
  customerNumber?: string;
  documentNumber?: string;
  externalInvoiceReference1?: string;
  externalInvoiceReference2?: string;
  ocr?: string;
  yourOrderNumber?: string;
  /** Document date range, YYYY-MM-DD, inclusive. */
  fromDate?: string;
  toDate?: string;
  /** Records changed since this instant (sent as Stockholm local time). */
  lastModified?: Date;
  sortBy?: 'customername' | 'customernumber' | 'documentnumber' | 'invoicedate' | 'ocr' | 'total';
  sortOrder?: 'ascending' | 'descending';
}
