import { expect } from 'chai';
import {
  type BigCommerceEmulator,
  DEMO_STORE,
  DEMO_TOKEN,
  startBigCommerceEmulator,
} from '../../../emulators/bigcommerce/index.ts';
import { unlimited } from '../../../src/fortnox/rate-limiter.ts';
import { BigCommerceClient } from '../../../src/sources/bigcommerce/client.ts';
import { pushStock } from '../../../src/sources/bigcommerce/stock-push.ts';

/** Fortnox stock → BigCommerce inventory: absolute, batched by 2000, unknown SKUs reported once. */
describe('BigCommerce stock push', function () {
  this.timeout(30_000);
  let bc: BigCommerceEmulator;
  let client: BigCommerceClient;
  let skus: string[];

  before(async () => {
    bc = await startBigCommerceEmulator({ rateLimit: { enabled: false } });
    client = new BigCommerceClient(
      { storeHash: DEMO_STORE, accessToken: DEMO_TOKEN },
      { apiUrl: bc.url, limiter: unlimited },
    );
    skus = bc.createProducts(DEMO_STORE, { prefix: 'ART', count: 2500, inventory_level: 1 });
  });
  after(async () => bc?.close());
  beforeEach(() => bc.resetStats());

  const adjustments = () =>
    Object.entries(bc.stats(DEMO_STORE).byRoute)
      .filter(([route]) => route.includes('/inventory/adjustments/absolute'))
      .reduce((n, [, count]) => n + count, 0);

  it('2,500 changed SKUs go out in two requests with the absolute levels', async () => {
    const result = await pushStock(
      client,
      skus.map((sku, i) => ({ sku, quantity: i % 50 })),
    );
    expect(result).to.deep.include({ requests: 2, pushed: 2500, refused: [] });
    expect(adjustments()).to.equal(2);
    expect(bc.stockLevel(DEMO_STORE, skus[0]!)).to.equal(0);
    expect(bc.stockLevel(DEMO_STORE, skus[2499]!)).to.equal(2499 % 50);
  });

  it('sending the same levels again changes nothing (absolute, so retries are safe)', async () => {
    await pushStock(client, [{ sku: skus[7]!, quantity: 12 }]);
    await pushStock(client, [{ sku: skus[7]!, quantity: 12 }]);
    expect(bc.stockLevel(DEMO_STORE, skus[7]!)).to.equal(12);
  });

  it('SKUs the store does not know are reported, the rest still pushed', async () => {
    const result = await pushStock(client, [
      { sku: skus[1]!, quantity: 33 },
      { sku: 'NOT-IN-STORE', quantity: 5 },
      { sku: 'KAFFE-500', quantity: 77 },
    ]);
    expect(result.refused).to.deep.equal([{ sku: 'NOT-IN-STORE', reason: 'not a SKU of this store' }]);
    expect(result.pushed).to.equal(2);
    expect(bc.stockLevel(DEMO_STORE, skus[1]!)).to.equal(33);
    expect(bc.stockLevel(DEMO_STORE, 'KAFFE-500')).to.equal(77);
  });
});
