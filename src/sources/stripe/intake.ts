import type Stripe from 'stripe';
import type { SourceRef } from '../../core/documents.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import { jobIdFor } from '../../jobs/job-ids.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { stripeRef } from './invoice-read.ts';

/**
 * A Stripe event as core jobs by reference. The job id is the event id (and the object), so a
 * duplicate delivery, a retry Stripe makes, and the poller reading the same event from
 * `GET /v1/events` are one job; events arriving out of order are harmless because every job
 * re-reads its object as it is now, and the ledger makes each object one Fortnox record.
 *
 * - `invoice.*` → the invoice; `invoice.paid`/`invoice.payment_succeeded` also its payment;
 * - `credit_note.*` → the credit note;
 * - `refund.*` → the refund. `charge.refunded` adds nothing: since 2024-10-28 every refund sends
 *   `refund.created` (its object names the refund; the charge no longer embeds its refunds).
 */

const PAID = new Set(['invoice.paid', 'invoice.payment_succeeded']);

export function refsOfEvent(connection: string, event: Stripe.Event): SourceRef[] {
  const object = event.data.object as { id?: unknown; object?: unknown; invoice?: unknown };
  const id = typeof object.id === 'string' ? object.id : undefined;
  if (id === undefined) return [];
  if (object.object === 'invoice') {
    const refs = [stripeRef(connection, 'invoice', id)];
    if (PAID.has(event.type)) refs.push(stripeRef(connection, 'payment', id));
    return refs;
  }
  if (object.object === 'credit_note') return [stripeRef(connection, 'credit_note', id)];
  if (object.object === 'refund') return [stripeRef(connection, 'refund', id)];
  // Products become articles (read only while the connection's setting says so); a price changes its product's.
  if (object.object === 'product') return [stripeRef(connection, 'product', id)];
  if (object.object === 'price') {
    const product = (object as { product?: unknown }).product;
    return typeof product === 'string' ? [stripeRef(connection, 'product', product)] : [];
  }
  if (typeof object.invoice === 'string') return [stripeRef(connection, 'invoice', object.invoice)];
  return [];
}

export async function enqueueEvent(
  queue: JobQueue<JobCatalog>,
  connection: string,
  event: Stripe.Event,
): Promise<boolean> {
  const refs = refsOfEvent(connection, event);
  for (const source of refs) {
    const key = source.object === 'invoice' ? event.id : `${event.id}:${source.object}`;
    await queue.send('document.sync', { source, reason: event.type }, { id: jobIdFor(`stripe:${connection}:${key}`) });
  }
  return refs.length > 0;
}
