import { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import type { SourceConnection, SourceServices } from '../source.ts';
import { readCheckpoint, saveCheckpoint } from './checkpoint.ts';
import type { BigCommerceClient } from './client.ts';
import type { BigCommerceConfig } from './config.ts';
import { SYSTEM } from './customer-map.ts';
import { ensureHooks, hookDestination, webhookSecret } from './hooks.ts';
import { OBJECTS, paymentId } from './ids.ts';
import { enqueueRefs } from './intake.ts';
import { orderMarks, pollVerdict } from './order-reads.ts';
import { createdRefunds, modifiedOrders } from './poll-lists.ts';

/**
 * The safety net under the webhooks: every poll interval, per store, the orders modified since the
 * checkpoint (minus an overlap for clock skew and late commits) and the refunds created since then
 * are enqueued by reference, and our hooks are checked and repaired. Job ids carry the order's
 * `date_modified`, so an order seen again unchanged adds nothing, while a change is a new job. One
 * poller per store at a time across processes (a Postgres advisory lock); others skip the round.
 *
 * Captures are payments of their own (`transaction` references), hinted by transaction webhooks; so
 * that a lost one is caught too, a paid order modified since the last round has its transactions
 * read (one request) and each capture enqueued once (job id per transaction). The quota binds, so
 * an order already holding a payment record (its capture webhook arrived) is not read, nor are
 * orders of the overlap an earlier round saw. A further partial capture whose webhooks were all lost
 * is therefore not caught by the poll.
 *
 * An order a job has read at its listed `date_modified` (its webhooks came first) is not enqueued
 * again: that second read cost three requests per order and learnt nothing (order-reads.ts).
 * Both lists are walked to their end (poll-lists.ts).
 */

/** Money has been taken (in full or part) on orders in these payment states: their captures are payments. */
const MONEY_TAKEN = new Set(['captured', 'paid', 'partially captured', 'partially refunded', 'refunded']);
const transactionListed = z.object({ id: z.number(), event: z.string(), status: z.string().nullish() }).loose();

export interface PollResult {
  orders: number;
  refunds: number;
  enqueued: number;
  /** Listed orders left alone: a job read this version of them already. */
  seen: number;
  skipped?: boolean;
}

export async function pollStore(
  services: SourceServices,
  client: BigCommerceClient,
  connection: SourceConnection,
  config: BigCommerceConfig,
  logger: Logger,
  signal?: AbortSignal,
): Promise<PollResult> {
  const lockKey = `bigcommerce-poll:${connection.key}`;
  const db = await services.pool.connect();
  try {
    const { rows } = await db.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [lockKey]);
    if (rows[0]?.ok !== true) return { orders: 0, refunds: 0, enqueued: 0, seen: 0, skipped: true };
    try {
      return await pollLocked(services, client, connection, config, logger, signal);
    } finally {
      await db.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
    }
  } finally {
    db.release();
  }
}

