/**
 * The Fortnox client's public surface. Everything Fortnox-specific lives in this folder; jobs and
 * routes import from here only and never build a URL (aesthetics P1).
 *
 * - `createFortnox({ pool, config, logger })` once per process, then `.client(tenantId)` per job.
 * - Resources: `client.customers`, `.articles`, `.invoices`, `.invoicePayments`, `.orders`, `.settings`,
 *   `.vouchers` (vouchers, financial years, voucher series, locked period, cost centres).
 * - Errors: every failure is one of the classes below (all AppError); `isAmbiguous(err)` says a
 *   write may have happened (search by ExternalInvoiceReference1 before creating again).
 */

export { FortnoxConnector, OAuthStateError, signState, verifyState } from './auth/connect.ts';
export { type ConnectionKind, readConnection, type StoredConnection, saveConnection } from './auth/connections.ts';
export { FortnoxOAuth, type TokenSet, tenantIdOfAccessToken } from './auth/oauth.ts';
export { ConnectionTokens, type TokenSource } from './auth/token-provider.ts';
export { createFortnox, Fortnox, FortnoxClient, type FortnoxOptions } from './client.ts';
export { explainFortnoxCode, FORTNOX_ERROR_CODES, type KnownFortnoxCode } from './error-codes.ts';
export { fortnoxErrorFromNetwork, fortnoxErrorFromResponse, parseRetryAfter } from './error-factory.ts';
export {
  connectionRevokedError,
  FortnoxAuthError,
  FortnoxError,
  FortnoxNotFoundError,
  FortnoxRateLimitError,
  FortnoxResponseError,
  FortnoxUnavailableError,
  FortnoxValidationError,
  isAmbiguous,
  isFortnoxError,
  notConnectedError,
} from './errors.ts';
export type { CallOptions } from './http.ts';
export { formatLastModified, type ListOptions, MAX_PAGE_SIZE } from './listing.ts';
export { PostgresRateLimiter, type RateLimiter, type RateSlot, unlimited } from './rate-limiter.ts';
export type { Customer, CustomerListItem, CustomerPayload, CustomerSearch, VatType } from './schemas/customer.ts';
export type {
  Invoice,
  InvoiceListItem,
  InvoicePayload,
  InvoiceRow,
  InvoiceRowPayload,
  InvoiceSearch,
} from './schemas/invoice.ts';
export type {
  InvoicePayment,
  InvoicePaymentPayload,
  Order,
  OrderPayload,
  OrderRowPayload,
  OrderSearch,
} from './schemas/order-payment.ts';
export type {
  Account,
  Article,
  ArticlePayload,
  ArticleSearch,
  CompanyInformation,
  Currency,
  TermsOfPayment,
} from './schemas/reference-data.ts';
export type {
  CostCenter,
  FinancialYear,
  FortnoxVoucher,
  FortnoxVoucherListItem,
  VoucherPayload,
  VoucherRowPayload,
  VoucherSeries,
} from './schemas/voucher.ts';
