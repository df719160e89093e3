import { expect } from 'chai';
import { at, startTestEmulator, type TestEmulator } from './helpers.ts';

/** /3/prices: an article's price per list and quantity step; list "A" from 0 is its SalesPrice. */
describe('Fortnox emulator: prices', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator({ rateLimit: { enabled: false } });
    await t.api('POST', '/3/articles', { Article: { ArticleNumber: 'KONS', Description: 'Konsulttimme' } });
  });
  afterEach(async () => t.close());

  it('creates, reads and updates the base price, which the article shows as SalesPrice and invoice rows default to', async () => {
    expect((await t.api('GET', '/3/prices/A/KONS')).status, 'no price before one is posted').to.equal(404);
    const created = await t.api('POST', '/3/prices', {
      Price: { ArticleNumber: 'KONS', PriceList: 'A', FromQuantity: 0, Price: 1200.555 },
    });
    expect(created.status, created.text).to.equal(201);
    expect(at(created.json, 'Price', 'Price')).to.equal(1200.56);
    expect(at((await t.api('GET', '/3/articles/KONS')).json, 'Article', 'SalesPrice')).to.equal(1200.56);
    const updated = await t.api('PUT', '/3/prices/A/KONS/0', { Price: { Price: 1300 } });
    expect(at(updated.json, 'Price', 'Price')).to.equal(1300);
    expect(at((await t.api('GET', '/3/prices/A/KONS')).json, 'Price', 'Price')).to.equal(1300);
    await t.api('POST', '/3/customers', { Customer: { Name: 'Kund AB' } });
    const invoice = await t.api('POST', '/3/invoices', {
      Invoice: { CustomerNumber: '1', InvoiceRows: [{ ArticleNumber: 'KONS', DeliveredQuantity: 1 }] },
    });
    expect(at(invoice.json, 'Invoice', 'InvoiceRows', 0, 'Price')).to.equal(1300);
  });

  it('refuses a price for a missing article, a second base price, and a list other than A', async () => {
    const missing = await t.api('POST', '/3/prices', { Price: { ArticleNumber: 'NOPE', Price: 1 } });
    expect([missing.status, at(missing.json, 'ErrorInformation', 'code')]).to.deep.equal([400, 2001302]);
    await t.api('POST', '/3/prices', { Price: { ArticleNumber: 'KONS', Price: 1 } });
    expect((await t.api('POST', '/3/prices', { Price: { ArticleNumber: 'KONS', Price: 2 } })).status).to.equal(400);
    expect(
      (await t.api('POST', '/3/prices', { Price: { ArticleNumber: 'KONS', PriceList: 'B', Price: 2 } })).status,
    ).to.equal(400);
    const sublist = await t.api('GET', '/3/prices/sublist/A/KONS');
    expect((at(sublist.json, 'Prices') as unknown[]).length).to.equal(1);
  });
});
