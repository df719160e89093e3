import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import type pg from 'pg';
import { silentLogger } from '../../src/core/logger.ts';
import { createBulkAction, getBulkAction } from '../../src/db/bulk-actions.repo.ts';
import { WALK_BUDGET_MS } from '../../src/db/console-walk.repo.ts';
import { jobCatalog } from '../../src/jobs/catalog.ts';
import { consoleBulkHandler } from '../../src/jobs/handlers/console-bulk.job.ts';
import type { JobContext } from '../../src/jobs/queue.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * The `console.bulk` job on its own: it finishes whatever the filter's pages look like, and a bulk
 * action that cannot finish says so instead of staying "running".
 */
describe('console: bulk action job', () => {
  let db: TestDatabase;
  const noQueue = { send: async () => null };

  /** A job's context, with the abort that stands for a shutdown. */
  const context = (attempt = 1) => {
    const abort = new AbortController();
    const ctx: JobContext = {
      jobId: 'j',
      attempt,
      correlationId: 'corr-bulk',
      logger: silentLogger,
      signal: abort.signal,
    };
    return { ctx, abort };
  };

  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db?.drop());

  it('finishes a filter whose walked pages come back empty with a next cursor, acting on every match once', async () => {
    // 4,500 records needing attention, none a credit, newer than the three credits that do match:
    // "state=needs_attention&kind=credit" is walked window by window (2,000 rows each) along the state index.
    await db.pool.query(`INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind,
        state, updated_at)
      SELECT 'webshop', 'order', 'w-' || i, '1001', CASE WHEN i <= 3 THEN 'credit' ELSE 'invoice' END,
             'needs_attention', timestamptz '2026-11-01 10:00:00+00' + i * interval '1 second'
        FROM generate_series(1, 4500) i`);
    const bulk = await createBulkAction(db.pool, {
      action: 'skip',
      filter: { state: 'needs_attention', kind: 'credit' },
      reason: 'duplicates',
      actor: 'alice',
      correlationId: 'corr-bulk',
    });
    // A database slower than the walk's time budget: every window that finds nothing comes back as an
    // empty page with `next` where it stopped. After 20 windows (3 would do) the job is stopped.
    const { ctx, abort } = context();
    let walks = 0;
    const slow = {
      query: async (...args: Parameters<pg.Pool['query']>) => {
        if (String(args[0]).includes('WITH w AS MATERIALIZED')) {
          if (++walks >= 20) abort.abort();
          await delay(WALK_BUDGET_MS + 5);
        }
        return (db.pool.query as (...a: unknown[]) => unknown)(...args);
      },
      connect: () => db.pool.connect(),
    } as unknown as pg.Pool;

    await consoleBulkHandler({ pool: slow, queue: noQueue })({ bulkId: bulk.id }, ctx);

    expect(walks).to.be.below(20);
    expect(await getBulkAction(db.pool, bulk.id)).to.include({
      state: 'done',
      total: 3,
      done: 3,
      message: '3 records skipped.',
    });
    const { rows } = await db.pool.query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM sync_records WHERE document_kind = 'credit' GROUP BY state`,
    );
    expect(rows).to.deep.equal([{ state: 'skipped', n: 3 }]);
  });

  it('marks a bulk action failed, in words, when its last try fails — not "running" for ever', async () => {
    const bulk = await createBulkAction(db.pool, {
      action: 'retry',
      filter: { system: 'webshop' },
      reason: null,
      actor: 'alice',
      correlationId: 'corr-bulk',
    });
    const broken = {
      query: async (...args: Parameters<pg.Pool['query']>) => {
        if (/FROM sync_records/.test(String(args[0]))) throw new Error('canceling statement due to statement timeout');
        return (db.pool.query as (...a: unknown[]) => unknown)(...args);
      },
    } as unknown as pg.Pool;
    const handler = consoleBulkHandler({ pool: broken, queue: noQueue });
    const last = jobCatalog['console.bulk'].queue.retryLimit + 1;

    await handler({ bulkId: bulk.id }, context(last - 1).ctx).then(
      () => expect.fail('the try should fail'),
      () => undefined,
    );
    expect((await getBulkAction(db.pool, bulk.id))?.state).to.equal('queued'); // another try comes

    const failed = await handler({ bulkId: bulk.id }, context(last).ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).to.be.instanceOf(Error);
    const row = await getBulkAction(db.pool, bulk.id);
    expect(row?.state).to.equal('failed');
    expect(row?.message).to.contain('canceling statement due to statement timeout').and.to.contain('Start it again');
  });

  it('fails a bulk action whose stored filter has a day the calendar lacks, instead of a cast error on every try', async () => {
    // As an older release stored it: its date rule was only the shape YYYY-MM-DD.
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO console_bulk_actions (action, filter, reason, actor, correlation_id)
       VALUES ('retry', '{"from": "2026-02-30"}', NULL, 'alice', 'corr-bulk') RETURNING id`,
    );
    const bulkId = Number(rows[0]!.id);
    await consoleBulkHandler({ pool: db.pool, queue: noQueue })({ bulkId }, context(1).ctx);
    const row = await getBulkAction(db.pool, bulkId);
    expect(row?.state).to.equal('failed');
    expect(row?.message).to.contain('filter of this bulk action can no longer be read');
  });
});
