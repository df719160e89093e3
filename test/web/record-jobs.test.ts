import { expect } from 'chai';
import { ensureJobIndexes } from '../../src/jobs/job-indexes.ts';
import { type ConsoleApp, startConsoleApp } from '../helpers/console-app.ts';

/**
 * A record's page lists the jobs that carried its reference, with their retries — found through the
 * index on pg-boss's job table by the reference's id, never another source's record of the same id.
 */
describe('console: a record’s jobs', function () {
  this.timeout(30_000);
  let app: ConsoleApp;
  let recordId: string;
  const deal = { system: 'salesforce', connection: 'default', object: 'Opportunity', id: '006000000000061AAA' };

  before(async () => {
    app = await startConsoleApp();
    const { rows } = await app.db.pool.query<{ id: string }>(
      `INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state, source_label)
       VALUES ('salesforce', 'Opportunity', $1, '1001', 'invoice', 'needs_attention', 'Jobbet') RETURNING id`,
      [deal.id],
    );
    recordId = rows[0]!.id;
  });
  after(async () => app?.stop());

  it('makes the job index once, after pg-boss made its table', async () => {
    expect(await ensureJobIndexes(app.db.pool)).to.equal(true);
    expect(await ensureJobIndexes(app.db.pool)).to.equal(false);
  });

  it("lists this record's jobs with their correlation ids, and not another source's record of the same id", async () => {
    await app.queue.send('document.sync', { source: deal, reason: 'webhook' }, { correlationId: 'corr-job-61' });
    await app.queue.send(
      'document.sync',
      { source: { ...deal, system: 'webshop', connection: 'main', object: 'order' }, reason: 'webhook' },
      { correlationId: 'corr-other-61' },
    );
    const html = await (await app.get(`/records/${recordId}`)).text();
    expect(html).to.contain('corr-job-61').and.to.contain('webhook');
    expect(html).not.to.contain('corr-other-61');

    // The lookup can use the index (on a table this small the planner would rather scan, so scans are off).
    const client = await app.db.pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM pgboss.job WHERE name = 'document.sync' AND data->'source'->>'id' = $1`,
        [deal.id],
      );
      // Each queue's table carries the parent's index under a name of its own (job_common_name_expr_idx …).
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).to.match(/Index Cond: .*->> 'id'/);
    } finally {
      client.release();
    }
  });
});
