import type { DocumentKind } from '../core/documents.ts';
import type { CustomerPayload } from '../fortnox/index.ts';
import type { ArticlePort } from './article-port.ts';
import type { VoucherPort } from './voucher-port.ts';

export type { DocumentKind };

/**
 * What the sync engine needs from Fortnox, in Fortnox's own field names but nothing about HTTP,
 * tokens or limits. `src/sink/fortnox-adapter.ts` implements it over the Fortnox client; the engine
 * never sees a URL.
 */

/** What we send for a customer: Fortnox's own payload, with the fields we always decide. */
export type FortnoxCustomerFields = CustomerPayload & Required<Pick<CustomerPayload, 'Name' | 'Type' | 'VATType'>>;

export interface FortnoxCustomerRecord extends Partial<FortnoxCustomerFields> {
  CustomerNumber: string;
  Name: string;
}

export interface FortnoxRow {
  ArticleNumber?: string;
  Description: string;
  /** Invoices call the quantity DeliveredQuantity; orders use OrderedQuantity too (the adapter copies it). */
  DeliveredQuantity: number;
  Price: number;
  Discount?: number;
  DiscountType?: 'PERCENT';
  VAT: number;
  /** The sales account, when the tenant's settings choose one for the customer's VAT type. */
  AccountNumber?: number;
  Unit?: string;
}

export interface FortnoxDocumentFields {
  CustomerNumber: string;
  Currency: string;
  /** InvoiceDate or OrderDate, by document kind. */
  DocumentDate: string;
  ExternalInvoiceReference1: string;
  YourOrderNumber?: string;
  OurReference?: string;
  YourReference?: string;
  TermsOfPayment?: string;
  VATIncluded?: boolean;
  Freight?: number;
  /** A credit's own source reference (credit invoices keep the original's ExternalInvoiceReference1). */
  ExternalInvoiceReference2?: string;
  /** Invoice text printed on the document ("Kreditering av faktura 12"). */
  Remarks?: string;
  Rows: FortnoxRow[];
}

export interface FortnoxDocumentRecord {
  DocumentNumber: string;
  ExternalInvoiceReference1: string;
  CustomerNumber: string;
  Currency: string;
  /** Net total excluding VAT; null where Fortnox does not report it (orders). */
  Net: number | null;
  Total: number;
  /** Fortnox's öresavrundning inside `Total` (Total = rows + VAT + RoundOff); absent where not reported (orders). */
  RoundOff?: number;
  Balance: number;
  Booked: boolean;
  Cancelled: boolean;
  Sent: boolean;
  DueDate: string | null;
  FinalPayDate: string | null;
  /** Number of the credit invoice when this one has been credited. */
  CreditInvoiceReference: string | null;
}

/** One row of an existing invoice, as a credit needs it (RowId to keep or change it). */
export interface FortnoxInvoiceRow extends FortnoxRow {
  RowId: number | null;
}

/** An invoice with what credits and payments look at: rows, credit links, the second reference. */
export interface FortnoxInvoiceDetail extends FortnoxDocumentRecord {
  Credit: boolean;
  /** On a credit invoice: the invoice it credits. */
  InvoiceReference: string | null;
  ExternalInvoiceReference2: string;
  VATIncluded: boolean;
  Freight: number;
  Rows: FortnoxInvoiceRow[];
}

/** What may change on an unbooked invoice (a credit invoice's rows and reference). */
export interface FortnoxInvoiceChanges {
  ExternalInvoiceReference2?: string;
  Remarks?: string;
  VATIncluded?: boolean;
  Freight?: number;
  Rows?: (Partial<FortnoxRow> & { RowId?: number })[];
}

export interface FortnoxPaymentFields {
  InvoiceNumber: number;
  /** In SEK (SEK invoices). */
  Amount?: number;
  /** In the invoice currency (foreign-currency invoices). */
  AmountCurrency?: number;
  PaymentDate: string;
  ModeOfPayment: string;
  ModeOfPaymentAccount: number;
}

export interface FortnoxPaymentRecord {
  Number: string;
  InvoiceNumber: string;
  Amount: number;
  AmountCurrency: number | null;
  Currency: string;
  PaymentDate: string | null;
  ModeOfPayment: string;
  Booked: boolean;
}

export interface FortnoxPort {
  enabledCurrencies(): Promise<string[]>;
  getCustomer(customerNumber: string): Promise<FortnoxCustomerRecord | undefined>;
  /** Exact matches only (Fortnox search is substring; the adapter filters). */
  findCustomersByOrganisationNumber(organisationNumber: string): Promise<FortnoxCustomerRecord[]>;
  findCustomersByEmail(email: string): Promise<FortnoxCustomerRecord[]>;
  findCustomersByName(name: string): Promise<FortnoxCustomerRecord[]>;
  createCustomer(fields: FortnoxCustomerFields): Promise<FortnoxCustomerRecord>;
  updateCustomer(customerNumber: string, fields: Partial<FortnoxCustomerFields>): Promise<FortnoxCustomerRecord>;
  articleExists(articleNumber: string): Promise<boolean>;
  createArticle(article: { ArticleNumber: string; Description: string; VAT?: number }): Promise<void>;
  createDocument(kind: DocumentKind, fields: FortnoxDocumentFields): Promise<FortnoxDocumentRecord>;
  getDocument(kind: DocumentKind, documentNumber: string): Promise<FortnoxDocumentRecord | undefined>;
  /** Exact ExternalInvoiceReference1 match; only live documents (not cancelled, not credited, not credit notes). */
  findDocumentsByReference(kind: DocumentKind, reference: string): Promise<FortnoxDocumentRecord[]>;
  updateDocument(
    kind: DocumentKind,
    documentNumber: string,
    fields: FortnoxDocumentFields,
  ): Promise<FortnoxDocumentRecord>;
  cancelDocument(kind: DocumentKind, documentNumber: string): Promise<FortnoxDocumentRecord>;
  /** Credits a booked invoice; answers the original, whose CreditInvoiceReference names the credit. */
  creditInvoice(documentNumber: string): Promise<FortnoxDocumentRecord>;
  bookkeepInvoice(documentNumber: string): Promise<FortnoxDocumentRecord>;
  getInvoice(documentNumber: string): Promise<FortnoxInvoiceDetail | undefined>;
  /** Exact ExternalInvoiceReference2 match, credit invoices included, cancelled ones not. */
  findInvoicesByReference2(reference: string): Promise<FortnoxInvoiceDetail[]>;
  updateInvoice(documentNumber: string, changes: FortnoxInvoiceChanges): Promise<FortnoxInvoiceDetail>;
  /** Payments registered on one invoice (full records). */
  invoicePayments(invoiceNumber: string): Promise<FortnoxPaymentRecord[]>;
  createInvoicePayment(fields: FortnoxPaymentFields): Promise<FortnoxPaymentRecord>;
  bookkeepInvoicePayment(number: string): Promise<FortnoxPaymentRecord>;
  /** The company's modes of payment codes (`/3/modesofpayments`). */
  modesOfPayment(): Promise<{ Code: string; AccountNumber: number | null }[]>;
  /** Vouchers and the bookkeeping frame they are checked against (src/sink/voucher-port.ts). */
  vouchers: VoucherPort;
  /** Articles and their price-list prices, for the product sync (src/sink/article-port.ts). */
  articles: ArticlePort;
}
