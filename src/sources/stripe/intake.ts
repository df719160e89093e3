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
 *
 * Stripe's quota is the binding limit for renewals (25 requests/s in a sandbox), and every job reads
 * its invoice once, so events that cannot change the outcome queue nothing:
 * - a draft invoice (`invoice.created` of a renewal) is never a document, and it cannot leave draft
 *   without `invoice.finalized`;
 * - our own write-back (`fortnox_*` metadata) comes back as `invoice.updated`;
 * - the final payment sends both `invoice.payment_succeeded` and `invoice.paid`: they share one job,
 *   keyed by the amount paid so far, so a later (partial) payment is still a job of its own.
 */

const PAID = new Set(['invoice.paid', 'invoice.payment_succeeded']);
const OUR_METADATA = /^fortnox_/;

type Metadata = Record<string, unknown> | null | undefined;

/** True when an `invoice.updated` changed nothing but our own `fortnox_*` metadata keys. */
export function isOwnWriteback(event: Stripe.Event): boolean {
  if (event.type !== 'invoice.updated') return false;
  const previous = (event.data as { previous_attributes?: Record<string, unknown> }).previous_attributes;
  if (previous === undefined || Object.keys(previous).some((k) => k !== 'metadata')) return false;
  const before = (previous.metadata ?? {}) as NonNullable<Metadata>;
  const now = ((event.data.object as { metadata?: Metadata }).metadata ?? {}) as NonNullable<Metadata>;
  // Stripe may list only the changed keys or the whole hash: any key whose value differs, or that
  // only one side names, must be ours.
  const keys = new Set([...Object.keys(before), ...Object.keys(now)]);
  const changed = [...keys].filter((k) => !(k in before) || !(k in now) || (before[k] ?? null) !== (now[k] ?? null));
  return changed.every((k) => OUR_METADATA.test(k));
}

export function refsOfEvent(connection: string, event: Stripe.Event): SourceRef[] {
  const object = event.data.object as { id?: unknown; object?: unknown; invoice?: unknown };
  const id = typeof object.id === 'string' ? object.id : undefined;
  if (id === undefined) return [];
  if (object.object === 'invoice') {
    if ((object as { status?: unknown }).status === 'draft' || isOwnWriteback(event)) return [];
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

/** The job's key: the event, except that the two events of one payment share theirs. */
function keyOf(event: Stripe.Event, source: SourceRef): string {
  const paid = (event.data.object as { amount_paid?: unknown }).amount_paid;
  const base = PAID.has(event.type) && typeof paid === 'number' ? `${source.id}:paid:${paid}` : event.id;
  return source.object === 'invoice' ? base : `${base}:${source.object}`;
}

export async function enqueueEvent(
  queue: JobQueue<JobCatalog>,
  connection: string,
  event: Stripe.Event,
): Promise<boolean> {
  const refs = refsOfEvent(connection, event);
  for (const source of refs) {
    const key = keyOf(event, source);
    await queue.send('document.sync', { source, reason: event.type }, { id: jobIdFor(`stripe:${connection}:${key}`) });
  }
  return refs.length > 0;
}
