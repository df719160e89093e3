import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { PgBoss } from 'pg-boss';
import { silentLogger } from '../../src/core/logger.ts';
import { readConnection, signState } from '../../src/fortnox/index.ts';
import { createWebApp } from '../../src/web/app.ts';
import { configFor, type FortnoxHarness, startHarness } from './helpers/harness.ts';

/** The browser's side of connecting Fortnox, with redirects followed by hand to carry the cookie. */
describe('Fortnox connect → callback (web routes against the emulator)', () => {
  let h: FortnoxHarness;
  let server: Server;
  let base: string;

  before(async () => {
    h = await startHarness({ emulator: { autoApprove: true } });
    // The OAuth routes never touch pg-boss; the health route (which does) is not called here.
    const app = createWebApp({
      pool: h.db.pool,
      boss: undefined as unknown as PgBoss,
      logger: silentLogger,
      config: h.config,
    });
    server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await h.close();
  });

  const get = (url: string, cookie?: string) =>
    fetch(url, { redirect: 'manual', ...(cookie === undefined ? {} : { headers: { cookie } }) });

  async function connect(path: string): Promise<{ callback: string; cookie: string }> {
    const start = await get(`${base}${path}`);
    expect(start.status).to.equal(302);
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin + authorize.pathname).to.equal(`${h.emu.url}/oauth-v1/auth`);
    expect(authorize.searchParams.get('redirect_uri')).to.equal(`${base}/fortnox/callback`);
    const approved = await get(authorize.toString());
    expect(approved.status).to.equal(302);
    return { callback: approved.headers.get('location') ?? '', cookie };
  }

  it('connects a tenant: tokens stored encrypted, company name read, success page shown', async () => {
    const { callback, cookie } = await connect('/fortnox/connect');
    const done = await get(callback, cookie);
    const html = await done.text();
    expect(done.status, html).to.equal(200);
    expect(html).to.include('Demo AB').and.include('1001');
    const row = await readConnection(h.db.pool, h.key, '1001');
    expect(row).to.include({ state: 'active', kind: 'authorization_code', companyName: 'Demo AB' });
    expect(row?.refreshToken).to.be.a('string');
  });

  it('connects a service account with ?service=1', async () => {
    const { callback, cookie } = await connect('/fortnox/connect?service=1');
    expect(new URL(callback).searchParams.get('code')).to.be.a('string');
    const done = await get(callback, cookie);
    expect(done.status).to.equal(200);
    const row = await readConnection(h.db.pool, h.key, '1001');
    expect(row).to.include({ kind: 'service_account', refreshToken: null, state: 'active' });
  });

  it('refuses a callback from another browser (no nonce cookie)', async () => {
    const { callback } = await connect('/fortnox/connect');
    const done = await get(callback);
    expect(done.status).to.equal(400);
    expect(await done.text()).to.include('start the connection again');
  });

  it('refuses a forged or expired state', async () => {
    const forged = signState(
      { n: 'x'.repeat(24), exp: Date.now() + 60_000, svc: false },
      'not-our-app-secret-not-our-app-secret',
    );
    expect(
      (
        await get(
          `${base}/fortnox/callback?code=abc&state=${encodeURIComponent(forged)}`,
          `fortnox_oauth_nonce=${'x'.repeat(24)}`,
        )
      ).status,
    ).to.equal(400);
    const expired = signState({ n: 'y'.repeat(24), exp: Date.now() - 1, svc: false }, h.config.APP_SECRET);
    expect(
      (
        await get(
          `${base}/fortnox/callback?code=abc&state=${encodeURIComponent(expired)}`,
          `fortnox_oauth_nonce=${'y'.repeat(24)}`,
        )
      ).status,
    ).to.equal(400);
  });

  it('explains a denied consent', async () => {
    const denied = await get(`${base}/fortnox/callback?error=access_denied&state=x`);
    expect(denied.status).to.equal(400);
    expect(await denied.text()).to.include('not approved');
  });

  it("sends PUBLIC_URL as the redirect URI (behind Heroku's router the Host is not ours to trust)", async () => {
    const config = configFor(h.emu.url, { PUBLIC_URL: 'https://sync.example.com' });
    const proxied = createServer(
      createWebApp({ pool: h.db.pool, boss: undefined as unknown as PgBoss, logger: silentLogger, config }),
    ).listen(0, '127.0.0.1');
    await once(proxied, 'listening');
    try {
      const start = await get(`http://127.0.0.1:${(proxied.address() as AddressInfo).port}/fortnox/connect`);
      expect(new URL(start.headers.get('location') ?? '').searchParams.get('redirect_uri')).to.equal(
        'https://sync.example.com/fortnox/callback',
      );
    } finally {
      proxied.closeAllConnections();
      proxied.close();
    }
  });
});
