import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './core/logger.ts';
import { createPool, type DatabaseTarget, databaseTarget } from './db/connection.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.ts';
import { migrateUp } from './db/migrate.ts';
import { createBoss } from './jobs/boss.ts';
import { type JobCatalog, jobCatalog } from './jobs/catalog.ts';
import { ensureJobIndexes } from './jobs/job-indexes.ts';
import { type CatalogShape, JobQueue } from './jobs/queue.ts';
import { SOURCES } from './sources/registry.ts';
import { seedSourceConnections } from './sources/source-set.ts';

/** Every adapter's own jobs, as one catalog. */
function adapterCatalog(): CatalogShape {
  return Object.fromEntries(
    SOURCES.flatMap((adapter) =>
      Object.entries(adapter.jobs ?? {}).map(([name, job]) => [name, { schema: job.schema, queue: job.queue }]),
    ),
  );
}

/** A core job payload an earlier release queued in another shape: the adapter that knows it upgrades it. */
function upgradeLegacyPayload(job: string, data: unknown): unknown {
  for (const adapter of SOURCES) {
    const source = adapter.legacyPayload?.(job, data);
    if (source !== undefined) return { source, reason: 'legacy' };
  }
  return undefined;
}

/** Everything a process holds open: built once at start, closed once at shutdown. */
export interface Runtime {
  config: Config;
  logger: Logger;
  target: DatabaseTarget;
  pool: pg.Pool;
  boss: PgBoss;
  queue: JobQueue<JobCatalog>;
  /** The adapters' own jobs (`SourceAdapter.jobs`): a queue of their catalog. */
  adapterQueue: JobQueue<CatalogShape>;
  /** Stops pg-boss (letting in-flight jobs finish within `graceMs`), then the pool and embedded Postgres. */
  stop(graceMs?: number): Promise<void>;
}

export interface RuntimeOptions {
  role: string;
  /** Apply pending migrations before anything else (release phase, local mode). */
  migrate: boolean;
  /** Run pg-boss maintenance and cron (worker, local mode), not in the web process. */
  supervise: boolean;
  logger?: Logger;
}

/** No DATABASE_URL means a machine with nothing set up: bring our own Postgres. */
async function resolveDatabase(
  config: Config,
  logger: Logger,
): Promise<{ target: DatabaseTarget; embedded?: EmbeddedDatabase }> {
  if (config.DATABASE_URL !== undefined) return { target: databaseTarget(config.DATABASE_URL, config) };
  const embedded = await startEmbeddedPostgres({ dir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, logger });
  return { target: { url: embedded.url, ssl: false }, embedded };
}

export async function startRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL }).child({ process: options.role });
  const { target, embedded } = await resolveDatabase(config, logger);
  if (options.migrate) await migrateUp(target, logger);
  const pool = createPool(target, config.DATABASE_POOL_MAX, `fortnox-sync-${options.role}`);
  let stopping = false;
  const boss = createBoss({ target, logger, supervise: options.supervise, stopping: () => stopping });
  await boss.start();
  const queue = new JobQueue(boss, jobCatalog, logger, { upgrade: upgradeLegacyPayload });
  await queue.createQueues();
  const adapterQueue = new JobQueue(boss, adapterCatalog(), logger);
  await adapterQueue.createQueues();
  // A process that migrates its own database (local, demo) has no release phase to make it.
  if (options.migrate) await ensureJobIndexes(pool);
  // The connections the environment defines (a CRM org) exist before anything reads them.
  await seedSourceConnections({ pool, config });
  logger.info('runtime started', { database: embedded ? 'embedded' : 'external' });

  let stopped: Promise<void> | undefined;
  const stop = (graceMs = config.SHUTDOWN_TIMEOUT_MS - 5000): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      // graceful: wait for in-flight jobs; those still running at `graceMs` are failed back to the
      // queue (pg-boss retries them), so nothing in flight is lost.
      await boss.stop({ graceful: true, timeout: graceMs });
      await pool.end();
      await embedded?.stop();
    })();
    return stopped;
  };
  return { config, logger, target, pool, boss, queue, adapterQueue, stop };
}
