import { randomBytes } from 'node:crypto';
import type { ErrorDef, UnverifiedError } from './errors.ts';

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  /** Allowed redirect URIs; empty means any (handy for local development). */
  redirectUris?: string[];
  name?: string;
}

/**
 * Behaviours the reference marks [unverified]: each one is a switch so a test can pin the
 * variant it depends on. Defaults are the emulator's best guess (README, "Assumptions").
 */
export interface Quirks {
  /** Unknown JSON properties → 400 2001399 (reference §4.0). Default true. */
  rejectUnknownFields: boolean;
  /** Payments on an unbooked invoice are refused. Default true. */
  paymentRequiresBookedInvoice: boolean;
  /** When a payment lowers the invoice Balance: on registration or on its bookkeep. Default 'create'. */
  paymentAffectsBalanceOn: 'create' | 'bookkeep';
  /** Booking a credit invoice settles the original's Balance (and its own). Default true. */
  creditSettlesOriginal: boolean;
  /** Totals are rounded to whole kronor (öresavrundning), difference in RoundOff. Default true. */
  roundTotals: boolean;
  /** PUT /3/orders/{n}/createinvoice answers with the Order (C# SDKs) or the Invoice (OAS). */
  createInvoiceAnswers: 'order' | 'invoice';
  /** Access tokens keep working until expiry after their consent is revoked. Default true. */
  accessTokenSurvivesRevoke: boolean;
  /** Body of a 429 answer; Fortnox documents none. */
  rateLimitBody: string;
  /** A new SERVICE article defaults to the services predefined accounts (3308/3305) or the goods ones. Default 'services'. */
  serviceArticleAccounts: 'services' | 'goods';
  /** A row without an article takes the goods (SALESEUREV…) or services (SALESEUREV2…) predefined account. Default 'goods'. */
  rowsWithoutArticle: 'goods' | 'services';
  /** The customer's own SalesAccount comes first for rows without AccountNumber ('first') or is not used ('ignored'). Default 'first'. */
  customerSalesAccount: 'first' | 'ignored';
  /** EUQuarterlyReport is stored as sent (default) or also set true on invoices to EUREVERSEDVAT customers. */
  euQuarterlyReport: 'as-sent' | 'eu-reverse-charge';
  /** Customer search `email=` also matches EmailInvoice. Default false (only Email, as the list item shows). */
  emailSearchIncludesInvoiceEmail: boolean;
}

export interface FortnoxEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Extra OAuth apps besides the built-in `demo-client` / `demo-secret`. */
  apps?: OAuthApp[];
  /** HS256 secret for access tokens; random per start unless given. */
  jwtSecret?: string;
  /** Sliding window per (client id, tenant): 25 requests / 5 s on the real API [reference §2]. */
  rateLimit?: { max?: number; windowMs?: number; enabled?: boolean };
  /** Skip the consent page: /oauth-v1/auth redirects straight back with a code. */
  autoApprove?: boolean;
  /** Seed tenant 1001 "Demo AB" (default true). */
  seedDemoTenant?: boolean;
  /** Base of `@url` links; defaults to the emulator's own URL. Use 'https://api.fortnox.se' to mimic. */
  urlBase?: string;
  /** Mount /__control (default true). */
  controlApi?: boolean;
  quirks?: Partial<Quirks>;
  errorOverrides?: Partial<Record<UnverifiedError, ErrorDef>>;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlDays?: number;
  authCodeTtlSeconds?: number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  apps: OAuthApp[];
  jwtSecret: string;
  rateLimit: { max: number; windowMs: number; enabled: boolean };
  autoApprove: boolean;
  seedDemoTenant: boolean;
  urlBase: string | undefined;
  controlApi: boolean;
  quirks: Quirks;
  errorOverrides: Partial<Record<UnverifiedError, ErrorDef>>;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  authCodeTtlSeconds: number;
}

export const DEMO_APP: OAuthApp = { clientId: 'demo-client', clientSecret: 'demo-secret', name: 'Demo app' };
export const DEMO_TENANT_ID = 1001;

export const DEFAULT_QUIRKS: Quirks = {
  rejectUnknownFields: true,
  paymentRequiresBookedInvoice: true,
  paymentAffectsBalanceOn: 'create',
  creditSettlesOriginal: true,
  roundTotals: true,
  createInvoiceAnswers: 'order',
  accessTokenSurvivesRevoke: true,
  rateLimitBody: '{"message":"Too Many Requests"}',
  serviceArticleAccounts: 'services',
  rowsWithoutArticle: 'goods',
  customerSalesAccount: 'first',
  euQuarterlyReport: 'as-sent',
  emailSearchIncludesInvoiceEmail: false,
};

export function resolveOptions(o: FortnoxEmulatorOptions = {}): ResolvedOptions {
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    apps: [DEMO_APP, ...(o.apps ?? [])],
    jwtSecret: o.jwtSecret ?? randomBytes(32).toString('hex'),
    rateLimit: {
      max: o.rateLimit?.max ?? 25,
      windowMs: o.rateLimit?.windowMs ?? 5000,
      enabled: o.rateLimit?.enabled ?? true,
    },
    autoApprove: o.autoApprove ?? false,
    seedDemoTenant: o.seedDemoTenant ?? true,
    urlBase: o.urlBase,
    controlApi: o.controlApi ?? true,
    quirks: { ...DEFAULT_QUIRKS, ...o.quirks },
    errorOverrides: o.errorOverrides ?? {},
    accessTokenTtlSeconds: o.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlDays: o.refreshTokenTtlDays ?? 45,
    authCodeTtlSeconds: o.authCodeTtlSeconds ?? 600,
  };
}
