import type { SalesDocument } from '../core/documents.ts';
import { NeedsAttentionError } from './attention.ts';
import type { FortnoxDocumentRecord } from './fortnox-port.ts';

/**
 * The totals check after creation, for sources that name their own tolerance (`totalTolerance`, a
 * shop's rounding tolerance): the mapping checked its rows before sending, but what counts is the
 * total Fortnox computed — a VAT rate, an article or a customer's VAT type in Fortnox can still make
 * it differ from what the buyer paid. Beyond the tolerance the document is held: left an unbooked
 * draft, the record needing attention with both totals, until the difference is gone (Retry).
 * Fortnox's own öresavrundning (RoundOff, to whole kronor) is expected and not counted.
 */

const money = (n: number) => n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const TOTAL_HELD = 'total_mismatch_after_create';

export function totalHold(source: SalesDocument, doc: FortnoxDocumentRecord): NeedsAttentionError | undefined {
  const tolerance = source.totalTolerance;
  if (tolerance === undefined || source.expectedTotal === undefined) return undefined;
  const fortnox = Math.round((doc.Total - (doc.RoundOff ?? 0)) * 100) / 100;
  const difference = Math.round((fortnox - source.expectedTotal) * 100) / 100;
  if (Math.abs(difference) <= tolerance + 1e-9) return undefined;
  const what = doc.Booked ? 'It was already booked in Fortnox' : 'It was left an unbooked draft';
  return new NeedsAttentionError(
    `${source.title}: Fortnox's document ${doc.DocumentNumber} totals ${money(fortnox)} ${doc.Currency}, but ${source.title} is ${money(source.expectedTotal)} ${doc.Currency} — ${money(Math.abs(difference))} apart, more than the rounding tolerance (${money(tolerance)}). ${what}. Compare its rows in Fortnox with the source (prices, VAT rates, discounts, the customer's VAT type), correct the document in Fortnox or the record in the source, then press Retry; it is booked when the totals agree (if invoices are booked at once).`,
    TOTAL_HELD,
  );
}
