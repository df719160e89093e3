import { z } from 'zod';

/**
 * Mapping rules and switches, stored in Postgres (`settings`, edited in the dashboard) and merged over
 * these defaults. The defaults suit a plain Swedish company: SEK, 25 % VAT, drafts left for finance.
 */
export const syncSettingsSchema = z.object({
  /** Opportunity stages that mean "won" (besides IsWon becoming true). */
  wonStages: z.array(z.string().min(1)).min(1).default(['Closed Won']),
  /** Order in which an existing Fortnox customer is looked for before one is created. */
  customerMatchOrder: z
    .array(z.enum(['customer_number', 'organisation_number', 'email']))
    .default(['customer_number', 'organisation_number', 'email']),
  /**
   * Several source records (Accounts) may resolve to one Fortnox customer on purpose; then only the
   * first one linked updates it. Off: a second record matching a linked customer needs a person.
   */
  shareCustomers: z.boolean().default(false),
  /** Create a Fortnox invoice (default) or an order. */
  documentKind: z.enum(['invoice', 'order']).default('invoice'),
  /** Bookkeep the invoice right away instead of leaving a draft for finance. */
  bookkeep: z.boolean().default(false),
  /** A product code Fortnox does not know: create the article, or use the default article. */
  missingArticle: z.enum(['create', 'default_article']).default('create'),
  /** Article for lines without a product code and for deals without lines; none by default. */
  defaultArticleNumber: z.string().min(1).max(50).nullable().default(null),
  /** VAT rate for products that state none. */
  defaultVatRate: z.union([z.literal(25), z.literal(12), z.literal(6), z.literal(0)]).default(25),
  /** Invoice date: the Opportunity's close date, or the day the draft is created. */
  invoiceDate: z.enum(['close_date', 'today']).default('close_date'),
  /** Largest difference (in the document currency) between Fortnox's net total and the deal amount before it is flagged. */
  totalTolerance: z.number().min(0).default(1),
  /** A booked invoice whose deal changes: credit it and invoice again, or ask a person. */
  onBookedChange: z.enum(['credit_and_reinvoice', 'needs_attention']).default('needs_attention'),
  /** A deal that leaves the won stages: cancel an unbooked draft; credit a booked invoice only if allowed. */
  onUnwon: z.enum(['cancel_or_credit', 'cancel_drafts_only', 'needs_attention']).default('cancel_drafts_only'),
  /** Fortnox tenant that receives documents when no routing rule matches; null = the only connected one. */
  defaultTenantId: z.string().regex(/^\d+$/).nullable().default(null),
});

export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export const DEFAULT_SETTINGS: SyncSettings = syncSettingsSchema.parse({});
