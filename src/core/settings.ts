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
  documentKind: z
    .enum(['invoice', 'order'])
    .default('invoice')
    .meta({ title: 'Create in Fortnox', optionLabels: { invoice: 'An invoice draft', order: 'An order' } }),
  /** Bookkeep the invoice right away instead of leaving a draft for finance. */
  bookkeep: z.boolean().default(false).meta({ title: 'Bookkeep invoices at once (instead of leaving drafts)' }),
  /** A product code Fortnox does not know: create the article, or use the default article. */
  missingArticle: z
    .enum(['create', 'default_article'])
    .default('create')
    .meta({
      title: 'Product code unknown in Fortnox',
      optionLabels: { create: 'Create the article in Fortnox', default_article: 'Use the default article' },
    }),
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
  invoiceDate: z
    .enum(['close_date', 'today'])
    .default('close_date')
    .meta({
      title: 'Invoice date',
      optionLabels: {
        close_date: 'The source document’s own date (a deal’s close date)',
        today: 'The day the draft is made',
      },
    }),
  /** Largest difference (in the document currency) between Fortnox's net total and the deal amount before it is flagged. */
  totalTolerance: z.number().min(0).default(1).meta({ title: 'Flag totals differing by more than' }),
  /** A booked invoice whose deal changes: credit it and invoice again, or ask a person. */
  onBookedChange: z
    .enum(['credit_and_reinvoice', 'needs_attention'])
    .default('needs_attention')
    .meta({
      title: 'A booked invoice’s deal changes',
      optionLabels: { credit_and_reinvoice: 'Credit it and invoice again', needs_attention: 'Ask a person' },
    }),
  /** A deal that leaves the won stages: cancel an unbooked draft; credit a booked invoice only if allowed. */
  onUnwon: z
    .enum(['cancel_or_credit', 'cancel_drafts_only', 'needs_attention'])
    .default('cancel_drafts_only')
    .meta({
      title: 'A deal leaves the won stages',
      optionLabels: {
        cancel_or_credit: 'Cancel a draft, credit a booked invoice',
        cancel_drafts_only: 'Cancel a draft; ask a person about a booked invoice',
        needs_attention: 'Ask a person',
      },
    }),
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
  shippingAs: z
    .enum(['row', 'freight'])
    .default('row')
    .meta({ title: 'Shipping becomes', optionLabels: { row: 'An invoice row', freight: 'Fortnox’s freight field' } }),
  /** Article for shipping rows; none: a row with only a description. */
  shippingArticleNumber: z
    .string()
    .min(1)
    .max(50)
    .nullable()
    .default(null)
    .meta({ title: 'Article for shipping rows (empty = a text row)' }),
  /**
   * Source payment method → Fortnox mode of payment and its account, e.g. `card=KORT:1580,swish=SWISH:1930`.
   * Empty by default: which account each method books on is the company's choice, never a guess.
   */
  paymentModes: z
    .string()
    .max(2000)
    .default('')
    .superRefine((text, ctx) => {
      const parsed = parsePaymentModes(text);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    })
    .meta({ title: 'Modes of payment (method=CODE:account, comma separated)' }),
  /** Bookkeep an invoice payment at once (a voucher on the mode of payment's account) instead of leaving it unbooked. */
  bookkeepPayments: z.boolean().default(true).meta({ title: 'Bookkeep invoice payments at once' }),
  /**
   * A refund of an invoice that is still an unbooked draft: wait until finance books it and credit it
   * then, or (full refunds only) cancel the draft. Partial refunds of a draft always wait.
   */
  creditUnbooked: z
    .enum(['wait_for_booking', 'cancel_draft'])
    .default('wait_for_booking')
    .meta({ title: 'A refund of an unbooked draft' }),
  /**
   * A further refund of an invoice Fortnox already credited (the credit action works once per invoice):
   * a new invoice with negative rows naming the original, or ask a person. [unverified practice]
   */
  repeatCredit: z
    .enum(['negative_invoice', 'needs_attention'])
    .default('negative_invoice')
    .meta({ title: 'A second refund of an already credited invoice' }),
  /** Voucher series for POS days and imported vouchers; it must exist and allow manual entry. */
  voucherSeries: z
    .string()
    .regex(/^[A-Za-z0-9]{1,10}$/)
    .default('A')
    .meta({ title: 'Voucher series for POS days and SIE imports (must allow manual entry)' }),
  /** A day whose debits and credits differ by at most this (SEK) is balanced on the rounding account; more is held for review. */
  voucherTolerance: z
    .number()
    .min(0)
    .max(100)
    .default(1)
    .meta({ title: 'Balance a voucher on the rounding account up to (SEK)' }),
  /** Öres- och kronutjämning (BAS 3740). */
  roundingAccount: z
    .number()
    .int()
    .min(1000)
    .max(9999)
    .default(3740)
    .meta({ title: 'Rounding account (öres- och kronutjämning)' }),
  /** Fortnox tenant that receives documents when no routing rule matches; null = the only connected one. */
  defaultTenantId: z
    .string()
    .regex(/^\d+$/)
    .nullable()
    .default(null)
    .meta({ title: 'Default Fortnox tenant (empty = the only connected one)' }),
});

export interface PaymentMode {
  code: string;
  account: number;
}

/**
 * `card=KORT:1580, swish=SWISH:1930` → method → mode of payment; a plain message when malformed.
 * Methods are compared case-insensitively ("Card" and "card" are one method).
 */
export function parsePaymentModes(text: string): Map<string, PaymentMode> | string {
  const modes = new Map<string, PaymentMode>();
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const match = /^([^=:\s]+)\s*=\s*([A-Za-z0-9_-]{1,30})\s*:\s*(\d{4})$/.exec(part);
    if (match === null) return `“${part}” is not a mode of payment: write method=CODE:account, e.g. card=KORT:1580.`;
    const method = match[1]!.toLowerCase();
    if (modes.has(method)) return `The payment method “${method}” is mapped twice.`;
    modes.set(method, { code: match[2]!, account: Number(match[3]) });
  }
  return modes;
}

export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export const DEFAULT_SETTINGS: SyncSettings = syncSettingsSchema.parse({});
