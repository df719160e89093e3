import type { Order, Payment } from '@commercetools/platform-sdk';
import { type CtApi, toCtError } from './client.ts';
import { type FeedJob, type FeedStore, moneyJob, orderJob } from './feed-store.ts';
import type { Bookkeeping } from './settings.ts';

/**
 * When messages cannot be trusted to have told us everything (disabled, expired, never emitted),
 * re-read what changed: orders and payments by `lastModifiedAt`, paged by key (offset stops at
 * 10,000). Jobs are keyed by order version and transaction state, so the same reconciliation twice
 * enqueues nothing new while a later change still does.
 */

/** Clocks drift and commits land late: re-reading a few extra minutes is cheap, missing one is not. */
export const RECONCILE_MARGIN_MS = 5 * 60_000;
const PAGE = 500;

interface Stamped {
  id: string;
  lastModifiedAt: string;
}

/**
 * Pages by key: after the first page, only what sorts after its last record (`lastModifiedAt`, then
 * `id`). More than a page of records changed at one instant (a bulk import) is paged through; a
 * cursor on `lastModifiedAt` alone came back to the same first page and stopped there.
 */
async function* changedSince<T extends Stamped>(
  what: string,
  since: string,
  query: (args: {
    where: string;
    sort: string[];
    limit: number;
    withTotal: boolean;
  }) => Promise<{ body: { results: T[] } }>,
): AsyncGenerator<T[]> {
  let last: T | undefined;
  for (;;) {
    const where =
      last === undefined
        ? `lastModifiedAt >= "${since}"`
        : `lastModifiedAt > "${last.lastModifiedAt}" or (lastModifiedAt = "${last.lastModifiedAt}" and id > "${last.id}")`;
    let results: T[];
    try {
      results = (await query({ where, sort: ['lastModifiedAt asc', 'id asc'], limit: PAGE, withTotal: false })).body
        .results;
    } catch (error) {
      throw toCtError(`reading ${what} changed since ${last?.lastModifiedAt ?? since}`, error);
    }
    if (results.length > 0) yield results;
    last = results.at(-1);
    if (results.length < PAGE || last === undefined) return;
  }
}

export interface ReconcileOutcome {
  created: number;
  recordsRead: number;
  /** The newest `lastModifiedAt` seen: the next reconciliation starts there. */
  newest: string;
}

export async function reconcileProject(
  api: CtApi,
  store: FeedStore,
  connection: string,
  since: Date,
  reason: string,
  model: Bookkeeping = 'invoice',
): Promise<ReconcileOutcome> {
  const from = new Date(since.getTime() - RECONCILE_MARGIN_MS).toISOString();
  const jobs: FeedJob[] = [];
  let recordsRead = 0;
  let newest = since.toISOString();
  const note = (r: Stamped) => {
    recordsRead++;
    if (r.lastModifiedAt > newest) newest = r.lastModifiedAt;
  };
  for await (const orders of changedSince<Order>('orders', from, (queryArgs) =>
    api.orders().get({ queryArgs }).execute(),
  )) {
    for (const order of orders) {
      note(order);
      jobs.push(orderJob(connection, order.id, order.version, 'reconcile'));
    }
  }
  for await (const payments of changedSince<Payment>('payments', from, (queryArgs) =>
    api.payments().get({ queryArgs }).execute(),
  )) {
    for (const payment of payments) {
      note(payment);
      for (const tx of payment.transactions) {
        if ((tx.type === 'Charge' || tx.type === 'Refund') && tx.state === 'Success') {
          jobs.push(moneyJob(connection, tx.type === 'Charge' ? 'Charge' : 'Refund', tx.id, tx.state, model));
        }
      }
    }
  }
  const created = await store.commit(connection, 'reconcile', {
    jobs,
    position: newest,
    reconciliation: { reason, since, recordIds: undefined, recordsRead },
  });
  return { created, recordsRead, newest };
}
