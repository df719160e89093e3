import type { DocumentKind } from '../core/documents.ts';
import type { CustomerPayload } from '../fortnox/index.ts';

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
  Balance: number;
  Booked: boolean;
  Cancelled: boolean;
  Sent: boolean;
  DueDate: string | null;
  FinalPayDate: string | null;
  /** Number of the credit invoice when this one has been credited. */
  CreditInvoiceReference: string | null;
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
}
