import { expect } from 'chai';
import { formToken } from '../../src/web/admin-auth.ts';
import { type ConsoleApp, ADMIN_PASSWORD as PASSWORD, startConsoleApp } from '../helpers/console-app.ts';

describe('console: sign-in and roles', () => {
  let app: ConsoleApp;
  let url: string;
  let recordId: string;

  before(async () => {
    app = await startConsoleApp();
    url = app.url;
    const { rows } = await app.db.pool.query<{
      id: string;
    }>(`INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state, error_message)
      VALUES ('salesforce', 'Opportunity', '006000000000077AAA', '1001', 'invoice', 'needs_attention', 'The Account has no billing country.') RETURNING id`);
    recordId = rows[0]!.id;
  });
  after(async () => app?.stop());

  it('sends a browser to the sign-in page, and a program gets 401', async () => {
    const b = app.browser();
    const res = await b.get('/records?state=needs_attention');
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/signin?next=%2Frecords%3Fstate%3Dneeds_attention');
    expect((await fetch(`${url}/api/console/records`)).status).to.equal(401);
    const page = await (await b.get('/signin')).text();
    expect(page).to.contain('sign in as <strong>admin</strong> with the ADMIN_PASSWORD');
  });

  it('the first admin signs in with ADMIN_PASSWORD and adds a viewer; the cookie is HttpOnly and SameSite', async () => {
    const admin = app.browser();
    const wrong = await admin.signIn('admin', 'not the password');
    expect(wrong.status).to.equal(401);
    expect(await wrong.text()).to.contain('That user name and password do not match.');
    const ok = await admin.signIn('admin', PASSWORD, '/records');
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.equal('/records');
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('fs_session='))!;
    expect(cookie)
      .to.match(/HttpOnly/)
      .and.to.match(/SameSite=Lax/);
    expect((await admin.get('/records')).status).to.equal(200);

    const token = await admin.tokenOf('/users');
    const short = await admin.post('/users', { token, username: 'fia', role: 'viewer', password: 'short' });
    expect(decodeURIComponent(short.headers.get('location')!)).to.contain('at least 12 characters');
    const added = await admin.post('/users', { token, username: 'fia', role: 'viewer', password: 'finance person pw' });
    expect(decodeURIComponent(added.headers.get('location')!)).to.contain('fia can now sign in as viewer');
    const stored = await app.db.pool.query<{ password_hash: string }>(
      `SELECT password_hash FROM console_users WHERE username = 'fia'`,
    );
    expect(stored.rows[0]!.password_hash)
      .to.match(/^scrypt\$16384\$8\$1\$/)
      .and.not.to.contain('finance person pw');
    const audit = await app.db.pool.query(`SELECT 1 FROM config_changes WHERE scope = 'users' AND actor = 'admin'`);
    expect(audit.rowCount).to.equal(1);
  });

  it('a viewer reads every page but every change is refused on the server, its forms shown disabled', async () => {
    const viewer = app.browser();
    expect((await viewer.signIn('fia', 'finance person pw')).status).to.equal(303);
    const page = await (await viewer.get(`/records/${recordId}`)).text();
    expect(page).to.contain('fia (viewer)');
    expect(page).to.contain('<fieldset class="viewer" disabled><input type="hidden" name="token"');
    const token = /name="token" value="([^"]+)"/.exec(page)![1]!;
    for (const [path, fields] of [
      [`/records/${recordId}/retry`, {}],
      [`/records/${recordId}/skip`, { reason: 'not ours' }],
      ['/dashboard/settings', { bookkeep: 'true' }],
      ['/records/bulk', { action: 'retry' }],
      ['/users', { username: 'mallory', role: 'admin', password: 'a long password!' }],
    ] as const) {
      const res = await viewer.post(path, { token, ...fields });
      expect(res.status, path).to.equal(403);
      expect(await res.text()).to.contain('a viewer: you can look and download, but not change anything');
    }
    const state = await app.db.pool.query<{ state: string }>('SELECT state FROM sync_records WHERE id = $1', [
      recordId,
    ]);
    expect(state.rows[0]!.state).to.equal('needs_attention');
    expect((await app.db.pool.query(`SELECT 1 FROM console_users WHERE username = 'mallory'`)).rowCount).to.equal(0);
  });

  it("an admin's session form token is its own: the app-wide token and a missing one are refused", async () => {
    const admin = app.browser();
    await admin.signIn('admin', PASSWORD);
    const forged = await admin.post(`/records/${recordId}/skip`, { token: formToken(app.config), reason: 'x' });
    expect(forged.status).to.equal(403);
    expect((await admin.post(`/records/${recordId}/skip`, { reason: 'x' })).status).to.equal(403);
    const token = await admin.tokenOf(`/records/${recordId}`);
    const ok = await admin.post(`/records/${recordId}/skip`, { token, reason: 'a test deal' });
    expect(decodeURIComponent(ok.headers.get('location')!)).to.contain('is skipped: a test deal');
    const audit = await app.db.pool.query<{ message: string }>(
      `SELECT message FROM sync_events WHERE sync_record_id = $1 ORDER BY id DESC LIMIT 1`,
      [recordId],
    );
    expect(audit.rows[0]!.message).to.equal('skipped by admin: a test deal');
  });

  it('after five wrong passwords the user waits, even with the right one, and is told so', async () => {
    const b = app.browser();
    for (let i = 0; i < 5; i++) expect((await b.signIn('fia', `wrong ${i}`)).status).to.equal(401);
    const blocked = await b.signIn('fia', 'finance person pw');
    expect(blocked.status).to.equal(429);
    expect(await blocked.text()).to.match(
      /Too many failed sign-ins for this user from your address\. Try again in 1\d minutes\./,
    );
    // Another user from the same address is not held up.
    expect((await b.signIn('admin', PASSWORD)).status).to.equal(303);
  });

  it('sign-out ends the session in the database; next= never leaves the site', async () => {
    const b = app.browser();
    const res = await b.signIn('admin', PASSWORD, '//evil.example/');
    expect(res.headers.get('location')).to.equal('/');
    const sessions = async () =>
      Number((await app.db.pool.query('SELECT count(*) FROM console_sessions')).rows[0].count);
    const before = await sessions();
    const token = /action="\/signout"><input type="hidden" name="token" value="([^"]+)"/.exec(
      await (await b.get('/')).text(),
    )![1]!;
    expect((await b.post('/signout', { token })).headers.get('location')).to.equal('/signin');
    expect(await sessions()).to.equal(before - 1);
    expect((await b.get('/')).status).to.equal(303);
  });

  it('HTTP Basic with ADMIN_PASSWORD still works for scripts', async () => {
    const res = await fetch(`${url}/api/console/records`, {
      headers: { Authorization: `Basic ${Buffer.from(`x:${PASSWORD}`).toString('base64')}` },
    });
    expect(res.status).to.equal(200);
  });
});
