import { expect } from 'chai';
import { DEMO_STORE } from '../../../emulators/bigcommerce/index.ts';
import { create, update } from '../../../emulators/fortnox/crud.ts';
import { articles } from '../../../emulators/fortnox/resources/articles.ts';
import { DEMO_TENANT } from '../../../scripts/stack.ts';
import { saveConnectionSettings } from '../../../src/db/source-connections.repo.ts';
import { type BigCommerceHarness, startBigCommerceHarness } from './harness.ts';

/**
 * Stock follows Fortnox: when finance changes an article's stock in Fortnox (the `articles`
 * WebSocket event), the store's inventory of that SKU is set to the same absolute level — only
 * the SKUs that changed, 2,000 per request, SKUs the store lacks reported once and not retried.
 */
describe('BigCommerce stock from Fortnox (end to end)', function () {
  this.timeout(120_000);
  let t: BigCommerceHarness;
  const tenant = () => t.h.stack.fortnox.tenant(Number(DEMO_TENANT));
  const route = (r: string) => t.bc.stats(DEMO_STORE).byRoute[r] ?? 0;
  const ADJUST = 'PUT /stores/demo/v3/inventory/adjustments/absolute';
  const LOOKUP = 'GET /stores/demo/v3/inventory/items';

  /** Finance sets an article's stock in Fortnox (created when it does not exist yet). */
  const fortnoxStock = (sku: string, quantity: number) => {
    if (tenant().articles.has(sku)) update(articles, tenant(), sku, { Article: { QuantityInStock: quantity } });
    else create(articles, tenant(), { Article: { ArticleNumber: sku, Description: sku, QuantityInStock: quantity } });
  };
  const stockIdle = async () =>
    t.h.until(async () => {
      const { rows } = await t.h.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'stock.sync' AND state IN ('created', 'retry', 'active')`,
      );
      return rows[0]!.n === 0;
    }, 'stock.sync to finish');
  const pushes = async (sku: string) =>
    (
      await t.h.db.pool.query<{ state: string; quantity: string; message: string | null }>(
        `SELECT state, quantity, message FROM stock_pushes WHERE system = 'bigcommerce' AND connection = $1 AND sku = $2`,
        [DEMO_STORE, sku],
      )
    ).rows;

  before(async () => {
    t = await startBigCommerceHarness();
    await saveConnectionSettings(t.h.db.pool, 'bigcommerce', DEMO_STORE, { stockFromFortnox: true });
  });
  after(async () => t?.stop());

  it('a stock change in Fortnox reaches the store', async () => {
    fortnoxStock('KAFFE-500', 42);
    await t.h.until(() => t.bc.stockLevel(DEMO_STORE, 'KAFFE-500') === 42, 'the store to show 42 KAFFE-500');
    await stockIdle();
    fortnoxStock('KAFFE-500', 17);
    await t.h.until(() => t.bc.stockLevel(DEMO_STORE, 'KAFFE-500') === 17, 'the store to follow to 17');
  });

  it('2,500 changed SKUs go to the store in two requests', async () => {
    const skus = t.bc.createProducts(DEMO_STORE, { prefix: 'ART', count: 2500, inventory_level: 1 });
    await stockIdle();
    t.bc.resetStats();
    for (const [i, sku] of skus.entries()) fortnoxStock(sku, 100 + (i % 7));
    await t.h.until(() => t.bc.stockLevel(DEMO_STORE, skus[2499]!) === 100 + (2499 % 7), 'the last SKU to arrive');
    await stockIdle();
    expect(route(ADJUST)).to.equal(2);
    expect(t.bc.stockLevel(DEMO_STORE, skus[0]!)).to.equal(100);
    // Only what changed goes out next time: one article, one request.
    t.bc.resetStats();
    fortnoxStock(skus[10]!, 5);
    await t.h.until(() => t.bc.stockLevel(DEMO_STORE, skus[10]!) === 5, 'the one change');
    await stockIdle();
    expect(route(ADJUST)).to.equal(1);
  });

  it('a SKU the store does not have is reported once, not retried with every change', async () => {
    await stockIdle();
    fortnoxStock('NOT-IN-STORE', 3);
    fortnoxStock('MUGG-01', 9);
    await t.h.until(() => t.bc.stockLevel(DEMO_STORE, 'MUGG-01') === 9, 'the known SKU to arrive');
    await stockIdle();
    expect(await pushes('NOT-IN-STORE')).to.deep.equal([
      { state: 'unknown', quantity: '3', message: 'not a SKU of this store' },
    ]);
    // The operator sees it on the console's connections page, beside the store.
    const page = await (await fetch(`${t.h.stack.appUrl}/connections`)).text();
    expect(page).to.match(/Stock: 1 Fortnox article has no product with that SKU here \(NOT-IN-STORE\)/);
    // Other changes go out alone: the unknown SKU is not sent (nor looked up) again.
    t.bc.resetStats();
    fortnoxStock('MUGG-01', 8);
    await t.h.until(() => t.bc.stockLevel(DEMO_STORE, 'MUGG-01') === 8, 'the next change');
    await stockIdle();
    expect(route(ADJUST)).to.equal(1);
    expect(route(LOOKUP)).to.equal(0);
  });

  it('a push that fails is retried with the same absolute levels', async () => {
    await stockIdle();
    t.bc.injectFault({ kind: 'status', status: 503, count: 1, method: 'PUT', pathPrefix: '/stores/demo/v3/inventory' });
    t.bc.resetStats();
    fortnoxStock('KAFFE-500', 30);
    await t.h.until(() => t.bc.stockLevel(DEMO_STORE, 'KAFFE-500') === 30, 'the retried push', 60_000);
    await stockIdle();
    expect(route(ADJUST)).to.equal(2); // the failed one and its retry
    expect(t.bc.stockLevel(DEMO_STORE, 'KAFFE-500')).to.equal(30);
    expect((await pushes('KAFFE-500'))[0]).to.include({ state: 'pushed', quantity: '30' });
  });
});
