import type pg from 'pg';
import { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { ConnectionDirectory, SourceConnection, SourceHandle } from '../source.ts';
import type { WooClient } from './client.ts';
import { credentialsOf, type WooConfig } from './config.ts';
import { ensureWebhooks } from './hooks-register.ts';
import { enqueueOrder, orderSeen } from './intake.ts';
import { SYSTEM } from './order-read.ts';

/**
 * The catch-up poller: WooCommerce sends each webhook once and never again, so every round asks
 * for the orders modified since the last one seen (`modified_after`, GMT) and enqueues them exactly
 * as a webhook would — the same job ids, so an order both paths saw is one job. The checkpoint is
 * stored per connection and moved back a second each round (WooCommerce's `modified_after` is
 * exclusive and in whole seconds). Pollers on two workers are harmless for the same reason.
 */

const CHECKPOINT = 'woocommerce-poll';
// The first round of a new connection looks back this far; older orders are a backfill's job.
const FIRST_LOOKBACK_MS = 60 * 60_000;
// One round reads at most this many pages; the checkpoint keeps what it got, the next round goes on.
const MAX_REQUESTS = 500;
const PER_PAGE = 100;
const GMT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

export interface PollerDeps {
  pool: pg.Pool;
  queue: JobQueue<JobCatalog>;
  connections: ConnectionDirectory;
  logger: Logger;
  config: WooConfig;
  clientFor(connection: SourceConnection): WooClient | undefined;
  /** Where webhooks should be delivered; undefined: not registered (the poller alone). */
  publicUrl(): string | undefined;
  intervalMs?: number;
}

async function checkpoint(pool: pg.Pool, key: string): Promise<string> {
  const { rows } = await pool.query<{ position: string }>(
    `SELECT position FROM stream_checkpoints WHERE source = $1 AND channel = $2`,
    [CHECKPOINT, key],
  );
  const stored = rows[0]?.position;
  // A checkpoint that is not a GMT timestamp (written by hand, an older release) restarts from the lookback.
  if (stored !== undefined && GMT.test(stored)) return stored;
  return new Date(Date.now() - FIRST_LOOKBACK_MS).toISOString().slice(0, 19);
}

async function saveCheckpoint(pool: pg.Pool, key: string, position: string): Promise<void> {
  await pool.query(
    `INSERT INTO stream_checkpoints (source, channel, position) VALUES ($1, $2, $3)
     ON CONFLICT (source, channel) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
    [CHECKPOINT, key, position],
  );
}

const secondBefore = (iso: string) => new Date(Date.parse(`${iso}Z`) - 1000).toISOString().slice(0, 19);

/** One round for one connection: answers how many orders it enqueued. */
export async function pollConnection(deps: PollerDeps, connection: SourceConnection): Promise<number> {
  const client = deps.clientFor(connection);
  const credentials = credentialsOf(connection.credentials, deps.config);
  if (client === undefined || credentials === undefined) return 0;
  const base = deps.publicUrl();
  if (base !== undefined) await ensureWebhooks(client, connection, credentials, base, deps.connections, deps.logger);
  const since = await checkpoint(deps.pool, connection.key);
  let latest = since;
  let count = 0;
  // Paged by time, not by page number: orders change while we read (our own write-back PUT moves
  // `modified`), and one that moves to the end shifts every later order back onto a page already
  // read. So each request starts after the last order read (its second again: `modified_after` is
  // exclusive and whole seconds); only a second holding more than a page is paged by number.
  const enqueued = new Set<string>();
  let after = secondBefore(since);
  let page = 1;
  for (let request = 0; request < MAX_REQUESTS; request++) {
    const { data, headers } = await client.get('orders', {
      modified_after: after,
      dates_are_gmt: true,
      orderby: 'modified',
      order: 'asc',
      per_page: PER_PAGE,
      page,
    });
    const items = z.array(z.unknown()).parse(data);
    let last: string | undefined;
    for (const item of items) {
      const seen = orderSeen(item);
      if (seen === undefined) continue;
      last = seen.modified;
      const key = `${seen.id}:${seen.modified}`;
      if (enqueued.has(key)) continue;
      enqueued.add(key);
      await enqueueOrder(deps.queue, connection.key, seen, 'poll');
      count++;
      if (GMT.test(seen.modified) && seen.modified > latest) latest = seen.modified;
    }
    if (items.length < PER_PAGE || page >= Number(headers['x-wp-totalpages'] ?? '1')) break;
    const next = last !== undefined && GMT.test(last) ? secondBefore(last) : after;
    if (next > after) {
      after = next;
      page = 1;
    } else {
      // A full page within one second (or without a usable time): the next page of that second.
      page++;
    }
  }
  if (latest !== since) await saveCheckpoint(deps.pool, connection.key, latest);
  return count;
}

export function startWooPoller(deps: PollerDeps): SourceHandle & { round(): Promise<void> } {
  const log = deps.logger.child({ source: SYSTEM, component: 'poller' });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    let connections: SourceConnection[];
    try {
      connections = await deps.connections.list(SYSTEM);
    } catch (error) {
      // The database away (a restart, a failover) must not end the worker: the next round asks again.
      log.warn('poll could not read the connections; tried again next round', { error });
      return;
    }
    for (const connection of connections) {
      if (stopped || connection.state !== 'active') continue;
      try {
        const enqueued = await pollConnection(deps, connection);
        if (enqueued > 0) log.info('poll found changed orders', { connection: connection.key, enqueued });
      } catch (error) {
        log.warn('poll failed; tried again next round', { connection: connection.key, error });
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        running = round().finally(schedule);
      },
      deps.intervalMs ?? deps.config.WOOCOMMERCE_POLL_SECONDS * 1000,
    );
  };
  running = round().finally(schedule);
  return {
    round: () => {
      running = running.then(round);
      return running;
    },
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
