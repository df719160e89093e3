import { invalid } from './errors.ts';
import { LATEST_API_VERSION } from './options.ts';

/**
 * API versions (`Stripe-Version`): `YYYY-MM-DD` with a release name from 2024-09-30 (`.acacia`,
 * `.basil`, `.clover`, …). A request names one or gets the account's default; a version newer than
 * the emulator knows, or a malformed one, is refused as Stripe refuses an unknown version.
 */

const FORMAT = /^(\d{4}-\d{2}-\d{2})(\.[a-z]+)?$/;

export const versionDate = (v: string): string => FORMAT.exec(v)?.[1] ?? '0000-00-00';

/** 2025-03-31.basil moved invoices to `parent`, `total_taxes` and line `taxes`. */
export const isBasil = (v: string): boolean => versionDate(v) >= '2025-03-31';

export function checkVersion(v: string): string {
  if (!FORMAT.test(v) || versionDate(v) > versionDate(LATEST_API_VERSION) || versionDate(v) < '2011-01-01') {
    throw invalid(`Invalid Stripe API version: ${v}`);
  }
  return v;
}
