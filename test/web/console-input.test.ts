import { expect } from 'chai';
import { encodeCursor } from '../../src/db/console-records.repo.ts';
import { type ConsoleApp, startConsoleApp } from '../helpers/console-app.ts';

/**
 * What a person types into the address bar, or an old link carries, never breaks a console page:
 * a day the calendar lacks, a page link whose time was edited, a cookie that is not ours.
 */
describe('console: input from the address bar', () => {
  let app: ConsoleApp;
  const api = async (query: string) =>
    (await (await app.get(`/api/console/records${query}`)).json()) as { records: unknown[]; problems: string[] };

  before(async () => {
    app = await startConsoleApp();
    await app.db.pool.query(`INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind,
        state, source_label, updated_at)
      VALUES ('webshop', 'order', 'ord-1', '1001', 'invoice', 'needs_attention', 'Kund 1', '2026-02-27 10:00:00+00')`);
  });
  after(async () => app?.stop());

  it('names a date the calendar lacks on the records page and in the API, and lists as if it were not given', async () => {
    const page = await app.get('/records?from=2026-02-30');
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('Changed from must be a real date (there is no 2026-02-30)');
    const json = await api('?to=2026-13-01');
    expect(json.problems).to.deep.equal(['Changed to must be a real date (there is no 2026-13-01)']);
    expect(json.records).to.have.length(1);
    expect((await api('?from=2024-02-29')).problems).to.deep.equal([]);
  });

  it('treats a page link whose time cannot be a time as damaged, and shows the first page', async () => {
    for (const at of ['2026-13-45 99:99:99+00', '2026-02-30 10:00:00+00', '2026-11-01 10:00:00+16']) {
      const after = encodeCursor({ at, id: 5 });
      const res = await app.get(`/api/console/records?after=${after}`);
      expect(res.status, at).to.equal(200);
      const json = (await res.json()) as { records: unknown[]; problems: string[] };
      expect(json.problems[0], at).to.contain('page link was damaged');
      expect(json.records, at).to.have.length(1);
      expect((await app.get(`/records?after=${after}&state=needs_attention&kind=invoice`)).status, at).to.equal(200);
    }
  });

  it('names a bad reconciliation date on the page, and refuses to download another period than asked', async () => {
    const page = await app.get('/reconciliation?to=2026-13-01');
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('To must be a real date (there is no 2026-13-01)');
    const csv = await app.get('/reconciliation.csv?from=2026-02-30&to=2026-03-31');
    expect(csv.status).to.equal(400);
    expect(await csv.text()).to.contain('From must be a real date (there is no 2026-02-30)');
    expect((await app.get('/reconciliation.csv?from=2026-02-01&to=2026-02-28')).status).to.equal(200);
  });

  it('starts no bulk action for a filter with a date the calendar lacks', async () => {
    const res = await app.post('/records/bulk', { action: 'retry', from: '2026-02-30' });
    expect(app.notice(res)).to.equal('Nothing was done: Changed from must be a real date (there is no 2026-02-30).');
    const { rows } = await app.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM console_bulk_actions');
    expect(rows[0]?.n).to.equal(0);
  });

  it('treats a session cookie that is not percent-encoding as no cookie, on every route', async () => {
    const bad = { Cookie: 'other=1; fs_session=%E0; fs_form=%E0%A4' };
    expect((await app.get('/records', bad)).status).to.equal(200); // still HTTP Basic
    const anonymous = (path: string, init: RequestInit = {}) =>
      fetch(`${app.url}${path}`, { redirect: 'manual', ...init, headers: { ...bad, ...init.headers } });
    expect((await anonymous('/signin')).status).to.equal(200);
    expect((await anonymous('/records', { headers: { Accept: 'text/html' } })).status).to.equal(303); // to sign in
    const webhook = await anonymous('/sources/webshop/webhooks/main', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(webhook.status).to.equal(404);
    const signIn = await anonymous('/signin', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'token=x&username=admin&password=y',
    });
    expect(signIn.status).to.equal(403);
    expect(await signIn.text()).to.contain('The sign-in form had expired');
  });
});
