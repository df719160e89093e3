import { expect } from 'chai';
import { switchPreview } from '../../src/web/console/connections.route.ts';
import { type ConsoleApp, startConsoleApp } from '../helpers/console-app.ts';

/**
 * A console action that changes a flag and queues jobs does both or neither: a failure half-way
 * (the database going away between two sends) never leaves records that nobody will send.
 */
describe('console: actions that queue jobs', () => {
  let app: ConsoleApp;
  const jobs = async (name: string, reason?: string) =>
    (
      await app.db.pool.query<{ id: string }>(
        `SELECT data->'source'->>'id' AS id FROM pgboss.job WHERE name = $1 AND ($2::text IS NULL OR data->>'reason' = $2)
          ORDER BY 1`,
        [name, reason ?? null],
      )
    ).rows.map((r) => r.id);
  const preview = async () =>
    (
      await app.db.pool.query<{ preview: boolean }>(
        `SELECT preview FROM source_connections WHERE system = 'salesforce' AND key = 'default'`,
      )
    ).rows[0]?.preview;

  before(async () => {
    app = await startConsoleApp();
  });
  after(async () => app?.stop());

  it('going live when a send fails half-way keeps the connection in preview with every record held; again, all go', async () => {
    await app.db.pool.query(
      `UPDATE source_connections SET preview = true WHERE system = 'salesforce' AND key = 'default'`,
    );
    await app.db.pool.query(`WITH r AS (
        INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state)
        SELECT 'salesforce', 'Opportunity', '00600000000000' || i || 'AAA', '1001', 'invoice', 'pending'
          FROM generate_series(1, 3) i RETURNING id)
      INSERT INTO sync_events (sync_record_id, correlation_id, kind, message) SELECT id, 'corr-held', 'preview', 'held' FROM r`);
    let sends = 0;
    const flaky = {
      send: (async (...args: Parameters<typeof app.queue.send>) => {
        if (++sends === 2) throw new Error('Connection terminated unexpectedly');
        return app.queue.send(...args);
      }) as typeof app.queue.send,
    };
    const failed = await switchPreview(
      { pool: app.db.pool, queue: flaky },
      { system: 'salesforce', key: 'default' },
      'Salesforce',
      false,
      'alice',
      'corr-live',
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).to.be.instanceOf(Error);
    expect(await preview(), 'still in preview, so “Go live” is still there').to.equal(true);
    expect(await jobs('document.sync', 'live'), 'nor was the first one sent').to.deep.equal([]);

    const live = await app.post('/connections/salesforce/default/live');
    expect(app.notice(live)).to.contain('3 held documents are being sent to Fortnox now');
    expect(await preview()).to.equal(false);
    expect(await jobs('document.sync', 'live')).to.have.length(3);
  });

  it('a bulk action whose job cannot be queued is not left "waiting to start"', async () => {
    const send = app.queue.send;
    app.queue.send = async () => {
      throw new Error('Connection terminated unexpectedly');
    };
    try {
      const res = await app.post('/records/bulk', { action: 'retry', system: 'salesforce' });
      expect(res.status).to.equal(500);
    } finally {
      app.queue.send = send;
    }
    const { rows } = await app.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM console_bulk_actions');
    expect(rows[0]?.n).to.equal(0);
    const ok = await app.post('/records/bulk', { action: 'retry', system: 'salesforce' });
    expect(app.notice(ok)).to.match(/^Bulk retry \d+ is queued/);
    expect(await jobs('console.bulk')).to.have.length(1);
  });

  it("resuming one connection retries that connection's paused records, not another's", async () => {
    await app.db.pool.query(`INSERT INTO sync_records (source_system, source_connection, source_object, source_id, tenant_id,
        document_kind, state, error_code, error_message)
      VALUES ('salesforce', 'default', 'Opportunity', '006000000000077AAA', '1001', 'invoice', 'needs_attention', 'source_paused', 'paused'),
             ('salesforce', 'eu', 'Opportunity', '006000000000078AAA', '1001', 'invoice', 'needs_attention', 'source_paused', 'paused')`);
    expect(app.notice(await app.post('/connections/salesforce/default/pause'))).to.contain('is paused');
    const resumed = await app.post('/connections/salesforce/default/resume');
    expect(app.notice(resumed)).to.contain('is active again. 1 record that waited will be tried again.');
    expect(await jobs('document.sync', 'resumed')).to.deep.equal(['006000000000077AAA']);
  });
});
