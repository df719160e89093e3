import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring links to an invoice PDF (`Fortnox_Invoice_Link__c`). Anyone holding the link can
 * open that one invoice until it expires; the signature covers tenant, number and expiry, so
 * changing any of them (another invoice, a later expiry) fails verification — the web route then
 * answers 403 and never looks up what was asked for.
 *
 * The expiry is rounded up to a whole day, so the link stays the same string all day and the
 * changed-fields-only write-back does not resend it with every status change.
 */

const DAY_S = 86_400;

export interface InvoiceRef {
  tenantId: string;
  documentNumber: string;
}

export interface LinkSigner {
  /** The public URL of the PDF, valid for at least `ttlDays`. */
  linkFor(ref: InvoiceRef, now?: Date): string;
  /** The invoice a path and query name, or why not. */
  verify(
    input: { tenantId: string; documentNumber: string; expires: string | undefined; signature: string | undefined },
    now?: Date,
  ): VerifyResult;
}

export type VerifyResult =
  | { ok: true; ref: InvoiceRef }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** A key of its own derived from APP_SECRET, so a link signature can never double as anything else. */
function linkKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'fortnox-sync', 'invoice-pdf-link-v1', 32));
}

export function invoicePath(ref: InvoiceRef): string {
  return `/invoices/${encodeURIComponent(ref.tenantId)}/${encodeURIComponent(ref.documentNumber)}.pdf`;
}

export function createLinkSigner(options: { appSecret: string; baseUrl: () => string; ttlDays: number }): LinkSigner {
  const key = linkKey(options.appSecret);
  const sign = (tenantId: string, documentNumber: string, expires: number): Buffer =>
    createHmac('sha256', key).update(`${tenantId}\n${documentNumber}\n${expires}`).digest();

  return {
    linkFor(ref, now = new Date()) {
      const earliest = Math.floor(now.getTime() / 1000) + options.ttlDays * DAY_S;
      const expires = Math.ceil(earliest / DAY_S) * DAY_S;
      const signature = sign(ref.tenantId, ref.documentNumber, expires).toString('base64url');
      return `${options.baseUrl().replace(/\/+$/, '')}${invoicePath(ref)}?expires=${expires}&signature=${signature}`;
    },
    verify(input, now = new Date()) {
      const { tenantId, documentNumber, expires, signature } = input;
      if (
        expires === undefined ||
        signature === undefined ||
        !/^\d{1,12}$/.test(expires) ||
        !/^[\w-]{43}$/.test(signature)
      ) {
        return { ok: false, reason: 'malformed' };
      }
      const wanted = sign(tenantId, documentNumber, Number(expires));
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
        return { ok: false, reason: 'bad_signature' };
      if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, ref: { tenantId, documentNumber } };
    },
  };
}

/** Where links point: PUBLIC_URL in production, the app's own address locally. */
export function linkBaseUrl(
  config: { PUBLIC_URL?: string | undefined; PORT: number },
  local?: () => string,
): () => string {
  if (config.PUBLIC_URL !== undefined) return () => config.PUBLIC_URL as string;
  return local ?? (() => `http://localhost:${config.PORT}`);
}
