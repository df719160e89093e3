import type Stripe from 'stripe';
import type { Logger } from '../../core/logger.ts';
import type { DocumentOutcome, FieldValues, WritebackBatch, WritebackItem, WritebackResult } from '../source.ts';
import { isMissing } from './client.ts';

/**
 * Status back to Stripe: the invoice's `metadata` (`fortnox_invoice_number`, `fortnox_status`,
 * `fortnox_error`) — the one part of a finalized Stripe invoice that may still change.
 */

export function invoiceFields(outcome: DocumentOutcome): FieldValues | undefined {
  const { record } = outcome;
  if (record.source.object !== 'invoice') return undefined;
  return {
    fortnox_invoice_number: record.fortnoxNumber,
    fortnox_status: record.state,
    // Stripe metadata values hold at most 500 characters.
    fortnox_error: record.errorMessage === null ? null : record.errorMessage.slice(0, 500),
  };
}

export async function sendStripeWriteback(
  stripe: Stripe | undefined,
  items: readonly WritebackItem[],
  logger: Logger,
): Promise<WritebackBatch> {
  if (stripe === undefined) return { kind: 'pause', seconds: 300, reason: 'no Stripe secret key' };
  const results: WritebackResult[] = [];
  for (const item of items) {
    // An empty string removes a metadata key in Stripe.
    const metadata = Object.fromEntries(Object.entries(item.fields).map(([k, v]) => [k, v === null ? '' : String(v)]));
    try {
      await stripe.invoices.update(item.source.id, { metadata });
      results.push({ kind: 'written' });
    } catch (error) {
      if (isMissing(error)) results.push({ kind: 'gone', reason: 'the invoice no longer exists' });
      else {
        logger.warn('write-back to Stripe failed; sent again later', { invoice: item.source.id, error });
        results.push({ kind: 'retry_later', reason: 'Stripe did not accept the update' });
      }
    }
  }
  return { kind: 'results', results };
}
