import { expect } from 'chai';
import { saveProduct } from '../../../emulators/woocommerce/products.ts';
import { saveConnectionSettings } from '../../../src/db/source-connections.repo.ts';
import { startWooHarness, type WooHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * WooCommerce products → Fortnox articles through the core's article sink (setting `products`):
 * created or updated with the SKU as article number, the shop's VAT and the regular price in
 * price list A excluding VAT — or, set to match, only linked to the article finance made.
 */
describe('WooCommerce products → Fortnox articles', function () {
  this.timeout(90_000);
  let w: WooHarness;
  const tenant = () => w.h.stack.fortnox.tenant(1001);
  const article = (number: string) => tenant().articles.get(number) as Rec | undefined;
  const price = (number: string) => tenant().prices.get(`A|${number}|0`)?.Price;
  const record = async (productId: number) => {
    const { rows } = await w.h.db.pool.query<{ state: string; error_code: string | null; error_message: string }>(
      `SELECT state, error_code, error_message FROM sync_records
        WHERE source_system = 'woocommerce' AND source_object = 'product' AND source_id = $1`,
      [String(productId)],
    );
    return rows[0];
  };
  // As the shop's admin saving a product: the emulator's webhooks for it are queued.
  const product = (...args: Parameters<typeof saveProduct> extends [unknown, ...infer R] ? R : never) => {
    const p = saveProduct(w.woo.store, ...args);
    w.woo.webhooks.flush();
    return p;
  };
  before(async () => {
    w = await startWooHarness();
  });
  after(async () => w?.stop());

  it('with products off (the default) a new product sends nothing', async () => {
    const p = product({ name: 'Te Earl Grey', sku: 'TE-EG', regular_price: '89.00' });
    await w.settled();
    expect(article('TE-EG')).to.equal(undefined);
    expect(await record(p.id)).to.equal(undefined);
  });

  it('set to create, a product becomes its article with 12 % VAT and its price excluding VAT', async () => {
    await saveConnectionSettings(w.h.db.pool, 'woocommerce', 'default', { products: 'create' });
    await w.poll(); // registers the product webhooks
    const p = product({
      name: 'Kaffe Mörkrost 500 g',
      sku: 'KAFFE-MORK',
      regular_price: '134.40', // entered with tax: 120.00 + 12 %
      tax_class: 'reduced-rate',
    });
    await w.settled();
    expect(article('KAFFE-MORK')).to.include({ Description: 'Kaffe Mörkrost 500 g', SalesAccount: 3002 });
    expect(Number(price('KAFFE-MORK'))).to.equal(120);
    expect((await record(p.id))?.state).to.equal('synced');

    // A changed name and price update the same article; nothing is made twice.
    product({ name: 'Kaffe Mörkrost 450 g', regular_price: '112.00' }, p);
    await w.settled();
    expect(article('KAFFE-MORK')).to.include({ Description: 'Kaffe Mörkrost 450 g' });
    expect(Number(price('KAFFE-MORK'))).to.equal(100);
  });

  it('a product without a SKU needs attention, saying what to add', async () => {
    const p = product({ name: 'Presentkort', regular_price: '500.00' });
    await w.settled();
    const r = await record(p.id);
    expect(r?.state).to.equal('needs_attention');
    expect(r?.error_message).to.equal(
      'Product “Presentkort” has no SKU, so it cannot become a Fortnox article (the SKU is the article number). Give it a SKU in WooCommerce and save it.',
    );
  });

  it('set to match, an existing article is linked and left as finance made it; a missing one needs attention', async () => {
    await saveConnectionSettings(w.h.db.pool, 'woocommerce', 'default', { products: 'match' });
    tenant().articles.put(
      'MUGG-1',
      { ...(article('KAFFE-MORK') ?? {}), ArticleNumber: 'MUGG-1', Description: 'Mugg (Fortnox)' },
      0,
    );
    const known = product({ name: 'Mugg', sku: 'MUGG-1', regular_price: '99.00' });
    const unknown = product({ name: 'Termos', sku: 'TERMOS-1', regular_price: '249.00' });
    await w.settled();
    expect((await record(known.id))?.state).to.equal('synced');
    expect(article('MUGG-1')).to.include({ Description: 'Mugg (Fortnox)' });
    const missing = await record(unknown.id);
    expect(missing?.error_code).to.equal('article_not_in_fortnox');
    expect(missing?.error_message).to.contain('Create article TERMOS-1 in Fortnox');
    expect(article('TERMOS-1')).to.equal(undefined);
  });
});
