import { expect } from 'chai';
import { DEMO_CLIENT } from '../../../emulators/commercetools/index.ts';
import { at, startCt, type TestCt, tokenRequest } from './helpers.ts';

const HOUR = 3_600_000;

describe('commercetools emulator: OAuth and scopes', () => {
  let t: TestCt;
  beforeEach(async () => {
    t = await startCt({
      clients: [
        { id: 'reader', secret: 'reader-secret', scopes: ['view_orders:demo-project'] },
        { id: 'se-shop', secret: 'se-secret', scopes: ['manage_orders:demo-project:se'] },
        { id: 'admin', secret: 'admin-secret', scopes: ['manage_project:demo-project'] },
      ],
    });
  });
  afterEach(() => t.close());

  it('issues 48-hour bearer tokens for the client credentials flow, with all the client scopes when none are asked for', async () => {
    const got = await tokenRequest(t.url, DEMO_CLIENT, { grant_type: 'client_credentials' });
    expect(got.status).to.equal(200);
    expect(Object.keys(got.json as object).sort()).to.deep.equal(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(at(got.json, 'expires_in')).to.equal(172_800);
    expect(at(got.json, 'token_type')).to.equal('Bearer');
    expect(String(at(got.json, 'scope')).split(' ')).to.include.members([
      'manage_orders:demo-project',
      'view_messages:demo-project',
    ]);
  });

  it('grants the scopes asked for (manage implies view) and refuses scopes the client does not have', async () => {
    const narrow = await tokenRequest(t.url, DEMO_CLIENT, {
      grant_type: 'client_credentials',
      scope: 'view_orders:demo-project',
    });
    expect(at(narrow.json, 'scope')).to.equal('view_orders:demo-project');
    const token = String(at(narrow.json, 'access_token'));
    expect((await t.api('GET', '/orders', undefined, token)).status).to.equal(200);
    expect((await t.api('GET', '/payments', undefined, token)).status).to.equal(403);

    const refused = await tokenRequest(
      t.url,
      { id: 'reader', secret: 'reader-secret' },
      { grant_type: 'client_credentials', scope: 'manage_orders:demo-project' },
    );
    expect(refused.status).to.equal(400);
    expect(at(refused.json, 'error')).to.equal('invalid_scope');
  });

  it('answers bad credentials and grant types in the auth error envelope', async () => {
    const wrong = await tokenRequest(
      t.url,
      { id: DEMO_CLIENT.id, secret: 'wrong' },
      { grant_type: 'client_credentials' },
    );
    expect(wrong.status).to.equal(401);
    expect(at(wrong.json, 'error')).to.equal('invalid_client');
    expect(at(wrong.json, 'errors', 0, 'code')).to.equal('invalid_client');
    expect(at(wrong.json, 'statusCode')).to.equal(401);
    const grant = await tokenRequest(t.url, DEMO_CLIENT, { grant_type: 'password' });
    expect(grant.status).to.equal(400);
    expect(at(grant.json, 'error')).to.equal('unsupported_grant_type');
  });

  it('a manage_project client cannot ask for fewer scopes', async () => {
    const admin = { id: 'admin', secret: 'admin-secret' };
    expect((await tokenRequest(t.url, admin, { grant_type: 'client_credentials' })).status).to.equal(200);
    const less = await tokenRequest(t.url, admin, {
      grant_type: 'client_credentials',
      scope: 'view_orders:demo-project',
    });
    expect(less.status).to.equal(400);
  });

  it('a token stops working after its lifetime on the emulator clock (401 invalid_token)', async () => {
    expect((await t.api('GET', '/orders')).status).to.equal(200);
    t.emu.advanceClock(47 * HOUR);
    expect((await t.api('GET', '/orders')).status).to.equal(200);
    t.emu.advanceClock(HOUR);
    const expired = await t.api('GET', '/orders');
    expect(expired.status).to.equal(401);
    expect(expired.json).to.deep.equal({
      statusCode: 401,
      message: 'invalid_token',
      errors: [{ code: 'invalid_token', message: 'invalid_token' }],
      error: 'invalid_token',
    });
    expect((await t.api('GET', '/orders', undefined, null)).status).to.equal(401);
  });

  it('answers a missing scope with 403 insufficient_scope naming the scopes that would do', async () => {
    const reader = await tokenRequest(
      t.url,
      { id: 'reader', secret: 'reader-secret' },
      { grant_type: 'client_credentials' },
    );
    const token = String(at(reader.json, 'access_token'));
    const order = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    expect((await t.api('GET', `/orders/${order.id}`, undefined, token)).status).to.equal(200);
    const write = await t.api('POST', `/orders/${order.id}`, { version: order.version, actions: [] }, token);
    expect(write.status).to.equal(403);
    expect(at(write.json, 'error')).to.equal('insufficient_scope');
    expect(String(at(write.json, 'message'))).to.contain('manage_orders:demo-project');
    expect((await t.api('GET', '/messages', undefined, token)).status).to.equal(
      200,
      'view_orders still reads messages (deprecated scope)',
    );
  });

  it('a store-scoped token works on its store routes only', async () => {
    const got = await tokenRequest(t.url, { id: 'se-shop', secret: 'se-secret' }, { grant_type: 'client_credentials' });
    const token = String(at(got.json, 'access_token'));
    const order = t.emu.placeOrder({ store: 'se', lines: [{ sku: 'LIC-PRO' }] });
    expect((await t.api('GET', `/in-store/key=se/orders/${order.id}`, undefined, token)).status).to.equal(200);
    expect((await t.api('GET', `/orders/${order.id}`, undefined, token)).status).to.equal(403);
    expect((await t.api('GET', '/in-store/key=de/orders', undefined, token)).status).to.equal(403);
  });

  it('a revoked token (lever) is refused', async () => {
    t.emu.auth.revokeAll();
    expect((await t.api('GET', '/orders')).status).to.equal(401);
  });
});
