import { expect } from 'chai';
import { at, basic, startTestEmulator, type TestEmulator, tokenRequest } from './helpers.ts';

describe('Fortnox emulator: OAuth', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.close();
  });

  async function codeFlow(extra: Record<string, string> = {}): Promise<string> {
    const q = new URLSearchParams({
      client_id: 'demo-client',
      redirect_uri: 'http://localhost:9/cb',
      scope: 'invoice customer',
      state: 's1',
      response_type: 'code',
      access_type: 'offline',
      emulator_auto_approve: '1',
      ...extra,
    });
    const res = await fetch(`${t.emu.url}/oauth-v1/auth?${q}`, { redirect: 'manual' });
    expect(res.status).to.equal(302);
    const loc = new URL(res.headers.get('location') ?? '');
    expect(loc.searchParams.get('state')).to.equal('s1');
    return loc.searchParams.get('code') ?? '';
  }

  it('shows a consent page with an Approve button unless auto-approve is asked for', async () => {
    const q = new URLSearchParams({
      client_id: 'demo-client',
      redirect_uri: 'http://localhost:9/cb',
      scope: 'invoice',
      state: 'x',
      response_type: 'code',
    });
    const html = await (await fetch(`${t.emu.url}/oauth-v1/auth?${q}`)).text();
    expect(html).to.contain('Approve').and.contain('Demo AB');
  });

  it('exchanges a code once, within 10 minutes, for a JWT carrying tenantId and userId', async () => {
    const code = await codeFlow();
    const first = await tokenRequest(t.emu.url, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://localhost:9/cb',
    });
    expect(first.status).to.equal(200);
    expect(Object.keys(first.json as object)).to.deep.equal([
      'access_token',
      'expires_in',
      'token_type',
      'scope',
      'refresh_token',
    ]);
    const claims = JSON.parse(
      Buffer.from(String(at(first.json, 'access_token')).split('.')[1] ?? '', 'base64url').toString(),
    );
    expect(claims).to.include({ tenantId: 1001, clientId: 'demo-client' });
    expect(at(first.json, 'expires_in')).to.equal(3600);
    const again = await tokenRequest(t.emu.url, { grant_type: 'authorization_code', code });
    expect(again.status).to.equal(400);
    const late = await codeFlow();
    t.emu.advanceClock(601_000);
    expect((await tokenRequest(t.emu.url, { grant_type: 'authorization_code', code: late })).status).to.equal(400);
  });

  it('rotates refresh tokens: reusing one answers 400 invalid_grant as text/html', async () => {
    const rt = t.emu.mintToken().refresh_token ?? '';
    const fresh = await tokenRequest(t.emu.url, { grant_type: 'refresh_token', refresh_token: rt });
    expect(fresh.status).to.equal(200);
    expect(at(fresh.json, 'refresh_token')).to.be.a('string').and.not.equal(rt);
    const reuse = await tokenRequest(t.emu.url, { grant_type: 'refresh_token', refresh_token: rt });
    expect(reuse.status).to.equal(400);
    expect(reuse.contentType).to.match(/^text\/html/);
    expect(reuse.json).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
  });

  it('refuses bad client credentials with 401 invalid_client as text/plain', async () => {
    const a = await tokenRequest(
      t.emu.url,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      basic('demo-client', 'nope'),
    );
    expect(a.status).to.equal(401);
    expect(a.contentType).to.match(/^text\/plain/);
    expect(at(a.json, 'error')).to.equal('invalid_client');
  });

  it('expires access tokens after an hour of emulator time', async () => {
    expect((await t.api('GET', '/3/customers')).status).to.equal(200);
    t.emu.advanceClock(3600_000);
    const a = await t.api('GET', '/3/customers');
    expect(a.status).to.equal(401);
    expect(a.json).to.deep.equal({ message: 'unauthorized' });
  });

  it('refresh tokens die after 45 days', async () => {
    const rt = t.emu.mintToken().refresh_token ?? '';
    t.emu.advanceClock(45 * 86_400_000);
    expect((await tokenRequest(t.emu.url, { grant_type: 'refresh_token', refresh_token: rt })).status).to.equal(400);
  });

  it('revoke answers {"revoked":true} and later refreshes fail', async () => {
    const rt = t.emu.mintToken().refresh_token ?? '';
    const res = await fetch(`${t.emu.url}/oauth-v1/revoke`, {
      method: 'POST',
      headers: {
        Authorization: basic('demo-client', 'demo-secret'),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: `token_type_hint=refresh_token&token=${rt}`,
    });
    expect(await res.json()).to.deep.equal({ revoked: true });
    const fresh = t.emu.mintToken().refresh_token ?? '';
    t.emu.revokeConsent(1001);
    expect((await tokenRequest(t.emu.url, { grant_type: 'refresh_token', refresh_token: fresh })).status).to.equal(400);
  });

  it('client credentials work only for a tenant that consented as a service account', async () => {
    const form = { grant_type: 'client_credentials' };
    expect((await tokenRequest(t.emu.url, form, undefined, { TenantId: '1001' })).status).to.equal(400);
    await codeFlow({ account_type: 'service' });
    const ok = await tokenRequest(t.emu.url, form, undefined, { TenantId: '1001' });
    expect(ok.status).to.equal(200);
    expect(ok.json).to.not.have.property('refresh_token');
  });
});
