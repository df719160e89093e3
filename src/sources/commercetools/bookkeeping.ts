import type { Order, Payment } from '@commercetools/platform-sdk';
import type pg from 'pg';
import type { SourceRef } from '../../core/documents.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import { jobIdFor } from '../../jobs/job-ids.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { type CtApi, ctCall } from './client.ts';
import { moneyJob } from './feed-store.ts';
import { literal, OBJECTS, SYSTEM } from './ids.ts';
import type { Bookkeeping } from './settings.ts';

/**
 * Which bookkeeping model an order is booked with. The setting says what new orders get; an order
 * already booked keeps its model, so switching never books a sale twice: an order with a Fortnox
 * invoice keeps having its captures and refunds registered against that invoice, and an order whose
 * captures became vouchers never gets an invoice on top of them (its sales are in the books already).
 */

interface Booked {
  /** Sent to Fortnox, or maybe sent (a create in doubt): only a record that never left us is not an invoice. */
  invoiced: boolean;
  /** Any transaction of this connection ever booked as a voucher (else no order can have one). */
  anyVouchers: boolean;
}

async function booked(pool: pg.Pool, connection: string, orderId: string): Promise<Booked> {
  const { rows } = await pool.query<Booked>(
    `SELECT
       EXISTS (SELECT 1 FROM sync_records
                WHERE source_system = $1 AND source_connection = $2 AND source_object = $3 AND source_id = $4
                  AND document_kind IN ('invoice', 'order')
                  AND (fortnox_number IS NOT NULL OR state NOT IN ('pending', 'needs_attention', 'skipped'))) AS invoiced,
       EXISTS (SELECT 1 FROM sync_records
                WHERE source_system = $1 AND source_connection = $2 AND source_object = $5
                  AND document_kind = 'voucher') AS "anyVouchers"`,
    [SYSTEM, connection, OBJECTS.order, orderId, OBJECTS.transaction],
  );
  return rows[0] ?? { invoiced: false, anyVouchers: false };
}

async function vouchered(pool: pg.Pool, connection: string, transactionIds: readonly string[]): Promise<boolean> {
  if (transactionIds.length === 0) return false;
  // A voucher parked (an account missing) or in doubt counts: it is posted once fixed.
  const { rows } = await pool.query(
    `SELECT 1 FROM sync_records
      WHERE source_system = $1 AND source_connection = $2 AND source_object = $3 AND source_id = ANY($4)
        AND document_kind = 'voucher' AND state <> 'skipped' LIMIT 1`,
    [SYSTEM, connection, OBJECTS.transaction, transactionIds],
  );
  return rows.length > 0;
}

/** The payments of an order (one request for those not already read). */
export async function orderPayments(api: CtApi, order: Order, known: readonly Payment[] = []): Promise<Payment[]> {
  const ids = (order.paymentInfo?.payments ?? []).map((p) => p.id).filter((id) => !known.some((k) => k.id === id));
  const fetched =
    ids.length === 0
      ? []
      : ((
          await ctCall('reading the payments of the order', () =>
            api
              .payments()
              .get({ queryArgs: { where: `id in (${ids.map(literal).join(', ')})`, limit: ids.length } })
              .execute(),
          )
        )?.results ?? []);
  return [...known, ...fetched];
}

export async function orderModel(
  pool: pg.Pool,
  api: CtApi,
  connection: string,
  order: Order,
  setting: Bookkeeping,
  known: readonly Payment[] = [],
): Promise<Bookkeeping> {
  const state = await booked(pool, connection, order.id);
  if (state.invoiced) return 'invoice';
  if (setting === 'voucher') return 'voucher';
  if (!state.anyVouchers) return 'invoice';
  // Only asked once the connection has vouchers at all, so the invoice model costs no extra request.
  const ids = (await orderPayments(api, order, known)).flatMap((p) => p.transactions.map((t) => t.id));
  return (await vouchered(pool, connection, ids)) ? 'voucher' : 'invoice';
}

/**
 * A capture or refund read under the other model than its order is booked with: queued again as
 * the object of that model (a deterministic job id, so a repeat queues nothing new).
 */
export async function handOver(
  queue: JobQueue<JobCatalog>,
  ref: SourceRef,
  type: 'Charge' | 'Refund',
  model: Bookkeeping,
): Promise<void> {
  const job = moneyJob(ref.connection, type, ref.id, 'Success', model);
  const source = { system: SYSTEM, connection: ref.connection, object: job.object, id: ref.id };
  await queue.send('document.sync', { source, reason: `bookkeeping_${model}` }, { id: jobIdFor(job.key) });
}
