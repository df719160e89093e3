import { expect } from 'chai';
import { z } from 'zod';
import { DEMO_CLIENT } from '../../../emulators/lightspeed-k/index.ts';
import { startTestEmulator, type TestEmulator } from './helpers.ts';

const Tokens = z.object({
  access_token: z.string().min(20),
  refresh_token: z.string().min(20),
  expires_in: z.number(),
  scope: z.string(),
  token_type: z.string(),
});
const OAuthErr = z.object({ error: z.string(), error_description: z.string() });
const basic = `Basic ${Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.clientSecret}`).toString('base64')}`;
const REDIRECT = 'https://sync.example.com/lightspeed/callback';

describe('Lightspeed emulator: OAuth2 as the K-Series docs describe it', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.close();
  });

  async function token(params: Record<string, string>, auth: string | null = basic) {
    const res = await fetch(`${t.emu.url}/oauth/token?${new URLSearchParams(params)}`, {
      method: 'POST',
      headers: auth === null ? {} : { authorization: auth },
    });
    return { status: res.status, json: (await res.json()) as unknown };
  }

  /** The merchant's side: the consent page, then "Authorize"; returns the code from the redirect. */
  async function authorize(scope = 'financial-api'): Promise<string> {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: DEMO_CLIENT.clientId,
      scope,
      redirect_uri: REDIRECT,
      state: 'xyz',
    });
    const pageRes = await fetch(`${t.emu.url}/oauth/authorize?${q}`);
    expect(pageRes.status).to.equal(200);
    expect(await pageRes.text()).to.contain('financial-api');
    const res = await fetch(`${t.emu.url}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: q.toString(), decision: 'approve' }),
      redirect: 'manual',
    });
    expect(res.status).to.equal(302);
    const back = new URL(res.headers.get('location') ?? '');
    expect(back.origin + back.pathname).to.equal(REDIRECT);
    expect(back.searchParams.get('state')).to.equal('xyz');
    return back.searchParams.get('code') ?? '';
  }

  it('exchanges an authorization code once for a 60-minute access token and a refresh token', async () => {
    const code = await authorize();
    const first = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status).to.equal(200);
    const pair = Tokens.parse(first.json);
    expect(pair.expires_in).to.equal(3600);
    expect(pair.scope).to.equal('financial-api');
    expect((await t.get('/f/data/businesses', pair.access_token)).status).to.equal(200);
    const again = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(again.status).to.equal(400);
    expect(OAuthErr.parse(again.json).error).to.equal('invalid_grant');
  });

  it('authenticates the client with the Basic header, not with a secret in the parameters', async () => {
    const code = await authorize();
    const inBody = await token(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: DEMO_CLIENT.clientId,
        client_secret: DEMO_CLIENT.clientSecret,
      },
      null,
    );
    expect(inBody.status).to.equal(401);
    expect(OAuthErr.parse(inBody.json).error).to.equal('invalid_client');
    const wrong = await token(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      `Basic ${Buffer.from('demo-lightspeed-client:nope').toString('base64')}`,
    );
    expect(wrong.status).to.equal(401);
  });

  it('rotates refresh tokens: each works once, a new pair comes back, the old one is refused', async () => {
    const pair = t.emu.mintToken();
    const r1 = await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect(r1.status).to.equal(200);
    const next = Tokens.parse(r1.json);
    expect(next.refresh_token).to.not.equal(pair.refresh_token);
    const reuse = await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect(reuse.status).to.equal(400);
    expect(OAuthErr.parse(reuse.json).error).to.equal('invalid_grant');
    expect((await token({ grant_type: 'refresh_token', refresh_token: next.refresh_token })).status).to.equal(200);
  });

  it('expires access tokens after 60 minutes (401 with a Bearer challenge) and refresh tokens after 14 days', async () => {
    const pair = t.emu.mintToken();
    t.emu.advanceClock(59 * 60_000);
    expect((await t.get('/f/data/businesses', pair.access_token)).status).to.equal(200);
    t.emu.advanceClock(61_000);
    const expired = await t.get('/f/data/businesses', pair.access_token);
    expect(expired.status).to.equal(401);
    expect(expired.headers.get('www-authenticate')).to.match(/^Bearer error="invalid_token"/);
    t.emu.advanceClock(14 * 86_400_000);
    expect((await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token })).status).to.equal(400);
  });

  it('refuses a call without a token, or with a token that lacks the financial-api scope', async () => {
    expect((await t.get('/f/data/businesses', null)).status).to.equal(401);
    const orders = t.emu.mintToken({ scope: 'orders-api' });
    expect((await t.get('/f/data/businesses', orders.access_token)).status).to.equal(403);
  });

  it('sends the merchant back with access_denied when they cancel, and refuses non-https redirects', async () => {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: DEMO_CLIENT.clientId,
      scope: 'financial-api',
      redirect_uri: REDIRECT,
    });
    const res = await fetch(`${t.emu.url}/oauth/authorize`, {
      method: 'POST',
      body: new URLSearchParams({ query: q.toString(), decision: 'deny' }),
      redirect: 'manual',
    });
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).to.equal('access_denied');
    const plain = new URLSearchParams({
      response_type: 'code',
      client_id: DEMO_CLIENT.clientId,
      scope: 'financial-api',
      redirect_uri: 'http://sync.example.com/cb',
    });
    const refused = await fetch(`${t.emu.url}/oauth/authorize?${plain}`);
    expect(refused.status).to.equal(400);
    expect(await refused.text()).to.contain('Redirect URLs require HTTPS');
  });

  it('stops every token of an app the merchant disconnects', async () => {
    const pair = t.emu.mintToken();
    expect(t.emu.revokeAccess(DEMO_CLIENT.clientId)).to.be.greaterThan(0);
    expect((await t.get('/f/data/businesses', pair.access_token)).status).to.equal(401);
    expect((await t.get('/f/data/businesses', t.token)).status).to.equal(401);
    expect((await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token })).status).to.equal(400);
  });

  it('can fail a refresh after committing it: the old refresh token is spent, the answer is a 500', async () => {
    const pair = t.emu.mintToken();
    t.emu.injectFault({ kind: 'commit-then-fail', target: 'token' });
    const failed = await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect(failed.status).to.equal(500);
    expect((await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token })).status).to.equal(400);
  });
});
