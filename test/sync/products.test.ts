import { expect } from 'chai';
import { CHANNELS } from '../../src/sources/salesforce/stream-events.ts';
import { organisationNumber, SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * Orgs that keep their price list in Products: with the setting on, a Product and its standard
 * price become the Fortnox article with its Product Code (and the price in price list A), its
 * changes update the article, exactly once even when Fortnox's answer is lost; a code Fortnox
 * refuses is said plainly. With the default setting nothing happens to articles.
 */
describe('Salesforce Product → Fortnox article (end to end)', function () {
  this.timeout(60_000);
  let h: SyncHarness;

  const tenant = () => h.stack.fortnox.tenant(1001);
  const article = (code: string) => tenant().articles.get(code) as Rec | undefined;
  const basePrice = (code: string) => (tenant().prices.get(`A|${code}|0`) as Rec | undefined)?.Price;
  const product = (fields: Rec, price?: number) => {
    const id = h.sf.insert('Product2', { IsActive: true, ...fields });
    if (price !== undefined)
      h.sf.insert('PricebookEntry', {
        Pricebook2Id: h.sf.standardPricebookId,
        Product2Id: id,
        UnitPrice: price,
        IsActive: true,
      });
    return id;
  };
  const entryOf = (productId: string) =>
    h.sf.query(`SELECT Id FROM PricebookEntry WHERE Product2Id = '${productId}'`)[0]!.Id as string;
  const articleRow = async (productId: string) =>
    (
      await h.db.pool.query<{ state: string; fortnox_number: string | null; error_message: string | null }>(
        `SELECT state, fortnox_number, error_message FROM sync_records WHERE source_id = $1 AND document_kind = 'article'`,
        [productId],
      )
    ).rows;
  const jobsDone = async (productId: string, n = 1) =>
    h.until(async () => {
      const { rows } = await h.db.pool.query(
        `SELECT 1 FROM pgboss.job WHERE name = 'document.sync' AND data->'source'->>'id' = $1 AND state = 'completed'`,
        [productId],
      );
      return rows.length >= n;
    }, `${n} document.sync of ${productId}`);

  before(async () => {
    h = await startSyncHarness();
  });
  after(async () => h.stop());

  it('with the default setting a Product makes no article, even on Retry', async () => {
    const id = product({ Name: 'Off product', ProductCode: 'OFF-1' }, 100);
    h.sf.publishEvent({ Record_Id__c: id, Action__c: 'retry' });
    await jobsDone(id);
    expect(article('OFF-1')).to.equal(undefined);
    expect(await articleRow(id)).to.deep.equal([]);
  });

  describe('with products syncing', () => {
    before(async () => {
      const from = h.signals.seen.length;
      await h.dashboardPost('/dashboard/settings', { 'salesforce.default.syncProducts': 'true' });
      await h.signals.subscribed([CHANNELS.product, CHANNELS.price], from);
    });

    it('a new Product with its standard price becomes one article with its code, name, unit, VAT account and price', async () => {
      const id = product(
        {
          Name: 'Konsulttimme senior',
          ProductCode: 'KONS-S',
          QuantityUnitOfMeasure: 'Hour',
          Fortnox_VAT_Rate__c: '12',
        },
        1450,
      );
      await h.until(async () => (await articleRow(id))[0]?.state === 'synced', 'the article and its price');
      const made = article('KONS-S')!;
      expect(made.Description).to.equal('Konsulttimme senior');
      expect(made.Unit).to.equal('h');
      expect(made.SalesAccount).to.equal(3002);
      expect(made.VAT).to.equal(12);
      expect(made.SalesPrice).to.equal(1450);
      expect(await articleRow(id)).to.deep.equal([{ state: 'synced', fortnox_number: 'KONS-S', error_message: null }]);
    });

    it('a Product change (name, VAT rate) updates the article and a price change its price; an inactive Product deactivates it, never deletes', async () => {
      const id = product({ Name: 'Licens', ProductCode: 'LIC-P' }, 4900);
      await h.until(() => basePrice('LIC-P') === 4900, 'the article');
      h.sf.update('Product2', id, { Name: 'Licens (månad)' });
      await h.until(() => article('LIC-P')?.Description === 'Licens (månad)', 'the new description');
      // The VAT rate is a Fortnox_* field people fill in, not one of ours written back: its change counts.
      h.sf.update('Product2', id, { Fortnox_VAT_Rate__c: '6' });
      await h.until(() => article('LIC-P')?.SalesAccount === 3003, 'the 6 % sales account');
      expect(article('LIC-P')!.VAT).to.equal(6);
      h.sf.update('PricebookEntry', entryOf(id), { UnitPrice: 5200 });
      await h.until(() => basePrice('LIC-P') === 5200, 'the new price');
      h.sf.update('Product2', id, { IsActive: false });
      await h.until(() => article('LIC-P')?.Active === false, 'the article made inactive');
      expect([...tenant().articles.rows.keys()].filter((k) => k === 'LIC-P')).to.have.length(1);
    });

    it('a Product Code Fortnox refuses needs attention with a plain message; fixing the code creates the article', async () => {
      const id = product({ Name: 'Monteringssats', ProductCode: 'MONT SATS å' }, 300);
      await h.until(async () => (await articleRow(id))[0]?.state === 'needs_attention', 'the parked product');
      const [parked] = await articleRow(id);
      expect(parked!.error_message).to.include('“MONT SATS å”');
      expect(parked!.error_message).to.include('Change the product code');
      h.sf.update('Product2', id, { ProductCode: 'MONT-SATS' });
      await h.until(async () => (await articleRow(id))[0]?.state === 'synced', 'the fixed product');
      expect(article('MONT-SATS')!.Description).to.equal('Monteringssats');
    });

    it('a create whose answer was lost is adopted by its article number, never made twice', async () => {
      const posts = () => h.stack.fortnox.totalStats().byRoute['POST /:id/articles'] ?? 0;
      const postsBefore = posts();
      h.stack.fortnox.injectFault({ kind: 'commit-then-fail', count: 1, method: 'POST', pathPrefix: '/3/articles' });
      const id = product({ Name: 'Serviceavtal', ProductCode: 'SERV-1' }, 990);
      await h.until(async () => (await articleRow(id))[0]?.state === 'synced', 'the adopted article');
      expect(basePrice('SERV-1')).to.equal(990);
      const { rows } = await h.db.pool.query<{ message: string }>(
        `SELECT e.message FROM sync_events e JOIN sync_records r ON r.id = e.sync_record_id
          WHERE r.source_id = $1 ORDER BY e.id`,
        [id],
      );
      expect(rows.map((r) => r.message).join(' | ')).to.include('adopted article SERV-1');
      expect(posts() - postsBefore, 'one create sent').to.equal(1);
    });

    it('an invoice row uses the synced article and its price', async () => {
      product({ Name: 'Utbildningsdag', ProductCode: 'UTB-1' }, 8000);
      await h.until(() => basePrice('UTB-1') === 8000, 'the article');
      const entry = h.sf.query(`SELECT Id FROM PricebookEntry WHERE ProductCode = 'UTB-1'`)[0]!.Id as string;
      const deal = h.deal(h.account({ ...SWEDISH_ACCOUNT, Organisation_Number__c: organisationNumber() }), [
        { entry, quantity: 2, unitPrice: 8000 },
      ]);
      h.win(deal);
      const invoice = await h.draftFor(deal);
      const rows = invoice.InvoiceRows as Rec[];
      expect(rows.map((r) => [r.ArticleNumber, r.Price])).to.deep.equal([['UTB-1', 8000]]);
    });
  });
});
