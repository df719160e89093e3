import { expect } from 'chai';
import { SOURCES } from '../../src/sources/registry.ts';
import { connectHref } from '../../src/web/console/connections.route.ts';
import { type ConsoleApp, startConsoleApp } from '../helpers/console-app.ts';

describe('console: connections and metrics', () => {
  let app: ConsoleApp;
  let url: string;
  let auth: ConsoleApp['auth'];
  const post = (path: string) => app.post(path);
  const notice = (res: Response) => app.notice(res);

  before(async () => {
    app = await startConsoleApp({ METRICS_TOKEN: 'a-metrics-token-of-length' });
    ({ url, auth } = app);
    await app.db.pool.query(`INSERT INTO connections (tenant_id, kind, state, company_name, last_error)
      VALUES ('1001', 'service_account', 'active', 'Demo AB', NULL), ('1002', 'authorization_code', 'revoked', NULL, 'Fortnox said the access was revoked.')`);
    await app.db.pool.query(
      `INSERT INTO fortnox_rate_slots (tenant_id, taken_at) VALUES ('1001', now()), ('1001', now())`,
    );
    await app.db.pool.query(`INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state, error_code, error_message)
      VALUES ('salesforce', 'Opportunity', '006000000000088AAA', '1001', 'invoice', 'needs_attention', 'source_paused', 'paused')`);
  });
  after(async () => app?.stop());

  it('lists every registered source and every Fortnox company in words', async () => {
    const html = await (await fetch(`${url}/connections`, { headers: auth })).text();
    for (const adapter of SOURCES) expect(html).to.contain(`<h3>${adapter.label}</h3>`);
    expect(html).to.contain('Demo AB').and.to.contain('service account').and.to.contain('user sign-in (refresh token)');
    expect(html).to.contain('Access revoked — connect it again').and.to.contain('Fortnox said the access was revoked.');
    expect(html).to.contain('2 of 24 per 5 s');
    expect(html).to.contain('Active — syncing');
    expect(html).to.contain('1 needs attention');
    expect(html).not.to.contain('authorization_code');
  });

  it('pauses a connection and resumes it, retrying what waited, in the audit trail', async () => {
    const paused = await post('/connections/salesforce/default/pause');
    expect(notice(paused)).to.contain('is paused: nothing is read from it or sent for it');
    const state = async () =>
      (await app.db.pool.query<{ state: string }>(`SELECT state FROM source_connections WHERE system = 'salesforce'`))
        .rows[0]!.state;
    expect(await state()).to.equal('paused');
    expect(await (await fetch(`${url}/connections`, { headers: auth })).text()).to.contain('Resume');
    const queued = app.boss
      .getSpy<{ source: { id: string } }>('document.sync')
      .waitForJob((d) => d.source.id === '006000000000088AAA', 'created');
    const resumed = await post('/connections/salesforce/default/resume');
    expect(notice(resumed)).to.contain('is active again. 1 record that waited will be tried again.');
    await queued;
    expect(await state()).to.equal('active');
    const audit = await app.db.pool.query(
      `SELECT before, after FROM config_changes WHERE scope = 'source:salesforce:default'`,
    );
    expect(audit.rows.map((r) => r.after)).to.deep.equal(['paused', 'active']);
  });

  it('serves Prometheus text behind the metrics token or an admin, never to anyone else', async () => {
    expect((await fetch(`${url}/metrics`)).status).to.equal(401);
    expect(
      (await fetch(`${url}/metrics`, { headers: { Authorization: 'Bearer wrong-token-0000000' } })).status,
    ).to.equal(401);
    const res = await fetch(`${url}/metrics`, { headers: { Authorization: 'Bearer a-metrics-token-of-length' } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).to.contain('# TYPE fortnox_sync_records gauge');
    expect(text).to.match(/^fortnox_sync_records\{source="salesforce",state="\w+",kind="invoice"\} 1$/m);
    expect(text).to.contain('fortnox_sync_fortnox_requests_in_window{tenant="1001"} 2');
    expect(text).to.contain('fortnox_sync_fortnox_tenant_active{tenant="1002",state="revoked"} 0');
    expect(text).to.match(/^fortnox_sync_queue_jobs\{queue="document.sync",state="created"\} \d+$/m);
    expect((await fetch(`${url}/metrics`, { headers: auth })).status).to.equal(200);
  });

  it('reconciles a month per company: totals, what is missing in Fortnox, what differs, as a page and CSV', async () => {
    await app.db.pool.query(`INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state,
        fortnox_number, source_number, source_label, source_net, source_total, source_currency, fortnox_total, created_at) VALUES
      ('salesforce', 'Opportunity', 'R1', '2001', 'invoice', 'draft', '101', 'N1', 'Matches', 1000, 1250, 'SEK', 1250, '2026-11-14 23:30+00'),
      ('salesforce', 'Opportunity', 'R2', '2001', 'invoice', 'needs_attention', NULL, 'N2', 'Stuck', 200, 250, 'SEK', NULL, '2026-11-15 10:00+01'),
      ('salesforce', 'Opportunity', 'R3', '2001', 'invoice', 'booked', '103', 'N3', 'Rounded', 80, 100, 'SEK', 99, '2026-11-15 11:00+01'),
      ('salesforce', 'Opportunity', 'R4', '2001', 'invoice', 'skipped', NULL, 'N4', 'Skipped', 80, 100, 'SEK', NULL, '2026-11-15 12:00+01'),
      ('salesforce', 'Opportunity', 'R5', '2001', 'invoice', 'draft', '105', 'N5', 'December', 80, 100, 'SEK', 100, '2026-12-01 12:00+01')`);
    const q = '?from=2026-11-01&to=2026-11-30&tenant=2001';
    const html = await (await fetch(`${url}/reconciliation${q}`, { headers: auth })).text();
    // 23:30 UTC on the 14th is the 15th in Stockholm: one day, three wanted documents, two in Fortnox.
    expect(html).to.match(
      /<td>2026-11-15<\/td><td>2001<\/td><td>Salesforce<\/td><td>invoice<\/td>\s*<td class="num">3<\/td>/,
    );
    expect(html).to.contain('not in Fortnox').and.to.contain('Fortnox total differs');
    expect(html).to.contain('“Stuck”').and.to.contain('“Rounded”');
    expect(html).not.to.contain('“Matches”').and.not.to.contain('Skipped').and.not.to.contain('December');
    const totals = await (await fetch(`${url}/reconciliation.csv${q}`, { headers: auth })).text();
    expect(totals.split('\r\n')[1]).to.equal(
      '2026-11-15,2001,salesforce,invoice,SEK,3,1280.00,320.00,1600.00,2,1349.00,1,1',
    );
    const list = await fetch(`${url}/reconciliation.csv${q}&part=mismatches`, { headers: auth });
    expect(list.headers.get('content-disposition')).to.contain('reconciliation-mismatches-2026-11-01-2026-11-30.csv');
    const lines = (await list.text()).trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',').at(-1))).to.deep.equal(['amount_differs', 'missing']);
  });

  it("links an adapter's connect page under its own /sources/<system>/", () => {
    expect(connectHref('woocommerce', '/connect')).to.equal('/sources/woocommerce/connect');
    expect(connectHref('stripe', 'connect')).to.equal('/sources/stripe/connect');
    expect(connectHref('stripe', '/sources/stripe/connect')).to.equal('/sources/stripe/connect');
  });
});
