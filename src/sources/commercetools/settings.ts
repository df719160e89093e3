import { z } from 'zod';

/**
 * Settings of one commercetools project connection (the dashboard renders them from this schema).
 * When an order "wants an invoice" is the merchant's choice: by default once it is paid (payment
 * state Paid) or confirmed by the shop (order state Confirmed/Complete).
 */
export const INVOICE_WHEN = ['paid_or_confirmed', 'paid', 'confirmed', 'created'] as const;
export const BOOKKEEPING = ['invoice', 'voucher'] as const;
export type Bookkeeping = (typeof BOOKKEEPING)[number];

/** Every account is checked against the tenant's chart (the voucher pre-flight) before anything is posted. */
const account = z
  .number({ error: 'write a Fortnox account number, e.g. 3001' })
  .int('an account number has no decimals')
  .min(1000, 'an account number has four digits (1000–9999)')
  .max(9999, 'an account number has four digits (1000–9999)');
const maybeAccount = account.nullable();
/** `PROVIDER=ACCOUNT` or `PROVIDER:METHOD=ACCOUNT`; `*` is every other provider. */
const CLEARING = /^(\*|[A-Za-z0-9_.-]{1,40}(:[A-Za-z0-9_.-]{1,40})?)=\d{4}$/;

export const commercetoolsSettingsSchema = z.object({
  invoiceWhen: z.enum(INVOICE_WHEN).default('paid_or_confirmed').meta({
    title: 'When an order becomes a Fortnox invoice',
    description:
      'paid_or_confirmed: payment state Paid or order state Confirmed/Complete; paid: payment state Paid only; confirmed: order state Confirmed/Complete; created: every order at once.',
  }),
  bookkeeping: z.enum(BOOKKEEPING, { error: 'choose invoice or voucher' }).default('invoice').meta({
    title: 'Bookkeeping model',
    description:
      'invoice: an invoice per order, captures as payments, refunds as credit invoices. voucher: a voucher per successful capture or refund (sales per VAT rate, output VAT, the payment provider’s clearing account), for merchants whose invoices live elsewhere. An order keeps the model it was first booked with.',
  }),
  voucherSalesAccounts: z
    .object({ '25': maybeAccount, '12': maybeAccount, '6': maybeAccount, '0': maybeAccount })
    .default({ '25': 3001, '12': 3002, '6': 3003, '0': 3004 })
    .meta({ title: 'Voucher model — sales account per VAT rate (%)' }),
  voucherVatAccounts: z
    .object({ '25': maybeAccount, '12': maybeAccount, '6': maybeAccount })
    .default({ '25': 2611, '12': 2621, '6': 2631 })
    .meta({ title: 'Voucher model — output VAT account per rate (%)' }),
  clearingAccounts: z
    .array(
      z
        .string()
        .regex(
          CLEARING,
          'write PROVIDER=ACCOUNT or PROVIDER:METHOD=ACCOUNT (e.g. STRIPE=1580, KLARNA:invoice=1581, *=1580)',
        ),
    )
    .default(['*=1580'])
    .meta({
      title: 'Voucher model — clearing account per payment provider (PROVIDER[:METHOD]=ACCOUNT, comma separated)',
      description:
        'The account a capture is debited to until the provider pays out, by paymentMethodInfo.paymentInterface (and method); * is every other provider.',
    }),
  voucherSeries: z
    .string()
    .regex(/^[A-Za-z0-9]{1,10}$/, 'a voucher series is 1–10 letters or digits, e.g. A')
    .nullable()
    .default(null)
    .meta({ title: 'Voucher model — voucher series (empty = the tenant’s)' }),
  exportChannelKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{2,256}$/)
    .default('fortnox-sync')
    .meta({
      title: 'OrderExport channel key',
      description: 'The commercetools channel (role OrderExport) the Fortnox number is written to; created if missing.',
    }),
  customTypeKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{2,256}$/)
    .nullable()
    .default(null)
    .meta({
      title: 'Order type for the Fortnox status (optional)',
      description:
        'Key of an order custom Type holding the String fields fortnoxNumber, fortnoxStatus and fortnoxError; created if missing and set on orders without a type. Empty: only the Fortnox number is written (syncInfo).',
    }),
  locale: z.string().min(2).default('sv').meta({
    title: 'Language of product names',
    description: 'The locale whose line item name becomes the row text (falls back to en, then any).',
  }),
});

export type CommercetoolsSettings = z.infer<typeof commercetoolsSettingsSchema>;

/** The clearing account of a payment: `PROVIDER:METHOD`, then `PROVIDER`, then `*` (case ignored). */
export function clearingAccount(list: readonly string[], provider: string, method: string): number | undefined {
  const map = new Map(
    list.map((p) => [p.slice(0, p.lastIndexOf('=')).toUpperCase(), Number(p.slice(p.lastIndexOf('=') + 1))]),
  );
  const wanted = [`${provider}:${method}`.toUpperCase(), provider.toUpperCase(), '*'];
  for (const key of wanted) {
    const found = map.get(key);
    if (found !== undefined) return found;
  }
  return undefined;
}
