import { expect } from 'chai';
import { at, receiver, SWEDISH_ADDRESS, startTest, type TestEmulator } from './helpers.ts';

/**
 * The levers another process pulls over `/__control` (the fault suite, the demo, a source test in
 * a child process): the same store, the same rules and the same webhooks as the in-process handle.
 */
describe('BigCommerce emulator: /__control levers over HTTP', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTest();
  });
  afterEach(async () => {
    await t.close();
  });

  const get = async (path: string) => (await fetch(`${t.emu.url}/__control${path}`)).json();

  it('creates a store, a scoped token and products, then plays shopper and merchant', async () => {
    expect((await t.control('/stores', { hash: 'abc123' })).status).to.equal(200);
    const account = await t.control('/accounts', { store: 'abc123', scopes: ['store_v2_orders', 'store_inventory'] });
    const token = String(at(account.json, 'access_token'));
    expect(at(account.json, 'client_secret')).to.be.a('string');
    const made = await t.control('/products', {
      store: 'abc123',
      name: 'Te',
      sku: 'TE-1',
      price: 59,
      inventory_tracking: 'product',
      inventory_level: 9,
    });
    expect(at(made.json, 'inventory_level')).to.equal(9);
    expect(
      (await t.api('GET', '/v3/catalog/products', undefined, { store: 'abc123', token })).status,
      'no products scope',
    ).to.equal(403);

    const placed = await t.control('/orders', {
      store: 'abc123',
      billing_address: { ...SWEDISH_ADDRESS, country: 'Norway', country_iso2: 'NO' },
      lines: [{ sku: 'TE-1', quantity: 2 }],
      shipping_cost_inc_tax: 99,
    });
    const id = Number(at(placed.json, 'id'));
    expect(at(placed.json, 'total_tax'), 'export to Norway carries no Swedish VAT').to.equal('0.0000');
    expect(
      (await t.control('/orders/pay', { store: 'abc123', order_id: id, gateway: 'klarna', method: 'offsite' })).status,
    ).to.equal(200);
    const paid = await t.api('GET', `/v2/orders/${id}`, undefined, { store: 'abc123', token });
    expect([at(paid.json, 'status_id'), at(paid.json, 'payment_status')]).to.deep.equal([11, 'captured']);
    const line = at(
      (await t.api('GET', `/v2/orders/${id}/products`, undefined, { store: 'abc123', token })).json,
      0,
      'id',
    );
    const refund = await t.control('/orders/refund', {
      store: 'abc123',
      order_id: id,
      lines: [{ order_product_id: line, quantity: 1 }],
    });
    expect(at(refund.json, 'payments', 0, 'provider_id')).to.equal('klarna');
    expect((await t.control('/orders/cancel', { store: 'abc123', order_id: id })).status).to.equal(200);
    expect((await t.control('/orders/cancel', { store: 'abc123', order_id: id })).status, 'already cancelled').to.equal(
      400,
    );
    expect((await t.control('/stock', { store: 'abc123', sku: 'TE-1', quantity: 3 })).status).to.equal(200);
    const snap = await get('/stores/abc123');
    expect(at(snap, 'orders', 0, 'status')).to.equal('Cancelled');
    expect(at(snap, 'orders', 0, 'lines', 0, 'quantity_refunded')).to.equal(1);
    expect(at(snap, 'stock', 0)).to.include({ sku: 'TE-1', level: 3 });
  });

  it('moves the clock, arms faults, sets the quota and drives webhook chaos and redelivery', async () => {
    const r = await receiver();
    try {
      const o = t.emu.checkout('demo', { billing_address: SWEDISH_ADDRESS, lines: [{ sku: 'MUGG-01', quantity: 1 }] });
      await t.api('POST', '/v3/hooks', { scope: 'store/order/statusUpdated', destination: r.url });
      expect((await t.control('/webhooks/chaos', { duplicate: 1 })).status).to.equal(200);
      expect((await t.control('/orders/status', { order_id: o.id, status_id: 11 })).status).to.equal(200);
      await t.emu.webhooks.idle();
      expect(r.seen).to.have.length(2);
      const log = (await get('/webhooks/deliveries?store=demo')) as { deliveries: { id: string; scope: string }[] };
      expect(log.deliveries.map((d) => d.scope)).to.deep.equal([
        'store/order/statusUpdated',
        'store/order/statusUpdated',
      ]);
      await t.control('/webhooks/chaos', { duplicate: 0 });
      await t.control('/webhooks/redeliver', { id: log.deliveries[0]?.id });
      await t.emu.webhooks.idle();
      expect(r.seen.map((s) => at(s.json, 'hash'))).to.have.members(Array(3).fill(at(r.seen[0]?.json, 'hash')));

      expect((await t.control('/rate-limit', { enabled: true, max: 1 })).status).to.equal(200);
      expect((await t.api('GET', '/v2/orders')).status).to.equal(200);
      expect((await t.api('GET', '/v2/orders')).status).to.equal(429);
      await t.control('/clock/advance', { seconds: 30 });
      expect((await t.api('GET', '/v2/orders')).status).to.equal(200);
      await t.control('/rate-limit', { enabled: false });
      await t.control('/faults', { kind: 'status', status: 503, count: 1, pathPrefix: '/stores/demo/v2/orders' });
      const failed = await t.api('GET', '/v2/orders');
      expect([failed.status, Array.isArray(failed.json)]).to.deep.equal([503, true]);
      const stats = (await get('/stats?scope=demo')) as { byStatus: Record<string, number> };
      expect(stats.byStatus['503']).to.equal(1);
    } finally {
      await r.close();
    }
  });
});
