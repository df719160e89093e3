import type pg from 'pg';
import { silentLogger } from '../src/core/logger.ts';
import type { DatabaseTarget, Queryable } from '../src/db/connection.ts';
import { getConsoleRecord } from '../src/db/console-records.repo.ts';
import { createBoss } from '../src/jobs/boss.ts';
import { jobCatalog } from '../src/jobs/catalog.ts';
import { ensureJobIndexes } from '../src/jobs/job-indexes.ts';
import { JobQueue } from '../src/jobs/queue.ts';
import { jobAttempts, linkedCustomerNumber, timeline } from '../src/web/console/record-history.ts';
import { percentile, round } from './timing.ts';

/**
 * One record's page on the bench's 1,000,000-row ledger, with a job table as a busy week leaves it
 * (`BENCH_CONSOLE_JOBS` finished `document.sync` jobs, pg-boss keeps them for days): the record, its
 * timeline, its customer's Fortnox number and the jobs that carried its reference — the last a lookup
 * in `pgboss.job` by the reference inside the payload. Every query's plan is checked for a sequential
 * scan, and the page is timed with and without the job index of src/jobs/job-indexes.ts.
 */

const JOBS = Number(process.env.BENCH_CONSOLE_JOBS ?? 300_000);
const PAGES = 20;

async function seedJobs(pool: pg.Pool, rows: number): Promise<void> {
  // Jobs for the ledger's records (src-<i>), a few per record for the newest ones, as retries leave them.
  await pool.query(
    `INSERT INTO pgboss.job (name, data, state, retry_count, created_on, completed_on)
     SELECT 'document.sync',
            jsonb_build_object('source', jsonb_build_object(
              'system', (ARRAY['salesforce','bigcommerce','commercetools','woocommerce','stripe'])[1 + r % 5],
              'connection', CASE WHEN r % 7 = 0 THEN 'second' ELSE 'default' END,
              'object', CASE WHEN r % 9 = 0 THEN 'customer' ELSE 'order' END,
              'id', 'src-' || r),
              'reason', 'webhook', 'correlationId', md5(j::text)),
            'completed', j % 3, now() - (j || ' seconds')::interval, now() - (j || ' seconds')::interval
       FROM generate_series(1, $1::int) j, LATERAL (SELECT $2::int - (j % ($1::int / 3 + 1)) AS r) x`,
    [JOBS, rows],
  );
  await pool.query('ANALYZE pgboss.job');
}

/** Whether any node of a plan reads a whole table. */
function scannedTables(plan: unknown): string[] {
  const found: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node['Node Type'] === 'Seq Scan') found.push(String(node['Relation Name']));
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((plan as [{ Plan: Record<string, unknown> }])[0].Plan);
  return found;
}

/**
 * The tables read whole by the queries `run` makes (each one recorded, then EXPLAINed with its own
 * parameters): what the console runs on a big ledger must find its rows through indexes.
 */
export async function tablesScanned(pool: pg.Pool, run: (db: Queryable) => Promise<unknown>): Promise<string[]> {
  const queries: { text: string; values: unknown[] }[] = [];
  const recorder: Queryable = {
    query: ((text: string, values: unknown[]) => {
      queries.push({ text, values });
      return pool.query(text, values);
    }) as Queryable['query'],
  };
  await run(recorder);
  const scanned: string[] = [];
  for (const q of queries) {
    const { rows } = await pool.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${q.text}`, q.values);
    scanned.push(...scannedTables(rows[0]!['QUERY PLAN']));
  }
  return scanned;
}

/** The page's queries, as GET /records/:id runs them; `db` may record them for EXPLAIN. */
async function recordPage(db: Queryable, id: number): Promise<number> {
  const start = performance.now();
  const record = await getConsoleRecord(db, id);
  if (record === undefined) throw new Error(`bench record ${id} is missing`);
  await Promise.all([timeline(db, id), jobAttempts(db, record), linkedCustomerNumber(db, id)]);
  return performance.now() - start;
}

async function measure(pool: pg.Pool, ids: number[]) {
  await recordPage(pool, ids[0]!); // warm
  const times: number[] = [];
  for (const id of ids) times.push(await recordPage(pool, id));
  const seqScans = await tablesScanned(pool, (db) => recordPage(db, ids[0]!));
  return {
    p95_ms: round(percentile(times, 95), 2),
    p50_ms: round(percentile(times, 50), 2),
    seq_scans: seqScans,
  };
}

export async function benchRecordPage(pool: pg.Pool, target: DatabaseTarget, rows: number) {
  const boss = createBoss({ target, logger: silentLogger, supervise: false });
  await boss.start();
  try {
    await new JobQueue(boss, jobCatalog, silentLogger).createQueues();
    const seedStart = performance.now();
    await seedJobs(pool, rows);
    const seedSeconds = round((performance.now() - seedStart) / 1000, 1);
    const { rows: picked } = await pool.query<{ id: string }>(
      `SELECT id FROM sync_records WHERE source_id = ANY($1::text[])`,
      [Array.from({ length: PAGES }, (_, i) => `src-${rows - i * 37}`)],
    );
    const ids = picked.map((r) => Number(r.id));
    await pool.query('DROP INDEX IF EXISTS pgboss.job_source_id_idx');
    const without = await measure(pool, ids);
    const indexStart = performance.now();
    await ensureJobIndexes(pool);
    const indexSeconds = round((performance.now() - indexStart) / 1000, 1);
    const withIndex = await measure(pool, ids);
    return {
      console_record_page_ms_1m: withIndex.p95_ms,
      console_record_page: {
        jobs: JOBS,
        pages: ids.length,
        jobs_seed_s: seedSeconds,
        job_index_build_s: indexSeconds,
        without_job_index: without,
        with_job_index: withIndex,
        measured:
          'getConsoleRecord + timeline + jobAttempts + linkedCustomerNumber (the queries of GET /records/:id) in the bench process, warm cache, one at a time',
      },
    };
  } finally {
    await boss.stop({ graceful: false });
  }
}
