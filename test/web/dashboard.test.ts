import { expect } from 'chai';
import { loadSettings } from '../../src/db/settings.repo.ts';
import { formToken } from '../../src/web/admin-auth.ts';
import { type ConsoleApp, startConsoleApp } from '../helpers/console-app.ts';

describe('dashboard', () => {
  let app: ConsoleApp;
  let url: string;
  let auth: ConsoleApp['auth'];

  before(async () => {
    // What a process does at start: the connections the environment defines exist (the Salesforce org).
    app = await startConsoleApp();
    ({ url, auth } = app);
    await app.db.pool.query(`INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state, error_message, remote_message)
      VALUES ('salesforce', 'Opportunity', '006000000000009AAA', '1001', 'invoice', 'needs_attention', 'The Account has no billing country. <script>alert(1)</script>', 'Kunde inte hitta konto')`);
  });
  after(async () => app?.stop());

  it('asks for the password', async () => {
    expect((await fetch(`${url}/`)).status).to.equal(401);
    expect(
      (
        await fetch(`${url}/api/settings`, {
          headers: { Authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` },
        })
      ).status,
    ).to.equal(401);
  });

  it("lists what needs attention with the plain-English message and Fortnox's own, escaped", async () => {
    const html = await (await fetch(`${url}/`, { headers: auth })).text();
    expect(html).to.contain('The Account has no billing country. &lt;script&gt;');
    expect(html).not.to.contain('<script>alert(1)</script>');
    expect(html).to.contain('Fortnox: Kunde inte hitta konto');
    expect(html).to.contain('Connect Fortnox');
  });

  it('retry enqueues the deal again, and refuses a form without its token', async () => {
    const { rows } = await app.db.pool.query<{ id: string }>(
      `SELECT id FROM sync_records WHERE source_id = '006000000000009AAA'`,
    );
    const path = `${url}/dashboard/records/${rows[0]!.id}/retry`;
    const forged = await fetch(path, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'token=nope',
      redirect: 'manual',
    });
    expect(forged.status).to.equal(403);
    const queued = app.boss
      .getSpy<{ source: { id: string } }>('document.sync')
      .waitForJob((data) => data.source.id === '006000000000009AAA', 'created');
    const ok = await fetch(path, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${formToken(app.config)}`,
      redirect: 'manual',
    });
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.contain('will%20be%20tried%20again');
    await queued;
  });

  it('answers a retry of a record id that is not a number, or of no record, with 400 / 404 in words', async () => {
    const form = (id: string) => app.post(`/dashboard/records/${id}/retry`);
    const api = (id: string) =>
      fetch(`${url}/api/records/${id}/retry`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: '{}',
      });
    const bad = await form('abc');
    expect(bad.status).to.equal(400);
    expect(await bad.text()).to.contain('That is not a record number');
    const unknown = await form('999999');
    expect(unknown.status).to.equal(404);
    expect(await unknown.text()).to.contain('There is no record 999999.');
    const badApi = await api('12x');
    expect(badApi.status).to.equal(400);
    expect(await badApi.json()).to.deep.equal({ error: 'invalid_id', message: 'A record id is a number, like 42.' });
    const unknownApi = await api('999999');
    expect(unknownApi.status).to.equal(404);
    expect(((await unknownApi.json()) as { message: string }).message).to.equal('There is no record 999999.');
  });

  it('saves settings from the form, and names every bad value without saving any', async () => {
    const post = (body: string) =>
      fetch(`${url}/dashboard/settings`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `token=${formToken(app.config)}&${body}`,
        redirect: 'manual',
      });
    const bad = await post('totalTolerance=-5&documentKind=order&salesforce.default.wonStages=');
    const notice = decodeURIComponent(bad.headers.get('location') ?? '');
    expect(notice).to.match(/^\/\?notice=Not saved\. /);
    expect(notice).to.contain('Won stages (comma separated):');
    expect(notice).to.contain('Flag totals differing by more than:');
    expect((await loadSettings(app.db.pool)).documentKind).to.equal('invoice');
    const good = await post(
      'salesforce.default.wonStages=Closed Won, Signed&bookkeep=false&bookkeep=true&defaultArticleNumber=&totalTolerance=2.5',
    );
    expect(good.status).to.equal(303);
    const saved = await loadSettings(app.db.pool);
    expect(saved).to.include({ bookkeep: true, defaultArticleNumber: null, totalTolerance: 2.5 });
    const org = await app.db.pool.query<{ settings: { wonStages: string[] } }>(
      `SELECT settings FROM source_connections WHERE system = 'salesforce' AND key = 'default'`,
    );
    expect(org.rows[0]?.settings.wonStages).to.deep.equal(['Closed Won', 'Signed']);
  });

  it('offers the same through a JSON API, with a clear 400 for bad values', async () => {
    const bad = await fetch(`${url}/api/settings`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ defaultVatRate: 7 }),
    });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { message: string }).message).to.contain('defaultVatRate');
    const ok = await fetch(`${url}/api/settings`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ defaultVatRate: 12 }),
    });
    expect(((await ok.json()) as { settings: { defaultVatRate: number } }).settings.defaultVatRate).to.equal(12);
    const list = (await (await fetch(`${url}/api/records?state=needs_attention`, { headers: auth })).json()) as {
      records: { sourceId: string }[];
    };
    expect(list.records.map((r) => r.sourceId)).to.include('006000000000009AAA');
  });
});
