import { expect } from 'chai';
import { at, q, startCt, type TestCt } from './helpers.ts';

type Page = { limit: number; offset: number; count: number; total?: number; results: Array<Record<string, unknown>> };

describe('commercetools emulator: queries and versions', () => {
  let t: TestCt;
  const numbers: string[] = [];
  before(async () => {
    t = await startCt({ limits: { totalCap: 4 } });
    numbers.length = 0;
    for (const [i, store] of ['se', 'de', 'se', 'de', 'se', 'se'].entries()) {
      const o = t.emu.placeOrder({ store, lines: [{ sku: i % 2 ? 'KAFFE-500' : 'LIC-PRO', quantity: i + 1 }] });
      numbers.push(String(o.orderNumber));
      t.emu.advanceClock(60_000);
    }
  });
  after(() => t.close());

  const page = async (query: string): Promise<Page> => {
    const got = await t.api('GET', `/orders?${query}`);
    expect(got.status, got.text).to.equal(200);
    return got.json as Page;
  };

  it('pages with limit (default 20, at most 500) and offset (at most 10,000)', async () => {
    const all = await page('');
    expect(all.limit).to.equal(20);
    expect(all.count).to.equal(6);
    expect((await page('limit=2&offset=1')).results.map((o) => o.orderNumber)).to.deep.equal(numbers.slice(1, 3));
    expect((await page('limit=500')).limit).to.equal(500);
    expect((await page('offset=10000')).count).to.equal(0);
    for (const bad of ['limit=501', 'offset=10001', 'limit=-1', 'limit=abc']) {
      const got = await t.api('GET', `/orders?${bad}`);
      expect(got.status, bad).to.equal(400);
      expect(at(got.json, 'errors', 0, 'code')).to.equal('InvalidInput');
    }
  });

  it('reports total unless withTotal=false, capped when a predicate filters', async () => {
    expect((await page('')).total).to.equal(6);
    expect(await page('withTotal=false')).to.not.have.property('total');
    const filtered = await page(`where=${q('version > 0')}`);
    expect(filtered.count).to.equal(6);
    expect(filtered.total).to.equal(4, 'the cap configured for this test');
  });

  it('filters with comparisons, and/or, in, nested fields and input variables', async () => {
    const se = await page(`where=${q('store(key = "se")')}`);
    expect(se.results.map((o) => o.orderNumber)).to.deep.equal([numbers[0], numbers[2], numbers[4], numbers[5]]);
    const coffee = await page(`where=${q('lineItems(variant(sku = "KAFFE-500") and quantity >= 4)')}`);
    expect(coffee.results.map((o) => o.orderNumber)).to.deep.equal([numbers[3], numbers[5]]);
    const either = await page(`where=${q(`orderNumber = "${numbers[0]}" or orderNumber = "${numbers[1]}"`)}`);
    expect(either.count).to.equal(2);
    const inList = await page(`where=${q('orderNumber in (:a, :b)')}&var.a=${numbers[2]}&var.b=${numbers[3]}`);
    expect(inList.results.map((o) => o.orderNumber)).to.deep.equal([numbers[2], numbers[3]]);
    const two = await page(`where=${q('store(key = "de")')}&where=${q('lineItems(quantity > 2)')}`);
    expect(two.results.map((o) => o.orderNumber)).to.deep.equal([numbers[3]], 'several where parameters are ANDed');
    const notIn = await page(`where=${q(`not(orderNumber in ("${numbers[0]}")) and paymentState is defined`)}`);
    expect(notIn.count).to.equal(5);
  });

  it('compares date-times as instants: lastModifiedAt > a checkpoint finds what changed since', async () => {
    const all = await page('sort=lastModifiedAt asc');
    const checkpoint = String(all.results[3]?.lastModifiedAt).replace(/\.\d+Z$/, 'Z');
    const since = await page(`where=${q(`lastModifiedAt > "${checkpoint}"`)}&sort=lastModifiedAt asc`);
    expect(since.results.map((o) => o.orderNumber)).to.deep.equal(numbers.slice(3));
  });

  it('sorts by one or more fields, ascending or descending', async () => {
    const desc = await page('sort=createdAt desc');
    expect(desc.results.map((o) => o.orderNumber)).to.deep.equal([...numbers].reverse());
    const byStore = await page('sort=store.key asc&sort=createdAt desc');
    expect(byStore.results.map((o) => o.orderNumber)).to.deep.equal([
      numbers[3],
      numbers[1],
      numbers[5],
      numbers[4],
      numbers[2],
      numbers[0],
    ]);
  });

  it('refuses malformed predicates and sorts with 400 InvalidInput', async () => {
    for (const bad of [
      `where=${q('orderNumber = ')}`,
      `where=${q('orderNumber == "x"')}`,
      'sort=createdAt',
      `where=${q('x in :nothing')}`,
    ]) {
      const got = await t.api('GET', `/orders?${bad}`);
      expect(got.status, bad).to.equal(400);
      expect(at(got.json, 'errors', 0, 'code')).to.equal('InvalidInput');
    }
  });

  it('increments version once per update request and answers a stale version with 409 and currentVersion', async () => {
    const id = t.emu.order(numbers[0] as string).id;
    const before = (await t.api('GET', `/orders/${id}`)).json as { version: number };
    const both = [
      { action: 'changeOrderState', orderState: 'Confirmed' },
      { action: 'changeShipmentState', shipmentState: 'Ready' },
    ];
    const ok = await t.api('POST', `/orders/${id}`, { version: before.version, actions: both });
    expect(at(ok.json, 'version')).to.equal(before.version + 1);
    const stale = await t.api('POST', `/orders/${id}`, {
      version: before.version,
      actions: [{ action: 'changeOrderState', orderState: 'Complete' }],
    });
    expect(stale.status).to.equal(409);
    expect(at(stale.json, 'errors', 0)).to.include({
      code: 'ConcurrentModification',
      currentVersion: before.version + 1,
    });
    const unchanged = await t.api('GET', `/orders/${id}`);
    expect(at(unchanged.json, 'orderState')).to.equal('Confirmed', 'nothing of a refused update is applied');
  });

  it('applies all actions of an update or none', async () => {
    const id = t.emu.order(numbers[1] as string).id;
    const v = Number(at((await t.api('GET', `/orders/${id}`)).json, 'version'));
    const got = await t.api('POST', `/orders/${id}`, {
      version: v,
      actions: [
        { action: 'changeOrderState', orderState: 'Complete' },
        { action: 'changePaymentState', paymentState: 'NotAState' },
      ],
    });
    expect(got.status).to.equal(400);
    const after = await t.api('GET', `/orders/${id}`);
    expect(at(after.json, 'version')).to.equal(v);
    expect(at(after.json, 'orderState')).to.equal('Open');
  });

  it('reads an order by order number (URL-encoded) and answers 404 ResourceNotFound for unknown ones', async () => {
    const got = await t.api('GET', `/orders/order-number=${encodeURIComponent(numbers[2] as string)}`);
    expect(at(got.json, 'orderNumber')).to.equal(numbers[2]);
    const missing = await t.api('GET', '/orders/order-number=NOPE-1');
    expect(missing.status).to.equal(404);
    expect(at(missing.json, 'errors', 0, 'code')).to.equal('ResourceNotFound');
    expect((await t.api('HEAD', `/orders/order-number=${numbers[2]}`)).status).to.equal(200);
  });
});
