import type { SourceRef } from './documents.ts';
import { AppError } from './errors.ts';

/**
 * The one place that says how a Fortnox document names the source record it came from
 * (`ExternalInvoiceReference1`): `{system}:{connection}:{id}`, so records of two stores or two
 * systems can never be confused, or — for the one source whose invoices predate the others — the
 * bare id. Adoption after an ambiguous failure and credit detection match it exactly (Fortnox's
 * search is a substring match), so it is never shortened: a reference that does not fit is refused.
 */

export type ReferenceStyle = 'bare' | 'qualified';

/** Fortnox's limit for ExternalInvoiceReference1. */
export const MAX_REFERENCE_LENGTH = 80;

export function fortnoxReference(source: SourceRef, style: ReferenceStyle): string {
  const reference = style === 'bare' ? source.id : `${source.system}:${source.connection}:${source.id}`;
  if (reference.length > MAX_REFERENCE_LENGTH) {
    throw new AppError(`Reference ${reference} is longer than ${MAX_REFERENCE_LENGTH} characters`, {
      code: 'reference_too_long',
      category: 'validation',
      retryable: false,
      userMessage: `The record's id is too long to be named in Fortnox (${reference.length} characters, at most ${MAX_REFERENCE_LENGTH}); it cannot be matched safely, so nothing was sent.`,
    });
  }
  return reference;
}
