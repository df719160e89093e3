import type { LimitSettings } from '../kit/index.ts';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; empty accepts any (local development). */
  redirectUris?: string[];
  name?: string;
}

/**
 * Behaviours the reference or the official docs leave open (README "Unverified"): each is a switch
 * so a test can pin the variant it depends on. Defaults are the emulator's best reading.
 */
export interface Quirks {
  /**
   * Where a back-office change to a past day shows (refund, payment-method change, cancel).
   * 'performed': on the business day it was made — the Financial V2 tag text says "Modifications
   * appear on the date the modification was performed, not the original transaction date".
   * 'original': on the original day (V1's "historical dating", which V2 says is planned), so a
   * complete day's `sales-daily` answer changes afterwards. Default 'performed'.
   */
  correctionsDatedTo: 'performed' | 'original';
  /** `include=` decides which optional objects appear (payments, consumer, staff, table, …). Default true. */
  honourInclude: boolean;
  /** Decimals of line amounts ("precise up to six decimal places"): 6 pads, the docs do not say whether zeros are trimmed. */
  lineDecimals: number;
  /** Decimals of a line's `taxAmount` (spec example "1.6667" beside taxLines' "1.666667"). Default 4. */
  lineTaxDecimals: number;
  /** A tip is paid on top of `netAmountWithTax` (true) or inside it (false). Default true. */
  tipOnTop: boolean;
  /** Accept client_id/client_secret in the token request body; the docs show only the Basic header. Default false. */
  clientSecretInBody: boolean;
  /** Redirect URIs must be https ("Redirect URLs require HTTPS"); loopback http is let through for local use. Default true. */
  requireHttpsRedirect: boolean;
}

export interface LocationInit {
  blID?: number;
  blName: string;
  country?: string;
  timezone?: string;
  /** Local time the business day starts (K-Series "start of day"), HH:MM. */
  startOfDay?: string;
  /** Local time the day closes by itself if nobody closes it earlier; default: at the next start of day. */
  closingTime?: string;
  registers?: string[];
}

export interface LightspeedEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Extra OAuth clients besides the built-in demo client. */
  clients?: OAuthClient[];
  /** "Access tokens expire after 60 minutes" (Authorization FAQ). */
  accessTokenTtlSeconds?: number;
  /** "Refresh tokens expire after 14 days" if unused; single use. */
  refreshTokenTtlDays?: number;
  /** Not documented; ten minutes is the RFC 6749 §4.1.2 recommendation. */
  authCodeTtlSeconds?: number;
  /** Skip the consent page: /oauth/authorize redirects back with a code at once. */
  autoApprove?: boolean;
  /** Seed the demo business "Kaffebaren" with one location and two registers (default true). */
  seedDemo?: boolean;
  /** Minutes after a day closes before `dataComplete` turns true (processing; not documented). Default 15. */
  processingDelayMinutes?: number;
  /** Start the emulator clock at this instant (tests pin dates such as the 2026-04-01 VAT change). */
  clockStart?: number | string;
  /** Per-client request limit; K-Series documents none, so it is off unless set. */
  rateLimit?: Partial<LimitSettings>;
  controlApi?: boolean;
  quirks?: Partial<Quirks>;
}

export const DEMO_CLIENT: OAuthClient = {
  clientId: 'demo-lightspeed-client',
  clientSecret: 'demo-lightspeed-secret',
  name: 'fortnox-sync (demo)',
};

export const DEMO_BUSINESS_ID = 4711;
export const DEMO_LOCATION_ID = 471100001;
export const FINANCIAL_SCOPE = 'financial-api';

export const DEFAULT_QUIRKS: Quirks = {
  correctionsDatedTo: 'performed',
  honourInclude: true,
  lineDecimals: 6,
  lineTaxDecimals: 4,
  tipOnTop: true,
  clientSecretInBody: false,
  requireHttpsRedirect: true,
};

export interface ResolvedOptions {
  port: number;
  host: string;
  clients: OAuthClient[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  authCodeTtlSeconds: number;
  autoApprove: boolean;
  seedDemo: boolean;
  processingDelayMinutes: number;
  clockStart: number | undefined;
  rateLimit: LimitSettings;
  controlApi: boolean;
  quirks: Quirks;
}

export function resolveOptions(o: LightspeedEmulatorOptions = {}): ResolvedOptions {
  const start = typeof o.clockStart === 'string' ? Date.parse(o.clockStart) : o.clockStart;
  if (start !== undefined && Number.isNaN(start)) throw new RangeError(`clockStart “${o.clockStart}” is not a date`);
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    clients: [DEMO_CLIENT, ...(o.clients ?? [])],
    accessTokenTtlSeconds: o.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlDays: o.refreshTokenTtlDays ?? 14,
    authCodeTtlSeconds: o.authCodeTtlSeconds ?? 600,
    autoApprove: o.autoApprove ?? false,
    seedDemo: o.seedDemo ?? true,
    processingDelayMinutes: o.processingDelayMinutes ?? 15,
    clockStart: start,
    rateLimit: {
      max: o.rateLimit?.max ?? 60,
      windowMs: o.rateLimit?.windowMs ?? 60_000,
      enabled: o.rateLimit?.enabled ?? false,
    },
    controlApi: o.controlApi ?? true,
    quirks: { ...DEFAULT_QUIRKS, ...o.quirks },
  };
}
