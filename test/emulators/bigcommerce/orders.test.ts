import { expect } from 'chai';
import { at, receiver, SWEDISH_ADDRESS, startTest, type TestEmulator } from './helpers.ts';

/** V2 orders as a sync reads them: empty lists, date filters, paging, sort, statuses, write-backs. */

const mug = { sku: 'MUGG-01', quantity: 1 };
const place = (t: TestEmulator, extra: Record<string, unknown> = {}) =>
  t.emu.checkout('demo', { billing_address: SWEDISH_ADDRESS, lines: [mug], ...extra });
const ids = (json: unknown): number[] => (json as { id: number }[]).map((o) => o.id);

describe('BigCommerce emulator: V2 orders', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTest();
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers an empty page with 204 and no body at all, not []', async () => {
    const none = await t.api('GET', '/v2/orders');
    expect(none.status).to.equal(204);
    expect(none.text).to.equal('');
    place(t);
    expect((await t.api('GET', '/v2/orders')).status).to.equal(200);
    const past = await t.api('GET', '/v2/orders?page=2');
    expect([past.status, past.text]).to.deep.equal([204, '']);
    const filtered = await t.api('GET', '/v2/orders?status_id=5');
    expect([filtered.status, filtered.text]).to.deep.equal([204, '']);
  });

  it('filters on date_modified given as RFC-2822 or ISO-8601, inclusive at the printed second', async () => {
    const first = place(t);
    t.emu.advanceClock(3_600_000);
    const second = place(t);
    const printed = String(at((await t.api('GET', `/v2/orders/${second.id}`)).json, 'date_modified'));
    expect(printed).to.match(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    const since = await t.api('GET', `/v2/orders?min_date_modified=${encodeURIComponent(printed)}`);
    expect(ids(since.json)).to.deep.equal([second.id]);
    const iso = new Date(second.modified - 1000).toISOString();
    expect(ids((await t.api('GET', `/v2/orders?min_date_modified=${encodeURIComponent(iso)}`)).json)).to.deep.equal([
      second.id,
    ]);
    const before = new Date(first.modified + 60_000).toISOString().replace('Z', '+00:00');
    expect(ids((await t.api('GET', `/v2/orders?max_date_modified=${encodeURIComponent(before)}`)).json)).to.deep.equal([
      first.id,
    ]);
    const bad = await t.api('GET', '/v2/orders?min_date_modified=yesterday');
    expect(bad.status).to.equal(400);
    expect(bad.json).to.be.an('array');
  });

  it('a status change moves date_modified, so a modified-since poll sees it again', async () => {
    const o = place(t);
    t.emu.advanceClock(60_000);
    const cut = new Date(t.emu.now()).toISOString();
    expect((await t.api('GET', `/v2/orders?min_date_modified=${encodeURIComponent(cut)}`)).status).to.equal(204);
    t.emu.advanceClock(1000);
    const put = await t.api('PUT', `/v2/orders/${o.id}`, { status_id: 11 });
    expect(at(put.json, 'status')).to.equal('Awaiting Fulfillment');
    expect(ids((await t.api('GET', `/v2/orders?min_date_modified=${encodeURIComponent(cut)}`)).json)).to.deep.equal([
      o.id,
    ]);
  });

  it('pages with page/limit (default 50, at most 250) and sorts by field:asc|desc', async () => {
    const made = Array.from({ length: 5 }, (_, i) => {
      t.emu.advanceClock(1000);
      return place(t, { status_id: i % 2 === 0 ? 11 : 7 }).id;
    });
    expect(ids((await t.api('GET', '/v2/orders?limit=2&page=1')).json)).to.deep.equal(made.slice(0, 2));
    expect(ids((await t.api('GET', '/v2/orders?limit=2&page=3')).json)).to.deep.equal(made.slice(4));
    expect((await t.api('GET', '/v2/orders?limit=2&page=4')).status).to.equal(204);
    expect(ids((await t.api('GET', '/v2/orders?sort=id:desc')).json)).to.deep.equal([...made].reverse());
    expect(ids((await t.api('GET', '/v2/orders?status_id=7')).json)).to.deep.equal([made[1], made[3]]);
    t.emu.advanceClock(1000);
    await t.api('PUT', `/v2/orders/${made[2]}`, { staff_notes: 'touched' });
    expect(ids((await t.api('GET', '/v2/orders?sort=date_modified:desc&limit=1')).json)).to.deep.equal([made[2]]);
    expect((await t.api('GET', '/v2/orders?limit=251')).status).to.equal(413);
    expect((await t.api('GET', '/v2/orders?sort=colour:asc')).status).to.equal(400);
    const count = await t.api('GET', '/v2/orders/count');
    expect(at(count.json, 'count')).to.equal(5);
  });

  it('prints money as decimal strings and statuses 0–14 with their documented names', async () => {
    const o = place(t, { shipping_cost_inc_tax: 49, coupon_code: 'KAFFE50' });
    const json = (await t.api('GET', `/v2/orders/${o.id}`)).json as Record<string, unknown>;
    // 149 kr mug − 50 kr coupon + 49 kr shipping, moms 25 % included
    expect(json).to.include({ total_inc_tax: '148.0000', discount_amount: '50.0000', coupon_discount: '50.0000' });
    expect(json).to.include({
      status_id: 7,
      status: 'Awaiting Payment',
      payment_status: 'pending',
      currency_code: 'SEK',
    });
    expect(json.total_tax).to.equal('29.6000');
    const statuses = (await t.api('GET', '/v2/order_statuses')).json as { id: number; name: string }[];
    expect(statuses.map((s) => s.id)).to.deep.equal([...Array(15).keys()]);
    expect(statuses.find((s) => s.id === 11)?.name).to.equal('Awaiting Fulfillment');
    expect(statuses.find((s) => s.id === 0)?.name).to.equal('Incomplete');
    const line = ((await t.api('GET', `/v2/orders/${o.id}/products`)).json as Record<string, unknown>[])[0];
    expect(line).to.include({ sku: 'MUGG-01', price_inc_tax: '149.0000', discounted_total_inc_tax: '99.0000' });
  });

  it('fires store/order/created for an Incomplete checkout too, which a sync must not invoice', async () => {
    const r = await receiver();
    try {
      await t.api('POST', '/v3/hooks', { scope: 'store/order/created', destination: r.url });
      const arrived = r.next();
      const o = place(t, { status_id: 0, payment: { gateway: 'stripe', method: 'credit_card' } });
      expect(at((await arrived).json, 'data', 'id')).to.equal(o.id);
      const json = (await t.api('GET', `/v2/orders/${o.id}`)).json;
      expect([at(json, 'status_id'), at(json, 'payment_status')]).to.deep.equal([0, '']);
    } finally {
      await r.close();
    }
  });

  it('creates a paid checkout Incomplete and moves it 0 → 11 when the capture lands, as the docs’ example', async () => {
    const r = await receiver();
    try {
      await t.api('POST', '/v3/hooks', { scope: 'store/order/*', destination: r.url });
      const o = place(t, { payment: { gateway: 'stripe', method: 'credit_card' } });
      await t.emu.webhooks.idle();
      const scopes = r.seen.map((s) => at(s.json, 'scope'));
      expect(scopes).to.have.members([
        'store/order/created',
        'store/order/transaction/created',
        'store/order/statusUpdated',
        'store/order/updated',
      ]);
      const moved = r.seen.find((s) => at(s.json, 'scope') === 'store/order/statusUpdated');
      expect(at(moved?.json, 'data')).to.deep.equal({
        type: 'order',
        id: o.id,
        status: { previous_status_id: 0, new_status_id: 11 },
      });
      expect(at((await t.api('GET', `/v3/orders/${o.id}/transactions`)).json, 'data', 0)).to.include({
        event: 'capture',
        gateway: 'stripe',
      });
    } finally {
      await r.close();
    }
  });

  it('keeps what the service writes back: staff notes via PUT, metafields per app', async () => {
    const o = place(t);
    const put = await t.api('PUT', `/v2/orders/${o.id}`, { staff_notes: 'Fortnox faktura 1042' });
    expect(at(put.json, 'staff_notes')).to.equal('Fortnox faktura 1042');
    expect((await t.api('PUT', `/v2/orders/${o.id}`, { products: [{ id: 1, quantity: 2 }] })).status).to.equal(400);
    const field = { permission_set: 'app_only', namespace: 'fortnox-sync', key: 'invoice_number', value: '1042' };
    const made = await t.api('POST', `/v3/orders/${o.id}/metafields`, field);
    expect(made.status).to.equal(200);
    expect(at(made.json, 'data', 'resource_id')).to.equal(o.id);
    expect((await t.api('POST', `/v3/orders/${o.id}/metafields`, field)).status).to.equal(409);
    const other = t.emu.createAccount('demo', ['store_v2_orders']).access_token;
    const seenByOther = await t.api('GET', `/v3/orders/${o.id}/metafields`, undefined, { token: other });
    expect(at(seenByOther.json, 'data')).to.deep.equal([]); // app_only: private to the app that wrote it
    const mine = await t.api('GET', `/v3/orders/${o.id}/metafields?namespace=fortnox-sync`);
    expect(at(mine.json, 'data', 0, 'value')).to.equal('1042');
    expect(t.emu.snapshot().orders[0]).to.include({ staff_notes: 'Fortnox faktura 1042' });
  });

  it('answers 404 in the V2 shape for an order that does not exist or was archived', async () => {
    const o = place(t);
    expect((await t.api('DELETE', `/v2/orders/${o.id}`)).status).to.equal(204);
    const gone = await t.api('GET', `/v2/orders/${o.id}`);
    expect(gone.status).to.equal(404);
    expect(gone.json).to.deep.equal([{ status: 404, message: 'The requested resource was not found.' }]);
  });
});
