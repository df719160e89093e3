import { expect } from 'chai';
import { at, receiver, SWEDISH_ADDRESS, startTest, type TestEmulator } from './helpers.ts';

/** Stock pushed from Fortnox: absolute and relative adjustments, tracking modes, limits, timing. */

const absolute = (t: TestEmulator, items: unknown[]) =>
  t.api('PUT', '/v3/inventory/adjustments/absolute', { reason: 'Fortnox', items });
const relative = (t: TestEmulator, items: unknown[]) =>
  t.api('POST', '/v3/inventory/adjustments/relative', { reason: 'Fortnox', items });

describe('BigCommerce emulator: inventory', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('refuses a relative change before any absolute one with the documented 422, then accepts it', async () => {
    t = await startTest();
    const p = t.emu.createProduct('demo', {
      name: 'Ny burk',
      sku: 'BURK-NY',
      price: 99,
      inventory_tracking: 'product',
      absolute: false,
    });
    const early = await relative(t, [{ location_id: 1, product_id: p.id, quantity: 5 }]);
    expect(early.status).to.equal(422);
    expect(early.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(at(early.json, 'title')).to.equal(
      `Items with identity: [product_id ${p.id}] requires absolute adjustment before relative`,
    );
    expect((await absolute(t, [{ location_id: 1, sku: 'BURK-NY', quantity: 10 }])).status).to.equal(200);
    const later = await relative(t, [{ location_id: 1, product_id: p.id, quantity: -3 }]);
    expect(later.status).to.equal(200);
    expect(at(later.json, 'transaction_id')).to.be.a('string');
    expect(t.emu.stockLevel('demo', 'BURK-NY')).to.equal(7);
  });

  it('addresses stock where the tracking mode keeps it: by product id, or by variant id / SKU', async () => {
    t = await startTest();
    const mug = t.emu.store().variantBySku('MUGG-01');
    const shirt = t.emu.store().variantBySku('TSHIRT-S');
    const byVariant = await absolute(t, [{ location_id: 1, variant_id: mug?.id, quantity: 5 }]);
    expect(byVariant.status).to.equal(422);
    expect(at(byVariant.json, 'title')).to.equal(
      `[Item with variant_id ${mug?.id} is tracked by product, please update stock by product id]`,
    );
    expect((await absolute(t, [{ location_id: 1, product_id: shirt?.productId, quantity: 5 }])).status).to.equal(422);
    expect((await absolute(t, [{ location_id: 1, product_id: mug?.productId, quantity: 5 }])).status).to.equal(200);
    expect((await absolute(t, [{ location_id: 1, sku: 'TSHIRT-S', quantity: 4 }])).status).to.equal(200);
    const untracked = await absolute(t, [{ location_id: 1, sku: 'BURK-LTD', quantity: 4 }]);
    expect(untracked.status).to.equal(422);
    const product = (await t.api('GET', `/v3/catalog/products/${shirt?.productId}`)).json;
    expect([at(product, 'data', 'inventory_tracking'), at(product, 'data', 'inventory_level')]).to.deep.equal([
      'variant',
      24,
    ]);
  });

  it('keeps the safety buffer: a relative change below it fails and leaves stock unchanged [inventory-adjustments.mdx]', async () => {
    t = await startTest();
    const p = t.emu.createProduct('demo', {
      name: 'Buffrad',
      sku: 'BUF-1',
      price: 10,
      inventory_tracking: 'product',
      inventory_level: 50,
      safety_stock: 10,
    });
    expect((await relative(t, [{ location_id: 1, sku: 'BUF-1', quantity: -41 }])).status).to.equal(422);
    expect(t.emu.stockLevel('demo', 'BUF-1')).to.equal(50);
    expect((await relative(t, [{ location_id: 1, sku: 'BUF-1', quantity: -20 }])).status).to.equal(200);
    const items = (await t.api('GET', `/v3/inventory/locations/1/items?product_id:in=${p.id}`)).json;
    expect([at(items, 'data', 0, 'total_inventory_onhand'), at(items, 'data', 0, 'available_to_sell')]).to.deep.equal([
      30, 20,
    ]);
  });

  it('takes at most 2000 items per request, all or nothing', async () => {
    t = await startTest();
    const item = { location_id: 1, sku: 'MUGG-01', quantity: 7 };
    expect(
      (
        await absolute(
          t,
          Array.from({ length: 2001 }, () => item),
        )
      ).status,
    ).to.equal(422);
    expect(t.emu.stockLevel('demo', 'MUGG-01')).to.equal(40);
    expect(
      (
        await absolute(
          t,
          Array.from({ length: 2000 }, () => item),
        )
      ).status,
    ).to.equal(200);
    expect(t.emu.stockLevel('demo', 'MUGG-01')).to.equal(7);
    const mixed = await absolute(t, [
      { location_id: 1, sku: 'KAFFE-500', quantity: 1 },
      { location_id: 1, sku: 'NO-SUCH-SKU', quantity: 1 },
    ]);
    expect(mixed.status).to.equal(422);
    expect(t.emu.stockLevel('demo', 'KAFFE-500'), 'the good item is not applied either').to.equal(120);
  });

  it('takes a 2,500-SKU stock push as two absolute batches, made through the bulk lever', async () => {
    t = await startTest();
    const made = await t.control('/products/bulk', { prefix: 'ART', count: 2500, inventory_level: 1 });
    expect(at(made.json, 'count')).to.equal(2500);
    const skus = Array.from({ length: 2500 }, (_, i) => `ART-${String(i + 1).padStart(4, '0')}`);
    const items = skus.map((sku, i) => ({ location_id: 1, sku, quantity: i }));
    expect((await absolute(t, items.slice(0, 2000))).status).to.equal(200);
    expect((await absolute(t, items.slice(2000))).status).to.equal(200);
    expect([t.emu.stockLevel('demo', 'ART-0001'), t.emu.stockLevel('demo', 'ART-2500')]).to.deep.equal([0, 2499]);
  });

  it('can apply writes after a delay, as the asynchronous Inventory API does', async () => {
    t = await startTest({ quirks: { inventoryApplyMs: 60_000 } });
    expect((await absolute(t, [{ location_id: 1, sku: 'MUGG-01', quantity: 3 }])).status).to.equal(200);
    const soon = (await t.api('GET', '/v3/inventory/items?sku:in=MUGG-01')).json;
    expect(at(soon, 'data', 0, 'locations', 0, 'total_inventory_onhand')).to.equal(40);
    t.emu.advanceClock(60_000);
    const later = (await t.api('GET', '/v3/inventory/items?sku:in=MUGG-01')).json;
    expect(at(later, 'data', 0, 'locations', 0, 'total_inventory_onhand')).to.equal(3);
  });

  it('announces stock changes: absolute writes and orders, by SKU for variants and by product otherwise', async () => {
    t = await startTest();
    const r = await receiver();
    try {
      await t.api('POST', '/v3/hooks', { scope: 'store/sku/inventory/updated', destination: r.url });
      await t.api('POST', '/v3/hooks', { scope: 'store/product/inventory/order/updated', destination: r.url });
      const first = r.next();
      await absolute(t, [{ location_id: 1, sku: 'TSHIRT-L', quantity: 4 }]);
      const shirt = t.emu.store().variantBySku('TSHIRT-L');
      expect(at((await first).json, 'data')).to.deep.equal({
        type: 'sku',
        id: shirt?.skuId,
        inventory: { product_id: shirt?.productId, method: 'absolute', value: -6, variant_id: shirt?.id },
      });
      const second = r.next();
      const o = t.emu.checkout('demo', { billing_address: SWEDISH_ADDRESS, lines: [{ sku: 'MUGG-01', quantity: 2 }] });
      expect(at((await second).json, 'data', 'inventory')).to.include({ method: 'relative', value: -2 });
      expect(t.emu.stockLevel('demo', 'MUGG-01')).to.equal(38);
      const third = r.next();
      t.emu.cancel('demo', o.id);
      expect(at((await third).json, 'data', 'inventory')).to.include({ method: 'relative', value: 2 });
      expect(t.emu.stockLevel('demo', 'MUGG-01'), 'a cancelled order gives its stock back').to.equal(40);
    } finally {
      await r.close();
    }
  });
});
