import { expect } from 'chai';
import { memoryOrder } from '../helpers/memory-source.ts';
import { type MoneyHarness, startMoneyHarness } from './helpers.ts';

type Rec = Record<string, unknown>;

/**
 * A rounding row (öresavrundning) books on the rounding account, 3740, and only on an article
 * Fortnox has: without it nothing is sent and the message names the article to create and where it
 * books — end to end with the in-memory shop and the Fortnox emulator.
 */
describe('rounding rows', function () {
  this.timeout(90_000);
  let h: MoneyHarness;
  before(async () => {
    h = await startMoneyHarness();
  });
  after(async () => h?.stop());

  function roundedOrder(id: string) {
    const order = memoryOrder(id, [{ sku: 'SKU-R', quantity: 1, price: 99.99 }]);
    order.lines.push({
      kind: 'rounding',
      productCode: 'AVRUND',
      description: 'Öresavrundning',
      quantity: 1,
      unitPrice: -0.02,
      vatRate: 0,
    });
    h.shop.orders.set(id, order);
    return h.shop.ref('order', id);
  }

  it('without the rounding article in Fortnox the order waits, naming the article and the account', async () => {
    const ref = roundedOrder('3001');
    await h.sync(ref);
    const row = await h.ledgerUntil(ref, 'invoice', (r) => r.state === 'needs_attention', 'the order to wait');
    expect(row.error_code).to.equal('rounding_article_missing');
    expect(row.error_message).to.contain('Create article AVRUND').and.contain('account 3740');
    expect(h.invoices().filter((i) => i.ExternalInvoiceReference1 === `memshop:main:3001`)).to.have.length(0);
  });

  it('with the article, the rounding row is sent signed, at 0 % VAT, on account 3740', async () => {
    const tenant = h.stack.fortnox.tenant(1001);
    tenant.articles.put(
      'AVRUND',
      { ...(tenant.articles.get('SKU-R') ?? {}), ArticleNumber: 'AVRUND', Description: 'Öresavrundning', VAT: 0 },
      0,
    );
    const ref = roundedOrder('3002');
    await h.sync(ref);
    const invoice = await h.orderInvoice('3002');
    const rounding = (invoice.InvoiceRows as Rec[]).find((r) => r.ArticleNumber === 'AVRUND')!;
    expect([Number(rounding.Price), Number(rounding.VAT), Number(rounding.AccountNumber)]).to.deep.equal([
      -0.02, 0, 3740,
    ]);
  });
});
