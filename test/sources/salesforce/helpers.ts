import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { type SalesforceEmulator, startSalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import { type Config, loadConfig } from '../../../src/config.ts';
import { type Logger, silentLogger } from '../../../src/core/logger.ts';
import type { JobCatalog } from '../../../src/jobs/catalog.ts';
import type { JobQueue } from '../../../src/jobs/queue.ts';
import { salesforceConfig } from '../../../src/sources/salesforce/config.ts';
import { createSalesforceSession } from '../../../src/sources/salesforce/connection.ts';
import {
  type ListenerSignal,
  type SalesforceListener,
  startSalesforceListener,
} from '../../../src/sources/salesforce/listener.ts';
import { ALL_CHANNELS } from '../../../src/sources/salesforce/stream-events.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { CORE_JOB } from '../../helpers/refs.ts';

/** Everything a listener test needs around the listener: emulator, config, pg-boss with spies. */

export async function startEmulator(): Promise<SalesforceEmulator> {
  // Short long polls keep shutdown quick; events are pushed at once either way.
  return startSalesforceEmulator({ longPollTimeoutMs: 2000 });
}

export function testConfig(emulatorUrl: string, extra: Record<string, string> = {}): Config {
  return loadConfig('worker', { NODE_ENV: 'test', SALESFORCE_LOGIN_URL: emulatorUrl, LOG_LEVEL: 'error', ...extra });
}

import { startBoss } from '../../helpers/boss.ts';

export { startBoss };

/** Collects listener signals so a test can await "processed replay id N" instead of sleeping. */
export class Signals {
  readonly seen: ListenerSignal[] = [];
  readonly #waiters: { match: (s: ListenerSignal) => boolean; resolve: (s: ListenerSignal) => void }[] = [];

  readonly observe = (signal: ListenerSignal): void => {
    this.seen.push(signal);
    for (const waiter of [...this.#waiters]) {
      if (!waiter.match(signal)) continue;
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(signal);
    }
  };

  waitFor(match: (s: ListenerSignal) => boolean, fromIndex = 0): Promise<ListenerSignal> {
    const found = this.seen.slice(fromIndex).find(match);
    return found ? Promise.resolve(found) : new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  processed(replayId: number): Promise<ListenerSignal> {
    return this.waitFor((s) => s.type === 'processed' && s.outcome.replayId === replayId);
  }

  /** Resolves once all `channels` have reported a successful subscribe after `fromIndex`. */
  async subscribed(channels: readonly string[], fromIndex = 0): Promise<void> {
    for (const channel of channels)
      await this.waitFor((s) => s.type === 'subscribed' && s.channel === channel, fromIndex);
  }
}

export function startListener(
  emulator: SalesforceEmulator,
  db: TestDatabase,
  queue: JobQueue<JobCatalog>,
  config: Config,
  signals: Signals,
  logger: Logger = silentLogger,
): SalesforceListener {
  const sf = salesforceConfig(config);
  return startSalesforceListener({
    config: sf,
    logger,
    pool: db.pool,
    queue,
    target: db.target,
    pollMs: 300,
    observe: signals.observe,
    // The emulator's clock may be moved forward; assertions must be valid by its clock.
    openSession: () => createSalesforceSession(sf, logger, { now: () => emulator.handle.clock.now() }),
  });
}

/** Jobs queued for a record, by what they mean ('invoice.create' is a document.sync to create). */
export async function countJobs(pool: pg.Pool, name: string, recordId?: string): Promise<number> {
  const core = CORE_JOB[name] ?? { name, reason: null };
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND ($2::text IS NULL OR data->'source'->>'id' = $2)
        AND ($3::text IS NULL OR data->>'reason' = $3)`,
    [core.name, recordId ?? null, core.reason],
  );
  return Number(rows[0]?.n ?? 0);
}

export async function addLedgerRow(
  pool: pg.Pool,
  object: 'Account' | 'Opportunity',
  id: string,
  kind: 'customer' | 'invoice' | 'order',
): Promise<void> {
  await pool.query(
    `INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state) VALUES ('salesforce', $1, $2, '1', $3, 'synced')`,
    [object, id, kind],
  );
}

/** An emulator, a database, pg-boss and a subscribed listener; `restart` brings a fresh listener. */
export class Harness {
  readonly sf: SalesforceEmulator;
  readonly db: TestDatabase;
  readonly boss: PgBoss;
  readonly queue: JobQueue<JobCatalog>;
  readonly config: Config;
  signals = new Signals();
  listener: SalesforceListener | undefined;

  private constructor(sf: SalesforceEmulator, db: TestDatabase, boss: PgBoss, queue: JobQueue<JobCatalog>) {
    this.sf = sf;
    this.db = db;
    this.boss = boss;
    this.queue = queue;
    this.config = testConfig(sf.url);
  }

  static async start(): Promise<Harness> {
    const sf = await startEmulator();
    const db = await createTestDatabase();
    const { boss, queue } = await startBoss(db);
    const harness = new Harness(sf, db, boss, queue);
    await harness.restart();
    return harness;
  }

  /** Starts a new listener (stop the old one first) and waits for its three subscriptions. */
  async restart(): Promise<void> {
    this.signals = new Signals();
    this.listener = startListener(this.sf, this.db, this.queue, this.config, this.signals);
    await this.signals.subscribed(ALL_CHANNELS);
  }

  async close(): Promise<void> {
    await this.listener?.stop();
    await this.boss.stop({ graceful: false });
    await this.sf.close();
    await this.db.drop();
  }
}
