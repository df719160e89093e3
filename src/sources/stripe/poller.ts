import type pg from 'pg';
import type Stripe from 'stripe';
import type { Logger } from '../../core/logger.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { ConnectionDirectory, SourceConnection, SourceHandle } from '../source.ts';
import { enqueueEvent } from './intake.ts';
import { SYSTEM } from './invoice-read.ts';

/**
 * The catch-up poller: every round reads `GET /v1/events` created since the last event seen
 * (Stripe keeps 30 days of events) and enqueues them as the webhook would — job ids are event ids,
 * so what a webhook already brought is not done twice. The checkpoint is a creation time in
 * seconds, read again inclusively, so events of the same second are never skipped.
 */

const CHECKPOINT = 'stripe-events';
const FIRST_LOOKBACK_SECONDS = 3600;

export interface StripePollerDeps {
  pool: pg.Pool;
  queue: JobQueue<JobCatalog>;
  connections: ConnectionDirectory;
  logger: Logger;
  clientFor(connection: SourceConnection): Stripe | undefined;
  intervalMs: number;
}

export async function pollEvents(deps: StripePollerDeps, key: string, stripe: Stripe): Promise<number> {
  const { rows } = await deps.pool.query<{ position: string }>(
    `SELECT position FROM stream_checkpoints WHERE source = $1 AND channel = $2`,
    [CHECKPOINT, key],
  );
  const since = Number(rows[0]?.position ?? Math.floor(Date.now() / 1000) - FIRST_LOOKBACK_SECONDS);
  let latest = since;
  let count = 0;
  for await (const event of stripe.events.list({ created: { gte: since }, limit: 100 })) {
    if (await enqueueEvent(deps.queue, key, event)) count++;
    latest = Math.max(latest, event.created);
  }
  if (latest !== since) {
    await deps.pool.query(
      `INSERT INTO stream_checkpoints (source, channel, position) VALUES ($1, $2, $3)
       ON CONFLICT (source, channel) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [CHECKPOINT, key, String(latest)],
    );
  }
  return count;
}

export function startStripePoller(deps: StripePollerDeps): SourceHandle & { round(): Promise<void> } {
  const log = deps.logger.child({ source: SYSTEM, component: 'poller' });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    let connections: SourceConnection[];
    try {
      connections = await deps.connections.list(SYSTEM);
    } catch (error) {
      // The database away (a restart, a failover) must not end the worker: the next round asks again.
      log.warn('event poll could not read the connections; tried again next round', { error });
      return;
    }
    for (const connection of connections) {
      if (stopped || connection.state !== 'active') continue;
      const stripe = deps.clientFor(connection);
      if (stripe === undefined) continue;
      try {
        const found = await pollEvents(deps, connection.key, stripe);
        if (found > 0) log.info('poll found events', { connection: connection.key, found });
      } catch (error) {
        log.warn('event poll failed; tried again next round', { connection: connection.key, error });
      }
    }
  };
  let running = round();
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(schedule);
    }, deps.intervalMs);
  };
  void running.finally(schedule);
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
