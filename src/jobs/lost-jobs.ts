import type pg from 'pg';
import type { Logger } from '../core/logger.ts';

/**
 * Jobs whose worker died (SIGKILL, OOM, a dyno restart) go back to the queue within seconds, as if
 * never started. pg-boss notices a missed heartbeat only in its monitor pass (once a minute) and then
 * treats it as a failure of the job: the attempt is spent and the retry waits an ever-longer backoff,
 * so work that was killed a few times waited minutes. A lost worker is not an error of the job, so
 * here the claim is undone (state `created`, attempt not counted, no delay), the same change pg-boss's
 * own `restore()` makes — but only while the heartbeat is still stale, in one statement, so a job
 * another worker has just claimed is never taken from it.
 *
 * A job that kills every worker that runs it must not loop forever: after `maxRequeues` lost workers
 * (counted in the job's data) it is left to pg-boss's heartbeat failure, with its usual backoff.
 */

export interface LostJobSweepOptions {
  pool: pg.Pool;
  logger: Logger;
  /** The queues this process knows; only their jobs are touched. */
  queues: readonly string[];
  /** How often to look (default 2 s). */
  intervalMs?: number;
  /** Lost workers after which a job is left to pg-boss's ordinary failure (default 5). */
  maxRequeues?: number;
}

export interface LostJobSweep {
  /** One pass; answers how many jobs it gave back to the queue. */
  sweep(): Promise<number>;
  stop(): void;
}

// `policy <> 'standard'` queues allow one waiting job per key: when a twin already waits it does the
// lost job's work (a write-back flush takes all that is due, a poll reads all that changed), so the
// lost one is settled instead of put back beside it (which the queue's unique index would refuse).
const SWEEP_SQL = `
  WITH lost AS (
    SELECT id, name, policy, COALESCE(singleton_key, '') AS key
      FROM pgboss.job
     WHERE name = ANY($1::text[])
       AND state = 'active'
       AND heartbeat_seconds IS NOT NULL
       AND heartbeat_on + heartbeat_seconds * interval '1 second' < now()
       AND COALESCE((data->>'lostWorkers')::int, 0) < $2
       FOR UPDATE SKIP LOCKED
  ),
  twinned AS (
    SELECT lost.id FROM lost
     WHERE lost.policy <> 'standard'
       AND EXISTS (SELECT 1 FROM pgboss.job w
                    WHERE w.name = lost.name AND COALESCE(w.singleton_key, '') = lost.key AND w.state = 'created')
  ),
  settled AS (
    UPDATE pgboss.job j
       SET state = 'completed', completed_on = now(),
           output = '{"value": {"message": "worker lost; a queued twin does this work"}}'::jsonb
      FROM twinned WHERE j.id = twinned.id AND j.state = 'active'
    RETURNING j.id
  ),
  restored AS (
    UPDATE pgboss.job j
       SET state = 'created', started_on = NULL, heartbeat_on = NULL,
           data = jsonb_set(COALESCE(j.data, '{}'::jsonb), '{lostWorkers}',
                            to_jsonb(COALESCE((j.data->>'lostWorkers')::int, 0) + 1))
      FROM lost
     WHERE j.id = lost.id AND j.state = 'active' AND lost.id NOT IN (SELECT id FROM twinned)
    RETURNING j.name
  )
  SELECT name, count(*)::int AS n FROM restored GROUP BY name
  UNION ALL SELECT 'superseded', count(*)::int FROM settled`;

export function startLostJobSweep(options: LostJobSweepOptions): LostJobSweep {
  const { pool, logger, queues } = options;
  const maxRequeues = options.maxRequeues ?? 5;
  let running: Promise<number> | undefined;
  let stopped = false;

  const sweep = async (): Promise<number> => {
    const { rows } = await pool.query<{ name: string; n: number }>(SWEEP_SQL, [queues, maxRequeues]);
    let restored = 0;
    for (const row of rows) {
      if (row.n === 0) continue;
      if (row.name !== 'superseded') restored += row.n;
      logger.info('jobs of a lost worker back in the queue', { queue: row.name, jobs: row.n });
    }
    return restored;
  };

  const timer = setInterval(() => {
    // The pool ends when the process stops; a pass then would only fail.
    if (stopped || running !== undefined || (pool as { ending?: boolean }).ending === true) return;
    running = sweep()
      .catch((error: unknown) => {
        // Postgres away (an outage, a failover): the next pass tries again.
        logger.debug('lost-job sweep failed', { error });
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
  }, options.intervalMs ?? 2000);
  timer.unref();

  return {
    sweep,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
