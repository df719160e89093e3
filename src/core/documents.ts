/**
 * Canonical documents: what any source (Salesforce today; webshops, POS later) hands to the Fortnox
 * sink. Nothing here is Salesforce- or Fortnox-specific — no field API names, no Fortnox envelopes.
 *
 * Glossary
 * - source record: the record in the source system a document comes from (an Opportunity, an Account).
 * - sync record: our ledger row for one source record × one document kind × one tenant (sync_records).
 * - tenant: one Fortnox company (its DatabaseNumber / TenantId).
 */

export interface SourceRef {
  /** 'salesforce', later 'shopify', 'pos' … */
  system: string;
  /** 'Opportunity', 'Account', 'Order' … */
  object: string;
  id: string;
}

export interface Address {
  street1?: string;
  street2?: string;
  postalCode?: string;
  city?: string;
  /** ISO 3166-1 alpha-2, already normalised (see countries.ts). */
  countryCode?: string;
  /** What the source said, kept for messages when it could not be normalised. */
  countryText?: string;
}

export interface Customer {
  source: SourceRef;
  name: string;
  kind: 'company' | 'private';
  organisationNumber?: string;
  vatNumber?: string;
  email?: string;
  /** Where Fortnox sends this customer's invoices (EmailInvoice); also used to match customers. */
  invoiceEmail?: string;
  phone?: string;
  website?: string;
  billingAddress: Address;
  /** ISO 4217; the customer's default invoice currency. */
  currency?: string;
  /** A customer number the source already knows (stored back after the first sync). */
  knownCustomerNumber?: string;
}

export interface Line {
  sourceLineId?: string;
  /** The product code; becomes the Fortnox ArticleNumber. */
  productCode?: string;
  description: string;
  quantity: number;
  /** Per unit, excluding VAT, in the document currency. */
  unitPrice: number;
  /** Percent, 0–100. */
  discountPercent?: number;
  /** Percent; when absent the sink's default applies (25 for a plain Swedish company). */
  vatRate?: number;
}

export type DocumentKind = 'invoice' | 'order';

export interface SalesDocument {
  source: SourceRef;
  /** Name shown to people in messages ("Opportunity ‘Acme renewal’"). */
  title: string;
  customer: Customer;
  currency: string;
  /** YYYY-MM-DD */
  documentDate: string;
  lines: Line[];
  /** The amount the source believes the document is worth, excluding VAT (e.g. Opportunity Amount). */
  expectedNet?: number;
  yourOrderNumber?: string;
  ourReference?: string;
  yourReference?: string;
  /** Whether the deal is still won/active in the source; false means "undo what we sent". */
  active: boolean;
}
