import type pg from 'pg';
import type { Logger } from '../../core/logger.ts';
import { defined } from '../../core/optional.ts';
import type { DatabaseTarget } from '../../db/connection.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import { LeaderLock } from '../../jobs/leader-lock.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { SalesforceConfig } from './config.ts';
import { createSalesforceSession, type SalesforceSession } from './connection.ts';
import { type Channel, LISTENER_CHANNELS } from './stream-events.ts';
import { StreamStore } from './stream-store.ts';
import { type ListenerSignal, StreamTerm } from './stream-term.ts';

/**
 * The Salesforce stream listener: Change Data Capture for Accounts, Opportunities and (when the
 * connection invoices from them) Orders, plus the `Fortnox_Sync_Request__e` platform event, turned into pg-boss jobs. Every worker process starts
 * one; only the holder of the Postgres advisory lock subscribes, the others wait as standbys and
 * take over within a few seconds of the leader's death.
 */

export type { ListenerSignal } from './stream-term.ts';

/** A settings read per interval is cheap; switching Orders on should show within seconds. */
const SETTINGS_CHECK_MS = 5000;

export interface SalesforceListenerOptions {
  config: SalesforceConfig;
  logger: Logger;
  pool: pg.Pool;
  queue: JobQueue<JobCatalog>;
  /** For the leader lock's own connection (it must not come from the pool). */
  target: DatabaseTarget;
  /** Standby lock attempts and leader health checks (default 3 s). */
  pollMs?: number;
  channels?: readonly Channel[];
  /** How often the leader re-reads the settings for the Order channel (default 5 s). */
  settingsCheckMs?: number;
  /** Defaults to the JWT bearer session of `config`; tests inject clocks through it. */
  openSession?: () => Promise<SalesforceSession>;
  /** Progress signals (leadership, subscriptions, each processed event) for tests and metrics. */
  observe?: (signal: ListenerSignal) => void;
}

export interface SalesforceListener {
  readonly leading: boolean;
  /** Unsubscribes, lets the event in flight commit, releases leadership. */
  stop(): Promise<void>;
}

export function startSalesforceListener(options: SalesforceListenerOptions): SalesforceListener {
  const logger = options.logger.child({ component: 'salesforce-listener' });
  const observe = options.observe ?? (() => undefined);
  const deps = {
    store: new StreamStore(options.pool, options.queue),
    logger,
    clientName: options.config.SALESFORCE_CLIENT_NAME,
    channels: options.channels ?? LISTENER_CHANNELS,
    settingsCheckMs: options.settingsCheckMs ?? SETTINGS_CHECK_MS,
    openSession: options.openSession ?? (() => createSalesforceSession(options.config, logger)),
    observe,
  };
  let term: StreamTerm | undefined;
  let ending: Promise<void> = Promise.resolve();
  let stopping = false;

  const lock = new LeaderLock({
    target: options.target,
    logger,
    label: 'salesforce stream',
    // The key releases before this one used, so an old and a new dyno never lead at once during a deploy.
    lockKey: 1,
    ...defined({ pollMs: options.pollMs }),
    onAcquired: () => {
      if (stopping) return;
      const next = new StreamTerm(deps);
      term = next;
      observe({ type: 'leading' });
      // A previous term may still be settling its last event; start once it has.
      void ending.then(() => (term === next ? next.begin() : undefined));
    },
    onLost: (reason) => {
      const previous = term;
      term = undefined;
      ending = previous?.end() ?? Promise.resolve();
      observe({ type: 'standby', reason });
    },
  });
  lock.start();
  logger.info('salesforce stream listener started', { channels: deps.channels });

  let stopped: Promise<void> | undefined;
  return {
    get leading() {
      return lock.leading;
    },
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        const previous = term;
        term = undefined;
        await previous?.end();
        await ending;
        await lock.stop();
        logger.info('salesforce stream listener stopped');
      })();
      return stopped;
    },
  };
}
