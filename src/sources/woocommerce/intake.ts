import { createHash } from 'node:crypto';
import type { JobCatalog } from '../../jobs/catalog.ts';
import { jobIdFor } from '../../jobs/job-ids.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { wooRef } from './order-read.ts';

/**
 * What a webhook or the catch-up poller learnt — "order N changed, it was modified at T" — as core
 * jobs by reference. The job id is derived from the record and its modification time, so the same
 * change arriving by webhook twice, by webhook and poller, or on two workers' pollers enqueues
 * one job; a later change is a new job. WooCommerce's modification time has whole seconds, so the
 * billing facts of the order are digested into the key too: two changes within one second are two
 * jobs. The job re-reads the order: nothing here is trusted data.
 */

export interface OrderSeen {
  id: number;
  /** Modification time (GMT, as WooCommerce gives it). */
  modified: string;
  /** A digest of what the order bills. */
  digest: string;
  paid: boolean;
  refunds: readonly number[];
}

export async function enqueueOrder(
  queue: JobQueue<JobCatalog>,
  connection: string,
  seen: OrderSeen,
  reason: string,
): Promise<void> {
  const key = (object: string, id: string) =>
    `woocommerce:${connection}:${object}:${id}:${seen.modified}:${seen.digest}`;
  const order = String(seen.id);
  await queue.send(
    'document.sync',
    { source: wooRef(connection, 'order', order), reason },
    { id: jobIdFor(key('order', order)) },
  );
  // Refunds and payments are their own records (roles credit and payment): each becomes its own Fortnox document once.
  for (const refund of seen.refunds) {
    const id = `${order}-${refund}`;
    await queue.send(
      'document.sync',
      { source: wooRef(connection, 'refund', id), reason },
      { id: jobIdFor(`woocommerce:${connection}:refund:${id}`) },
    );
  }
  if (seen.paid) {
    await queue.send(
      'document.sync',
      { source: wooRef(connection, 'payment', order), reason },
      { id: jobIdFor(`woocommerce:${connection}:payment:${order}`) },
    );
  }
}

export async function enqueueCustomer(
  queue: JobQueue<JobCatalog>,
  connection: string,
  id: number,
  modified: string,
): Promise<void> {
  await queue.send(
    'customer.sync',
    { source: wooRef(connection, 'customer', String(id)), reason: 'webhook' },
    { id: jobIdFor(`woocommerce:${connection}:customer:${id}:${modified}`) },
  );
}

/** The facts intake needs from an order's JSON (a webhook body or a list page), or undefined. */
export function orderSeen(body: unknown): OrderSeen | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const o = body as Record<string, unknown>;
  if (typeof o.id !== 'number' || !Number.isInteger(o.id) || o.id <= 0) return undefined;
  const refunds = Array.isArray(o.refunds)
    ? o.refunds.map((r) => (r as { id?: unknown }).id).filter((id): id is number => typeof id === 'number')
    : [];
  const modified = typeof o.date_modified_gmt === 'string' ? o.date_modified_gmt : 'unknown';
  return {
    id: o.id,
    modified,
    digest: billingDigest(o),
    paid: typeof o.date_paid === 'string' && o.date_paid !== '',
    refunds,
  };
}

const lines = (value: unknown) =>
  Array.isArray(value)
    ? value.map((l) => {
        const r = l as Record<string, unknown>;
        return [r.id, r.quantity, r.total, r.total_tax, r.sku];
      })
    : [];

function billingDigest(o: Record<string, unknown>): string {
  const facts = [
    o.status,
    o.total,
    o.currency,
    o.billing,
    o.date_paid,
    lines(o.line_items),
    lines(o.shipping_lines),
    lines(o.fee_lines),
    lines(o.coupon_lines),
    lines(o.refunds),
  ];
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 16);
}

/**
 * A product webhook: the product, and each variation it names (a variation's change fires its
 * parent's webhook, and each variation is an article of its own). Keyed by the modification time
 * and a digest of the product, so the same change twice is one job. Nothing is enqueued for a connection that does not sync products.
 */
export async function enqueueProduct(queue: JobQueue<JobCatalog>, connection: string, body: unknown): Promise<number> {
  if (typeof body !== 'object' || body === null) return 0;
  const o = body as Record<string, unknown>;
  if (typeof o.id !== 'number' || !Number.isInteger(o.id) || o.id <= 0) return 0;
  const modified = typeof o.date_modified_gmt === 'string' ? o.date_modified_gmt : 'unknown';
  const variations = Array.isArray(o.variations)
    ? o.variations.filter((v): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0)
    : [];
  // Whole seconds again (as for orders): what the article is made of goes into the key too.
  const facts = [o.name, o.sku, o.regular_price, o.tax_class, o.tax_status, o.status, variations];
  const digest = createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 16);
  const ids = [o.id, ...variations].map(String);
  for (const id of ids) {
    await queue.send(
      'document.sync',
      { source: wooRef(connection, 'product', id), reason: 'webhook' },
      { id: jobIdFor(`woocommerce:${connection}:product:${id}:${modified}:${digest}`) },
    );
  }
  return ids.length;
}
