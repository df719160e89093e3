/**
 * Canonical documents: what any source (a CRM, a webshop, a subscription system, a cash register)
 * hands to the Fortnox sink. Nothing here is specific to one source or to Fortnox — no field API
 * names, no Fortnox envelopes. Money is in the document currency with two decimals unless a field
 * says öre (vouchers, whose balance is checked exactly).
 *
 * Glossary
 * - source record: the record in the source system a document comes from (a deal, an order, a refund).
 * - source connection: one store, site, org, project or register of a source system, by short key.
 * - sync record: our ledger row for one source record × one document kind × one tenant (sync_records).
 * - tenant: one Fortnox company (its DatabaseNumber / TenantId).
 */

export interface SourceRef {
  /** The adapter's system name ('bigcommerce', 'woocommerce' …). */
  system: string;
  /** The source connection's key (`[a-z0-9-]{1,20}`): which store, site or org. */
  connection: string;
  /** The object type in the source ('order', 'refund', 'customer' …), in the source's own naming. */
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
  /** GLN/EAN for e-invoicing (Peppol): the customer gets invoices electronically. */
  gln?: string;
}

/**
 * What a row is: a product, or what the shop adds around products. A `rounding` row balances öre
 * differences: its unit price is signed, its VAT 0 %, and it books on the tenant's rounding account.
 */
export type LineKind = 'product' | 'shipping' | 'fee' | 'discount' | 'rounding';

export interface Line {
  sourceLineId?: string;
  kind?: LineKind;
  /** The product code (SKU); becomes the Fortnox ArticleNumber. */
  productCode?: string;
  description: string;
  quantity: number;
  /** Per unit in the document currency, excluding VAT — or including it when the document says so. */
  unitPrice: number;
  /** Percent, 0–100. */
  discountPercent?: number;
  /** Percent; when absent the sink's default applies (25 for a plain Swedish company). */
  vatRate?: number;
  /** Fortnox unit code ('st', 'h'); the article's when absent. */
  unit?: string;
  /**
   * The sales account the row books on when the source's rules decide it (a One Stop Shop country's
   * account, linked to that country's VAT code in Fortnox); else the tenant's per VAT type, or the article's.
   */
  salesAccount?: number;
}

/** The Fortnox document a sales document becomes. */
export type DocumentKind = 'invoice' | 'order';

/** Every kind of ledger record: one source record becomes at most one of each kind per tenant. */
export type LedgerKind = 'customer' | DocumentKind | 'credit' | 'voucher' | 'payment' | 'article';
export const LEDGER_KINDS: readonly LedgerKind[] = [
  'customer',
  'invoice',
  'order',
  'credit',
  'voucher',
  'payment',
  'article',
];

/**
 * A product of the source's price list, as the Fortnox article it becomes (objects with role
 * 'article'). The product code is the article number: invoice rows find the article by it.
 */
export interface Article {
  source: SourceRef;
  /** Name shown to people ("the Product ‘Widget’"). */
  title: string;
  /** The product code: the Fortnox ArticleNumber (never changed in Fortnox once created). */
  number: string;
  description: string;
  /** Fortnox unit code ('st', 'h'); left as Fortnox has it when absent. */
  unit?: string;
  /** Percent; the tenant's default VAT rate when absent. */
  vatRate?: number;
  /** The base price in the default price list, excluding VAT; absent: no price is set. */
  price?: number;
  /** `price` includes VAT (a shop whose prices are entered with tax): the sink takes out the article's VAT. */
  priceIncludesVat?: boolean;
  /**
   * Only find the article finance made, never create or change it (a source set to "match"): a missing
   * one needs attention, naming it.
   */
  matchOnly?: boolean;
  /** Inactive products become inactive articles (never deleted). */
  active: boolean;
}

export interface SalesDocument {
  source: SourceRef;
  /** Name shown to people in messages ("the order #1042", "the Opportunity ‘Acme renewal’"). */
  title: string;
  customer: Customer;
  currency: string;
  /** YYYY-MM-DD */
  documentDate: string;
  lines: Line[];
  /** Line prices include VAT (most webshops); Fortnox is told `VATIncluded`. */
  pricesIncludeVat?: boolean;
  /** The amount the source believes the document is worth, excluding VAT (e.g. a deal's Amount). */
  expectedNet?: number;
  /** The total the source charged, VAT included: checked against Fortnox's within the rounding tolerance. */
  expectedTotal?: number;
  /**
   * The source's own tolerance for `expectedTotal` against the total Fortnox computes (a shop's rounding
   * tolerance). Given, a created document beyond it is held — not booked, needs attention — instead of
   * only flagged (the tenant's "flag totals" setting).
   */
  totalTolerance?: number;
  /** The order number the customer knows (YourOrderNumber), e.g. "#1042". */
  yourOrderNumber?: string;
  ourReference?: string;
  yourReference?: string;
  /** Fortnox terms-of-payment code ('0' for paid at purchase, '30'…); the customer's default when absent. */
  termsOfPayment?: string;
  /** Named source fields routing rules may look at (a store, a sales channel, a company picklist). */
  routing?: Record<string, string>;
  /** Whether the source still wants this document (won, not cancelled); false means "undo what we sent". */
  active: boolean;
}

/** Money received against a sales document (a capture, a card payment, a Swish transfer). */
export interface Payment {
  source: SourceRef;
  /** The sales document paid. */
  document: SourceRef;
  /** The source's payment method ('card', 'klarna', 'swish' …): mapped to a Fortnox mode of payment. */
  method: string;
  amount: number;
  currency: string;
  /** YYYY-MM-DD */
  date: string;
  /** The provider's reference (transaction id). */
  reference?: string;
}

/** A refund or credit note against a sales document: its lines, or an amount. */
export interface Credit {
  source: SourceRef;
  /** The sales document credited. */
  original: SourceRef;
  title: string;
  currency: string;
  /** YYYY-MM-DD */
  date: string;
  /** What is credited, line by line (positive quantities) … */
  lines?: Line[];
  /** … or a total amount, VAT included, when the source refunds money without lines. */
  amount?: number;
  pricesIncludeVat?: boolean;
  reason?: string;
}

/** A voucher row in öre, so a day's balance is checked exactly. */
export interface VoucherRow {
  account: number;
  debitOre: number;
  creditOre: number;
  costCenter?: string;
  project?: string;
  /** Fortnox TransactionInformation (≤ 100 characters). */
  text?: string;
}

/** A journal entry (a closed POS day, an SIE verification, a payment event). */
export interface Voucher {
  source: SourceRef;
  title: string;
  /** YYYY-MM-DD: decides the financial year. */
  date: string;
  description: string;
  /** Fortnox voucher series; the tenant's setting when absent. */
  series?: string;
  rows: VoucherRow[];
  /** A deterministic key written into the voucher, by which a retry recognises one already posted. */
  key: string;
  /**
   * The business location (shop, café) whose day this is. A location's day is posted from one input
   * only (a POS API or an SIE file, never both): the sink refuses a second input for the same date.
   */
  location?: string;
}
