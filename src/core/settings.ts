import { z } from 'zod';

/**
 * Mapping rules and switches, stored in Postgres (`settings`, edited in the dashboard) and merged over
 * these defaults. The defaults suit a plain Swedish company: SEK, 25 % VAT, drafts left for finance.
 */
const salesAccount = z.number().int().min(1000).max(9999).nullable();

export const syncSettingsSchema = z.object({
  /** Order in which an existing Fortnox customer is looked for before one is created. */
  customerMatchOrder: z
    .array(z.enum(['customer_number', 'organisation_number', 'email']))
    .default(['customer_number', 'organisation_number', 'email'])
    .meta({ title: 'Match customers by (comma separated)' }),
  /**
   * Several source records (customers) may resolve to one Fortnox customer on purpose; then only the
   * first one linked updates it. Off: a second record matching a linked customer needs a person.
   */
  shareCustomers: z
    .boolean()
    .default(false)
    .meta({ title: 'Several source records may share one Fortnox customer (only the first linked updates it)' }),
  /** Create a Fortnox invoice (default) or an order. */
  documentKind: z.enum(['invoice', 'order']).default('invoice').meta({ title: 'Create in Fortnox' }),
  /** Bookkeep the invoice right away instead of leaving a draft for finance. */
  bookkeep: z.boolean().default(false).meta({ title: 'Bookkeep invoices at once (instead of leaving drafts)' }),
  /** A product code Fortnox does not know: create the article, or use the default article. */
  missingArticle: z
    .enum(['create', 'default_article'])
    .default('create')
    .meta({ title: 'Product code unknown in Fortnox' }),
  /** Article for lines without a product code and for deals without lines; none by default. */
  defaultArticleNumber: z
    .string()
    .min(1)
    .max(50)
    .nullable()
    .default(null)
    .meta({ title: 'Default article (empty = none)' }),
  /** VAT rate for products that state none. */
  defaultVatRate: z
    .union([z.literal(25), z.literal(12), z.literal(6), z.literal(0)])
    .default(25)
    .meta({ title: 'VAT % for products without one' }),
  /** Invoice date: the source document's own date (a deal's close date, an order's date), or the day the draft is created. */
  invoiceDate: z.enum(['close_date', 'today']).default('close_date').meta({ title: 'Invoice date' }),
  /** Largest difference (in the document currency) between Fortnox's net total and the deal amount before it is flagged. */
  totalTolerance: z.number().min(0).default(1).meta({ title: 'Flag totals differing by more than' }),
  /** A booked invoice whose deal changes: credit it and invoice again, or ask a person. */
  onBookedChange: z
    .enum(['credit_and_reinvoice', 'needs_attention'])
    .default('needs_attention')
    .meta({ title: 'A booked invoice’s deal changes' }),
  /** A deal that leaves the won stages: cancel an unbooked draft; credit a booked invoice only if allowed. */
  onUnwon: z
    .enum(['cancel_or_credit', 'cancel_drafts_only', 'needs_attention'])
    .default('cancel_drafts_only')
    .meta({ title: 'A deal leaves the won stages' }),
  /**
   * Sales account per customer VAT type, sent on every row; null lets Fortnox choose from the
   * article's accounts (SalesAccount, EUAccount, EUVATAccount, ExportAccount) and its predefined ones.
   */
  salesAccounts: z
    .object({
      SEVAT: salesAccount,
      EUREVERSEDVAT: salesAccount,
      EUVAT: salesAccount,
      EXPORT: salesAccount,
    })
    .default({ SEVAT: null, EUREVERSEDVAT: null, EUVAT: null, EXPORT: null })
    .meta({ title: 'Sales account per VAT type (empty = the article’s own)' }),
  /** Shipping as rows (on the shipping article, or as a text row) or as the document's Freight. */
  shippingAs: z.enum(['row', 'freight']).default('row').meta({ title: 'Shipping becomes' }),
  /** Article for shipping rows; none: a row with only a description. */
  shippingArticleNumber: z
    .string()
    .min(1)
    .max(50)
    .nullable()
    .default(null)
    .meta({ title: 'Article for shipping rows (empty = a text row)' }),
  /** Fortnox tenant that receives documents when no routing rule matches; null = the only connected one. */
  defaultTenantId: z
    .string()
    .regex(/^\d+$/)
    .nullable()
    .default(null)
    .meta({ title: 'Default Fortnox tenant (empty = the only connected one)' }),
});

export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export const DEFAULT_SETTINGS: SyncSettings = syncSettingsSchema.parse({});
