import { z } from 'zod';

/**
 * commercetools ids are UUIDs; business units are addressed by key. One schema for every object of
 * the adapter (job payloads are checked with it): UUIDs and keys both fit `[A-Za-z0-9_-]`, and 64
 * characters keep `commercetools:{project}:{id}` within Fortnox's 80 when ids are UUIDs.
 */
export const commercetoolsId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a commercetools id or key');

export const SYSTEM = 'commercetools';

/** Our object names (`SourceRef.object`): what each reference points at. */
export const OBJECTS = {
  order: 'order',
  customer: 'customer',
  businessUnit: 'businessUnit',
  /** A guest's order: the customer is the order's billing address; the id is the order's. */
  guest: 'guest',
  /** A successful Refund transaction (id = the transaction's). */
  refund: 'refund',
  /** A successful Charge transaction (id = the transaction's). */
  capture: 'capture',
  /** A successful Charge or Refund booked as a voucher of its own (bookkeeping model "voucher"). */
  transaction: 'transaction',
} as const;

/** A predicate string literal: commercetools quotes with " and escapes with \. */
export function literal(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
