import { z } from 'zod';

/**
 * Settings of one Lightspeed K-Series business location (a connection): which Fortnox accounts its
 * day lands on. The defaults are BAS accounts a Swedish café or shop commonly uses; every mapping is
 * checked against the tenant's chart by the voucher pre-flight before a day is posted.
 */
const account = z.number().int().min(1000).max(9999);
const maybeAccount = account.nullable();
/** `CODE=ACCOUNT` pairs: the dashboard edits them as one comma-separated line ("CASH=1910, CARD=1580"). */
const pairs = z.array(z.string().regex(/^[A-Za-z0-9_-]{1,40}=\d{4}$/, 'write CODE=ACCOUNT, e.g. CASH=1910'));

export const lightspeedSettingsSchema = z.object({
  /** The K-Series business location id (`blID`) this connection reads. */
  businessLocationId: z.number().int().positive().meta({ title: 'Business location id (blID)' }),
  /** The shop as the books know it; a location is fed by one input only (this or SIE files). Default: the connection key. */
  location: z.string().min(1).max(40).nullable().default(null).meta({ title: 'Location name for the books' }),
  /** Sales (net) per VAT rate. */
  salesAccounts: z
    .object({ '25': maybeAccount, '12': maybeAccount, '6': maybeAccount, '0': maybeAccount })
    .default({ '25': 3001, '12': 3002, '6': 3003, '0': 3004 })
    .meta({ title: 'Sales account per VAT rate (%)' }),
  /** Sales per accounting group code (SERV, FOOD …) instead of per VAT rate, where set. */
  groupAccounts: pairs
    .default([])
    .meta({ title: 'Sales account per accounting group (GROUP=ACCOUNT, comma separated)' }),
  /** Output VAT per rate (2611/2621/2631). */
  vatAccounts: z
    .object({ '25': maybeAccount, '12': maybeAccount, '6': maybeAccount })
    .default({ '25': 2611, '12': 2621, '6': 2631 })
    .meta({ title: 'Output VAT account per rate (%)' }),
  /** Payment method code → the account the money (or the claim) is on. */
  paymentAccounts: pairs
    .default(['CASH=1910', 'CARD=1580', 'SWISH=1930', 'GIFTCARD=2421', 'INVOICE=1510'])
    .meta({ title: 'Account per payment method (CODE=ACCOUNT, comma separated)' }),
  /**
   * Sales on account (payments of type ACCOUNTS_RECEIVABLE): a Fortnox customer invoice (or order,
   * the tenant's document setting) per sale, left out of the day voucher; or, for merchants who
   * invoice from elsewhere, a receivable row on the INVOICE method's account in the day voucher.
   */
  onAccount: z
    .enum(['invoice', 'receivable'])
    .default('invoice')
    .meta({ title: 'Sales on account become (invoice = a Fortnox invoice per sale; receivable = a row in the day)' }),
  /** Discounts (line and staff discounts, VAT excluded) debited here; empty = sales are booked net of discounts. */
  discountAccount: maybeAccount
    .default(null)
    .meta({ title: 'Discount account, e.g. 3731 (empty = sales net of discounts)' }),
  /** Tips paid with a card or Swish are owed to the staff. */
  tipAccount: account.default(2890).meta({ title: 'Tips account' }),
  /** Cash rounding (`roundingAmount`). */
  roundingAccount: account.default(3740).meta({ title: 'Cash rounding account' }),
  /** Cost centre on the sales and rounding rows; none by default. */
  costCenter: z.string().min(1).max(6).nullable().default(null).meta({ title: 'Cost centre (empty = none)' }),
  /** Voucher series for this location; the tenant's when empty. */
  voucherSeries: z
    .string()
    .regex(/^[A-Za-z0-9]{1,10}$/)
    .nullable()
    .default(null)
    .meta({ title: 'Voucher series (empty = the tenant’s)' }),
  /** First business day to post (earlier days are the old system's); the poll looks this far back at most. */
  startDate: z.iso.date().nullable().default(null).meta({ title: 'First day to post (YYYY-MM-DD)' }),
  /** Days looked at on every poll, so a late change to a posted day becomes a correction. */
  lookbackDays: z.number().int().min(1).max(62).default(7).meta({ title: 'Days re-read on every poll' }),
});

export type LightspeedSettings = z.infer<typeof lightspeedSettingsSchema>;

/** `["CASH=1910", …]` → CASH → 1910. */
export function pairMap(list: readonly string[]): Map<string, number> {
  return new Map(list.map((p) => [p.slice(0, p.indexOf('=')), Number(p.slice(p.indexOf('=') + 1))]));
}

/** A rate's account from a per-rate object ("25", "12" …), undefined when unmapped. */
export function rateAccount(map: Record<string, number | null>, rate: string | undefined): number | undefined {
  return rate === undefined ? undefined : (map[rate] ?? undefined);
}

/** What the connection stores, encrypted: the OAuth pair (the refresh token is single use). */
export const lightspeedCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Epoch ms. */
  expiresAt: z.number(),
});
export type LightspeedCredentials = z.infer<typeof lightspeedCredentialsSchema>;

export const lightspeedConfigSchema = z.object({
  /** `https://api.lsk.lightspeed.app` (production), `https://api.trial.lsk.lightspeed.app` (trial) or the emulator. */
  LIGHTSPEED_API_URL: z.url().default('http://127.0.0.1:8097'),
  LIGHTSPEED_CLIENT_ID: z.string().min(1).default('demo-lightspeed-client'),
  LIGHTSPEED_CLIENT_SECRET: z.string().min(1).default('demo-lightspeed-secret'),
  /** How often the worker looks for closed days. */
  LIGHTSPEED_POLL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
});
export type LightspeedConfig = z.infer<typeof lightspeedConfigSchema>;
