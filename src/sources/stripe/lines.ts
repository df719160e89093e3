import type Stripe from 'stripe';
import { stripeFailure } from './client.ts';

/**
 * Every line of an invoice or credit note. Stripe embeds only the first lines (`lines.has_more`
 * when there are more); the rest come from the document's `/lines` list, paged here. Reading the
 * embedded ones alone would leave an 11-line invoice short of its total and under-credit an 11-line
 * credit note without a word.
 */

/** Far beyond any real invoice; a guard against a list that never ends. */
const MAX_LINES = 10_000;

async function all<T>(what: string, list: Stripe.ApiListPromise<T>): Promise<T[]> {
  try {
    return await list.autoPagingToArray({ limit: MAX_LINES });
  } catch (error) {
    throw stripeFailure(error, what);
  }
}

export async function invoiceLines(s: Stripe, invoice: Stripe.Invoice): Promise<Stripe.InvoiceLineItem[]> {
  if (!invoice.lines.has_more) return invoice.lines.data;
  const id = invoice.id!;
  return all(`GET invoices/${id}/lines`, s.invoices.listLineItems(id, { limit: 100 }));
}

export async function creditNoteLines(s: Stripe, note: Stripe.CreditNote): Promise<Stripe.CreditNoteLineItem[]> {
  if (!note.lines.has_more) return note.lines.data;
  return all(`GET credit_notes/${note.id}/lines`, s.creditNotes.listLineItems(note.id, { limit: 100 }));
}

/** The invoice with every line in `lines.data`. */
export async function withAllLines(s: Stripe, invoice: Stripe.Invoice): Promise<Stripe.Invoice> {
  if (!invoice.lines.has_more) return invoice;
  const data = await invoiceLines(s, invoice);
  return { ...invoice, lines: { ...invoice.lines, data, has_more: false } };
}
