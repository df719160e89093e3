import { expect } from 'chai';
import { consoleBulkHandler } from '../../src/jobs/handlers/console-bulk.job.ts';
import { type ConsoleApp, startConsoleApp } from '../helpers/console-app.ts';

type Listed = { id: number; sourceId: string; number: string | null; state: string };

describe('console: records', () => {
  let app: ConsoleApp;
  let db: ConsoleApp['db'];
  let boss: ConsoleApp['boss'];
  const get = (path: string) => app.get(path);
  const api = async (query: string) =>
    (await (await get(`/api/console/records${query}`)).json()) as {
      records: Listed[];
      next: string | null;
      problems: string[];
    };
  const post = (path: string, body: Record<string, string>) => app.post(path, body);
  const notice = (res: Response): string => app.notice(res);
  /** The bulk action a form post queued (its id is in the notice), once its job has completed. */
  const bulkDone = async (res: Response): Promise<number> => {
    const match = /^Bulk \w+ (\d+) is queued/.exec(notice(res));
    expect(match, notice(res)).not.to.equal(null);
    const bulkId = Number(match![1]);
    await boss.getSpy<{ bulkId: number }>('console.bulk').waitForJob((d) => d.bulkId === bulkId, 'completed');
    return bulkId;
  };
  const idOf = async (sourceId: string) =>
    Number(
      (await db.pool.query<{ id: string }>('SELECT id FROM sync_records WHERE source_id = $1', [sourceId])).rows[0]!.id,
    );

  before(async () => {
    app = await startConsoleApp();
    ({ db, boss } = app);
    // The worker's side of bulk actions, in this process.
    await app.queue.work('console.bulk', consoleBulkHandler({ pool: db.pool, queue: app.queue }), {
      pollingIntervalSeconds: 0.5,
    });
    // 130 orders of a second source over two tenants; every tenth shares its change time with the
    // one before, so paging must order by id too or it would skip or repeat rows.
    await db.pool.query(`INSERT INTO sync_records (source_system, source_connection, source_object, source_id, tenant_id,
        document_kind, state, source_label, source_number, source_total, source_currency, fortnox_number, updated_at)
      SELECT 'webshop', 'main', 'order', 'ord-' || i, CASE WHEN i % 2 = 0 THEN '1001' ELSE '1002' END, 'invoice',
             CASE WHEN i % 5 = 0 THEN 'needs_attention' ELSE 'draft' END, 'Kund ' || i, '#' || (1000 + i), 100 + i, 'SEK',
             CASE WHEN i % 5 = 0 THEN NULL ELSE (5000 + i)::text END,
             timestamptz '2026-11-01 10:00:00.123456+00' + ((i - i % 10 / 9) * interval '1 minute')
        FROM generate_series(1, 130) i`);
    await db.pool.query(`INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state,
        source_label, customer_source_id, error_code, error_message, remote_message)
      VALUES ('salesforce', 'Opportunity', '006000000000042AAA', '1001', 'invoice', 'needs_attention', 'Acme renewal',
              '001000000000042AAA', 'customer_shared', 'The Account is linked to a Fortnox customer another Account uses.', 'Kundnummer används redan'),
             ('salesforce', 'Account', '001000000000042AAA', '1001', 'customer', 'needs_attention', 'Acme AB',
              NULL, 'customer_shared', 'Linked to customer 12, which another Account uses.', NULL)`);
  });
  after(async () => app?.stop());

  it('finds an order by its number, with or without #, and by Fortnox number or the start of a name', async () => {
    expect((await api('?q=1042')).records.map((r) => r.sourceId)).to.deep.equal(['ord-42']);
    expect((await api('?q=%231042')).records.map((r) => r.sourceId)).to.deep.equal(['ord-42']);
    expect((await api('?q=5043')).records.map((r) => r.sourceId)).to.deep.equal(['ord-43']);
    expect((await api('?q=acme')).records.map((r) => r.sourceId)).to.have.members([
      '006000000000042AAA',
      '001000000000042AAA',
    ]);
    const html = await (await get('/records?q=1042')).text();
    expect(html).to.contain('Kund 42').and.to.contain('#1042').and.to.contain('142,00 SEK');
    expect(html).to.contain('<a href="/records">Clear</a>');
  });

  it('pages through every match once, newest first, whatever ties the change times have', async () => {
    const seen: string[] = [];
    let next: string | null = '';
    while (next !== null) {
      const page = await api(`?system=webshop&connection=main${next ? `&after=${next}` : ''}`);
      seen.push(...page.records.map((r) => r.sourceId));
      next = page.next;
    }
    expect(seen).to.have.length(130);
    expect(new Set(seen).size).to.equal(130);
    expect(seen[0]).to.equal('ord-130');
    const html = await (await get('/records?system=webshop')).text();
    expect(html).to.contain('rel="next"');
  });

  it('pages a combination no single index answers (walked window by window) just as completely', async () => {
    const seen: string[] = [];
    let next: string | null = '';
    while (next !== null) {
      const page = await api(`?system=webshop&tenant=1001&kind=invoice${next ? `&after=${next}` : ''}`);
      seen.push(...page.records.map((r) => r.sourceId));
      next = page.next;
    }
    expect(seen).to.have.length(65);
    expect(new Set(seen).size).to.equal(65);
    expect(seen.slice(0, 2)).to.deep.equal(['ord-130', 'ord-128']);
    expect((await api('?system=webshop&tenant=1003&kind=invoice')).records).to.have.length(0);
  });

  it('filters by state and kind, and names a bad filter instead of failing', async () => {
    const attention = await api('?state=needs_attention&kind=invoice');
    expect(attention.records.every((r) => r.state === 'needs_attention')).to.equal(true);
    expect(attention.records).to.have.length(27);
    const bad = await get('/records?from=yesterday');
    expect(bad.status).to.equal(200);
    expect(await bad.text()).to.contain('Changed from must be a date like 2026-12-03');
    expect((await api('?after=garbage')).problems[0]).to.contain('page link');
  });

  it("shows one record's timeline with correlation ids, redacted exchanges and Fortnox's words once", async () => {
    const id = await idOf('006000000000042AAA');
    await db.pool.query(
      `INSERT INTO sync_events (sync_record_id, correlation_id, kind, from_state, to_state, message, request, response)
       VALUES ($1, 'corr-abc-1', 'transition', 'pending', 'needs_attention', 'customer conflict',
               '{"Customer": {"Name": "Acme AB", "Email": "anna@acme.se"}, "access_token": "s3cret"}',
               '{"ErrorInformation": {"message": "Kundnummer används redan"}}')`,
      [id],
    );
    const html = await (await get(`/records/${id}`)).text();
    expect(html).to.contain('Deal “Acme renewal”');
    expect(html).to.contain('corr-abc-1').and.to.contain('waiting → needs attention');
    expect(html).not.to.contain('anna@acme.se');
    expect(html).not.to.contain('s3cret');
    expect(html.split('Kundnummer används redan').length - 1).to.equal(2); // its own words, and what came back
    expect(html).to.contain('Retry now').and.to.contain('Re-link');
    expect((await get('/records/999999')).status).to.equal(404);
  });

  it('skips a record only with a reason, and never one that has a Fortnox document', async () => {
    const id = await idOf('ord-10');
    const noReason = await post(`/records/${id}/skip`, { reason: ' ' });
    expect(decodeURIComponent(noReason.headers.get('location') ?? '')).to.contain('Say why');
    const ok = await post(`/records/${id}/skip`, { reason: 'test order, never shipped' });
    expect(decodeURIComponent(ok.headers.get('location') ?? '')).to.contain('is skipped');
    const { rows } = await db.pool.query<{ state: string; message: string }>(
      `SELECT r.state, e.message FROM sync_records r JOIN sync_events e ON e.sync_record_id = r.id WHERE r.id = $1`,
      [id],
    );
    expect(rows[0]).to.deep.equal({
      state: 'skipped',
      message: 'skipped by dashboard admin: test order, never shipped',
    });
    const draft = await post(`/records/${await idOf('ord-11')}/skip`, { reason: 'no' });
    expect(decodeURIComponent(draft.headers.get('location') ?? '')).to.contain('already has a Fortnox document');
  });

  it('re-links a deal to another Fortnox customer and syncs it again', async () => {
    const id = await idOf('006000000000042AAA');
    const bad = await post(`/records/${id}/relink`, { customerNumber: 'drop table' });
    expect(decodeURIComponent(bad.headers.get('location') ?? '')).to.contain('is not a Fortnox customer number');
    const queued = boss
      .getSpy<{ source: { id: string }; reason: string }>('document.sync')
      .waitForJob((data) => data.source.id === '006000000000042AAA' && data.reason === 'relink', 'created');
    const ok = await post(`/records/${id}/relink`, { customerNumber: '77' });
    expect(decodeURIComponent(ok.headers.get('location') ?? '')).to.contain('Fortnox customer 77');
    await queued;
    const customer = await db.pool.query<{ fortnox_number: string }>(
      `SELECT fortnox_number FROM sync_records WHERE source_id = '001000000000042AAA'`,
    );
    expect(customer.rows[0]?.fortnox_number).to.equal('77');
    const html = await (await get(`/records/${id}`)).text();
    expect(html).to.contain('Fortnox customer</th><td>77');
  });

  it('bulk retry queues one sync per matching record, as a job whose progress the console shows', async () => {
    const spy = boss.getSpy<{ source: { id: string }; reason: string }>('document.sync');
    // ord-10 was skipped above: skipped records are not needing attention any more.
    const queued = ['ord-20', 'ord-40', 'ord-60'].map((id) =>
      spy.waitForJob((data) => data.source.id === id && data.reason === 'bulk retry', 'created'),
    );
    const res = await post('/records/bulk', {
      action: 'retry',
      system: 'webshop',
      state: 'needs_attention',
      tenant: '1001',
    });
    const bulkId = await bulkDone(res);
    await Promise.all(queued);
    const bulk = (await (await get(`/api/console/bulk/${bulkId}`)).json()) as {
      bulk: { total: number; done: number; state: string; message: string };
    };
    expect(bulk.bulk).to.include({
      total: 12,
      done: 12,
      state: 'done',
      message: '12 records queued to be tried again.',
    });
    const html = await (await get('/records/bulk')).text();
    expect(html).to.contain('12 of 12').and.to.contain('system webshop, tenant 1001, state needs_attention');
  });

  it('bulk skip needs a reason and leaves records with a Fortnox document alone', async () => {
    const noReason = await post('/records/bulk', { action: 'skip', system: 'webshop' });
    expect(notice(noReason)).to.contain('say why');
    const badFilter = await post('/records/bulk', { action: 'skip', reason: 'x', from: 'last week' });
    expect(notice(badFilter)).to.contain('Nothing was done');
    const skip = await post('/records/bulk', {
      action: 'skip',
      reason: 'test shop, closed',
      system: 'webshop',
      tenant: '1002',
      q: 'kund 1',
    });
    const bulkId = await bulkDone(skip);
    const bulk = (await (await get(`/api/console/bulk/${bulkId}`)).json()) as { bulk: { message: string } };
    const { rows } = await db.pool.query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM sync_records WHERE source_system = 'webshop' AND tenant_id = '1002'
          AND source_label LIKE 'Kund 1%' GROUP BY state ORDER BY state`,
    );
    // Kund 1, 11, 13 … 19, 101 … 129 (odd): the ones needing attention are skipped, the drafts stay.
    const by = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    expect(by.skipped).to.equal(4);
    expect(bulk.bulk.message).to.equal(
      `4 records skipped. ${by.draft} already had a Fortnox document or were skipped before, and were left as they are.`,
    );
  });
});
