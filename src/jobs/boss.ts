import { PgBoss } from 'pg-boss';
import type { Logger } from '../core/logger.ts';
import type { DatabaseTarget } from '../db/connection.ts';

export interface BossOptions {
  target: DatabaseTarget;
  logger: Logger;
  /** Connections pg-boss may hold; Heroku's small plans allow ~20 in all, so keep it low. */
  max?: number;
  /** Only one kind of process should run cron schedules and maintenance (the worker). */
  supervise?: boolean;
  /** Record job transitions so tests can await them (`boss.getSpy(queue)`); never in production. */
  spies?: boolean;
  /** True once the process is stopping: a connection the server closes then is expected, not an error. */
  stopping?: () => boolean;
}

// Postgres closing our connection from its side: a restart, a failover (Heroku maintenance), or our
// own embedded server stopping. pg-boss reconnects by itself.
const SERVER_CLOSED = new Set(['57P01', '57P02', '57P03']);

/** pg-boss on our database, in its own `pgboss` schema, with its events routed to our log. */
export function createBoss(options: BossOptions): PgBoss {
  const boss = new PgBoss({
    connectionString: options.target.url,
    ssl: options.target.ssl,
    // The web process only sends jobs: two connections do; workers poll and settle with four.
    max: options.max ?? (options.supervise === false ? 2 : 4),
    schema: 'pgboss',
    application_name: 'fortnox-sync-boss',
    supervise: options.supervise ?? true,
    schedule: options.supervise ?? true,
    // Supervision notices jobs of dead workers (missed heartbeats); every 15 s keeps that recovery quick.
    superviseIntervalSeconds: 15,
    // LISTEN/NOTIFY wakes workers of `notify` queues at once (polling stays as the floor); it holds a
    // connection of its own, so only worker processes listen. Not through PgBouncer.
    useListenNotify: options.supervise ?? true,
    __test__enableSpies: options.spies ?? false,
  });
  // An unhandled 'error' event would kill the process; pg-boss recovers from these on its own.
  boss.on('error', (error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && SERVER_CLOSED.has(code)) {
      if (options.stopping?.()) options.logger.debug('pg-boss connection closed while stopping', { code });
      else options.logger.warn('Postgres closed a job-queue connection (restart or failover); reconnecting', { code });
      return;
    }
    options.logger.error('pg-boss error', { error });
  });
  boss.on('warning', (warning: unknown) => options.logger.warn('pg-boss warning', { warning }));
  return boss;
}
