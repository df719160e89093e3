import type { Queryable } from '../db/connection.ts';

/**
 * Our one index on pg-boss's job table: a record's page lists the jobs that carried its reference
 * (web/console/record-history.ts), a lookup by a value inside the payload that would otherwise read
 * every job pg-boss still keeps — with a week of a busy ledger's jobs that is most of the page's time
 * (bench/console-record.ts measures both). pg-boss makes its schema after our migrations run, so this
 * is made right after pg-boss's own (the release phase; a process that migrates its own database). On the
 * partitioned parent it reaches every queue's table, and tables pg-boss attaches later get it too.
 */

const INDEX = 'job_source_id_idx';

export async function ensureJobIndexes(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean; job: boolean }>(
    `SELECT to_regclass('pgboss.${INDEX}') IS NOT NULL AS present, to_regclass('pgboss.job') IS NOT NULL AS job`,
  );
  if (rows[0]?.present || !rows[0]?.job) return false;
  // IF NOT EXISTS: two processes starting at once both get here; the second finds it made.
  await db.query(`CREATE INDEX IF NOT EXISTS ${INDEX} ON pgboss.job (name, (data->'source'->>'id'))`);
  return true;
}