async function pollLocked(
  services: SourceServices,
  client: BigCommerceClient,
  connection: SourceConnection,
  config: BigCommerceConfig,
  logger: Logger,
  signal?: AbortSignal,
): Promise<PollResult> {
  const o = signal ? { signal } : {};
  const key = connection.key;
  const since = (await readCheckpoint(services.pool, key)) ?? new Date();
  const from = new Date(since.getTime() - config.overlapMs).toISOString();
  const ref = (object: string, id: number) => ({ system: SYSTEM, connection: key, object, id: String(id) });
  let newest = since;
  let held: Date | undefined;
  const result: PollResult = { orders: 0, refunds: 0, enqueued: 0, seen: 0 };
  for await (const orders of modifiedOrders(client, from, o)) {
    const marks = await orderMarks(
      services.pool,
      key,
      orders.map((order) => order.id),
    );
    for (const order of orders) {
      const modified = new Date(order.date_modified);
      const verdict = pollVerdict(marks.get(order.id), modified, Date.now());
      if (verdict !== 'enqueue') result.seen++;
      // Its hinted job has not read it yet: list it again next round rather than read it twice.
      if (verdict === 'hinted' && (held === undefined || modified < held)) held = modified;
      if (verdict === 'enqueue')
        result.enqueued += await enqueueRefs(
          services,
          [ref(OBJECTS.order, order.id)],
          `bigcommerce|${key}|poll|${order.date_modified}`,
          'poll',
          config.coalesceSeconds,
        );
      // A hinted order is listed again next round (the checkpoint waits for it): so are its captures.
      if (
        verdict !== 'hinted' &&
        modified > since &&
        MONEY_TAKEN.has(order.payment_status) &&
        !(await hasPayment(services, key, order.id))
      )
        result.enqueued += await enqueueCaptures(services, client, key, order.id, config.coalesceSeconds, o);
      if (modified > newest) newest = modified;
    }
    result.orders += orders.length;
  }
  for await (const refunds of createdRefunds(client, from, o)) {
    for (const r of refunds) {
      result.enqueued += await enqueueRefs(
        services,
        [ref(OBJECTS.order, r.order_id), ref(OBJECTS.refund, r.id)],
        `bigcommerce|${key}|poll-refund|${r.id}`,
        'poll',
        config.coalesceSeconds,
      );
      result.refunds++;
    }
  }
  // A deferred order must be listed again: the checkpoint stays before it (the overlap re-reads it).
  await saveCheckpoint(
    services.pool,
    key,
    held !== undefined && held < newest ? new Date(Math.max(held.getTime() - 1, since.getTime())) : newest,
  );
  const base = (connection.credentials as { webhookBase?: string } | undefined)?.webhookBase;
  if (base !== undefined) {
    const repair = await ensureHooks(
      client,
      hookDestination(base, key),
      webhookSecret(config.appSecret, key),
      logger,
      signal,
    );
    if (repair.reactivated.length > 0 || repair.created.length > 0) {
      await services.connections.markError(
        SYSTEM,
        key,
        `BigCommerce had deactivated or lost ${repair.reactivated.length + repair.created.length} of our webhooks; they were turned back on at ${new Date().toISOString()}. Orders in between were caught by the poll.`,
      );
    }
  }
  if (result.enqueued > 0) logger.info('bigcommerce poll enqueued', { connection: key, ...result });
  return result;
}

/** Whether a payment of the order is in the ledger already (its webhook did its work). */
async function hasPayment(services: SourceServices, key: string, orderId: number): Promise<boolean> {
  const { rows } = await services.pool.query(
    `SELECT 1 FROM sync_records WHERE source_system = $1 AND source_connection = $2 AND source_object = $3
        AND source_id LIKE $4 LIMIT 1`,
    [SYSTEM, key, OBJECTS.payment, `${orderId}-%`],
  );
  return rows.length > 0;
}

/** The order's successful captures/purchases as payment jobs, each once (job id per transaction). */
async function enqueueCaptures(
  services: SourceServices,
  client: BigCommerceClient,
  key: string,
  orderId: number,
  coalesceSeconds: number,
  o: { signal?: AbortSignal },
): Promise<number> {
  const raw = (await client.request('GET', `/v3/orders/${orderId}/transactions`, { allow404: true, ...o })) as
    | { data?: unknown[] }
    | undefined;
  const captures = (raw?.data ?? [])
    .map((t) => transactionListed.parse(t))
    .filter(
      (t) => ['capture', 'purchase'].includes(t.event) && ['ok', 'success', 'complete'].includes(t.status ?? 'ok'),
    );
  let added = 0;
  for (const tx of captures)
    added += await enqueueRefs(
      services,
      [{ system: SYSTEM, connection: key, object: OBJECTS.payment, id: paymentId(orderId, tx.id) }],
      `bigcommerce|${key}|poll-transaction|${tx.id}`,
      'poll',
      coalesceSeconds,
    );
  return added;
}
