import { expect } from 'chai';
import { createProduct } from '../../../emulators/stripe/catalog.ts';
import { saveConnectionSettings } from '../../../src/db/source-connections.repo.ts';
import { type StripeHarness, startStripeHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * Stripe products → Fortnox articles (setting `products`): the product id is the article number its
 * invoice rows name, the default price in SEK goes to price list A excluding VAT.
 */
describe('Stripe products → Fortnox articles', function () {
  this.timeout(90_000);
  let s: StripeHarness;
  const article = (number: string) => s.h.stack.fortnox.tenant(1001).articles.get(number) as Rec | undefined;
  const price = (number: string) => s.h.stack.fortnox.tenant(1001).prices.get(`A|${number}|0`)?.Price;
  before(async () => {
    s = await startStripeHarness();
  });
  after(async () => s?.stop());

  it('off by default: a new product sends nothing', async () => {
    const p = createProduct(s.em.store, {
      name: 'Support, år',
      default_price_data: { currency: 'sek', unit_amount: '120000' },
    });
    await s.settled();
    expect(article(String(p.id))).to.equal(undefined);
  });

  it('set to create, a product becomes its article with its inclusive SEK price excluding 25 % VAT', async () => {
    await saveConnectionSettings(s.h.db.pool, 'stripe', 'default', { products: 'create' });
    const p = createProduct(s.em.store, {
      name: 'Premium, månad',
      default_price_data: { currency: 'sek', unit_amount: '49900', tax_behavior: 'inclusive' },
    });
    await s.h.until(() => article(String(p.id)) !== undefined, 'the article');
    await s.settled();
    expect(article(String(p.id))).to.include({ Description: 'Premium, månad', SalesAccount: 3001 });
    expect(Number(price(String(p.id)))).to.equal(399.2); // 499.00 incl. 25 %
  });
});
