import { expect } from 'chai';
import { at, startTest, type TestEmulator } from './helpers.ts';

/** X-Auth-Token, per-scope 403s and the store quota shared by every app on the store. */

describe('BigCommerce emulator: tokens, scopes and the store quota', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('refuses a missing or unknown token with 401 in each version’s error shape', async () => {
    t = await startTest();
    const v2 = await t.api('GET', '/v2/orders', undefined, { token: 'nope' });
    expect(v2.status).to.equal(401);
    expect(v2.json).to.be.an('array');
    const v3 = await t.api('GET', '/v3/catalog/products', undefined, { token: 'nope' });
    expect(v3.status).to.equal(401);
    expect(v3.json).to.include({ status: 401 });
    const elsewhere = t.emu.createStore({ hash: 'other' });
    expect((await t.api('GET', '/v2/orders', undefined, { store: elsewhere.hash })).status).to.equal(401);
  });

  it('grants each route only to the scopes of the token: read-only reads, modify writes, 403 otherwise', async () => {
    t = await startTest();
    const readOnly = t.emu.createAccount('demo', ['store_v2_orders_read_only']).access_token;
    const o = t.emu.checkout('demo', {
      billing_address: { first_name: 'A', last_name: 'B', country_iso2: 'SE' },
      lines: [{ sku: 'MUGG-01', quantity: 1 }],
    });
    expect((await t.api('GET', `/v2/orders/${o.id}`, undefined, { token: readOnly })).status).to.equal(200);
    const write = await t.api('PUT', `/v2/orders/${o.id}`, { staff_notes: 'x' }, { token: readOnly });
    expect(write.status).to.equal(403);
    expect(write.json).to.deep.equal([
      { status: 403, message: "You don't have a required scope to access the endpoint" },
    ]);
    const catalog = await t.api('GET', '/v3/catalog/products', undefined, { token: readOnly });
    expect(catalog.status).to.equal(403);
    expect(at(catalog.json, 'title')).to.equal("You don't have a required scope to access the endpoint");
    expect((await t.api('GET', `/v3/orders/${o.id}/transactions`, undefined, { token: readOnly })).status).to.equal(
      403,
    );
    const refunds = await t.api('GET', `/v3/orders/${o.id}/payment_actions/refunds`, undefined, { token: readOnly });
    expect(refunds.status, 'refund reads also accept the orders scopes').to.equal(200);
    const stock = t.emu.createAccount('demo', ['store_inventory']).access_token;
    const adjust = { items: [{ location_id: 1, sku: 'MUGG-01', quantity: 3 }] };
    expect((await t.api('PUT', '/v3/inventory/adjustments/absolute', adjust, { token: stock })).status).to.equal(200);
    expect((await t.api('PUT', '/v3/inventory/adjustments/absolute', adjust, { token: readOnly })).status).to.equal(
      403,
    );
    // Webhooks need no scope: "accessible from the default scope … to all API accounts".
    expect((await t.api('GET', '/v3/hooks', undefined, { token: readOnly })).status).to.equal(200);
  });

  it('sends the X-Rate-Limit-* headers on every answer and 429 with X-Retry-After once the store’s 150 are spent', async () => {
    t = await startTest({ rateLimit: { enabled: true } });
    const first = await t.api('GET', '/v2/orders');
    expect(first.headers.get('x-rate-limit-time-window-ms')).to.equal('30000');
    expect(first.headers.get('x-rate-limit-requests-quota')).to.equal('150');
    expect(first.headers.get('x-rate-limit-requests-left')).to.equal('149');
    expect(Number(first.headers.get('x-rate-limit-time-reset-ms'))).to.be.within(29_000, 30_000);
    const other = t.emu.createAccount('demo', ['store_v2_products_read_only']).access_token;
    for (let i = 0; i < 148; i++) await t.api('GET', '/v3/catalog/products?limit=1', undefined, { token: other });
    const last = await t.api('GET', '/v2/orders');
    expect([last.status, last.headers.get('x-rate-limit-requests-left')]).to.deep.equal([204, '0']);
    t.emu.advanceClock(10_000);
    const refused = await t.api('GET', '/v2/orders');
    expect(refused.status).to.equal(429);
    const retryAfter = Number(refused.headers.get('x-retry-after'));
    expect(retryAfter, 'seconds until the quota refreshes').to.be.within(15, 20);
    expect(refused.headers.get('x-rate-limit-requests-left')).to.equal('0');
    const v3 = await t.api('GET', '/v3/catalog/products', undefined, { token: other });
    expect(v3.status, 'the quota is the store’s, shared by every API account').to.equal(429);
    expect(v3.json).to.deep.include({ status: 429, title: 'Too many requests' });
    t.emu.createStore({ hash: 'other' });
    const token = t.emu.createAccount('other', ['store_v2_orders']).access_token;
    expect((await t.api('GET', '/v2/orders', undefined, { store: 'other', token })).status).to.equal(204);
    t.emu.advanceClock(retryAfter * 1000);
    const again = await t.api('GET', '/v2/orders');
    expect([again.status, again.headers.get('x-rate-limit-requests-left')]).to.deep.equal([204, '149']);
  });

  it('can answer the header-less 429 of platform load, which a client must also back off from', async () => {
    t = await startTest({ rateLimit: { enabled: true } });
    t.emu.injectFault({ kind: 'status', status: 429, count: 1, scope: 'demo' });
    const loaded = await t.api('GET', '/v2/orders');
    expect(loaded.status).to.equal(429);
    expect(loaded.headers.get('x-retry-after')).to.equal(null);
    expect(loaded.headers.get('x-rate-limit-requests-left')).to.equal(null);
    expect((await t.api('GET', '/v2/orders')).status).to.equal(204);
    expect(t.emu.stats('demo').rateLimited).to.equal(1);
  });
});
