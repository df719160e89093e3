import { FortnoxNotFoundError } from '../errors.ts';
import { collect } from '../listing.ts';

/**
 * Small helpers every resource uses. Kept here so each resource file reads as the list of its
 * Fortnox endpoints and nothing else.
 */

/**
 * A document number, customer number or code as one URL path segment. Numbers are user data
 * (customer numbers may hold `/` and `+`), so they are always encoded.
 */
export function segment(value: string | number): string {
  const text = String(value).trim();
  if (text === '') throw new RangeError('a Fortnox identifier must not be empty');
  return encodeURIComponent(text);
}

/** `find…` semantics: a 404 means "no such record", anything else is still an error. */
export async function notFoundAsUndefined<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof FortnoxNotFoundError && error.code === 'fortnox_not_found') return undefined;
    throw error;
  }
}

/**
 * Live documents whose ExternalInvoiceReference1 is exactly `reference`. Fortnox's search is a
 * case-insensitive substring match ("sf-1" also finds "SF-10"), and a cancelled document no
 * longer counts as "the" document for its source record (reference §9).
 */
export async function liveByReference<T extends { ExternalInvoiceReference1: string; Cancelled: boolean }>(
  reference: string,
  search: (wanted: string) => AsyncIterable<T>,
): Promise<T[]> {
  const wanted = reference.trim();
  if (wanted === '') return [];
  return collect(search(wanted), (d) => d.ExternalInvoiceReference1 === wanted && !d.Cancelled);
}
