import { expect } from 'chai';
import { silentLogger } from '../../src/core/logger.ts';
import { type BackfillSummary, backfill } from '../../src/sources/salesforce/backfill.ts';
import { salesforceConfig } from '../../src/sources/salesforce/config.ts';
import { createSalesforceSession } from '../../src/sources/salesforce/connection.ts';
import { CHANNELS } from '../../src/sources/salesforce/stream-events.ts';
import { organisationNumber, SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * `npm run backfill` for orgs that invoice from Orders and sync Products: Orders activated and
 * Products made before the settings were switched on (the stream never saw them as relevant) are
 * found by the backfill, become one invoice and one article each through the worker, and a second
 * run enqueues nothing.
 */
describe('backfill of activated Orders and Products (end to end)', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let since: Date;
  const ids = { order: '', draftOrder: '', product: '', inactive: '' };

  const run = async (): Promise<BackfillSummary> => {
    const { conn } = await createSalesforceSession(salesforceConfig(h.stack.config), silentLogger);
    return backfill({
      conn,
      queue: h.stack.runtime.queue,
      since,
      wonStages: ['Closed Won'],
      invoiceObjects: 'both',
      syncProducts: true,
    });
  };

  before(async () => {
    h = await startSyncHarness();
    since = new Date(Math.floor(h.sf.clock.now() / 1000) * 1000 - 1000);
    const entry = h.product('BF-KONS', 'Konsulttimme (backfill)', 1100);
    ids.product = h.sf.query(`SELECT Product2Id FROM PricebookEntry WHERE Id = '${entry}'`)[0]!.Product2Id as string;
    ids.inactive = h.sf.insert('Product2', { Name: 'Utgången', ProductCode: 'BF-OLD', IsActive: false });
    const account = h.account({ ...SWEDISH_ACCOUNT, Organisation_Number__c: organisationNumber() });
    const order = (status: string) => {
      const id = h.sf.insert('Order', { AccountId: account, Status: 'Draft', EffectiveDate: '2026-11-25' });
      h.sf.insert('OrderItem', { OrderId: id, PricebookEntryId: entry, Quantity: 3, UnitPrice: 1100 });
      if (status === 'Activated') h.sf.update('Order', id, { Status: 'Activated' });
      return id;
    };
    ids.order = order('Activated');
    ids.draftOrder = order('Draft');
    // Only now does the connection invoice from Orders and sync Products: the stream has nothing to replay.
    const from = h.signals.seen.length;
    await h.dashboardPost('/dashboard/settings', {
      'salesforce.default.invoiceObjects': 'both',
      'salesforce.default.syncProducts': 'true',
    });
    await h.signals.subscribed([CHANNELS.order, CHANNELS.product, CHANNELS.price], from);
  });
  after(async () => h.stop());

  it('enqueues the activated Order, its Account and the Products; the worker makes one invoice and one article', async () => {
    expect(h.invoicesFor(ids.order)).to.have.length(0);
    const summary = await run();
    expect(summary.orders).to.deep.equal({ found: 1, enqueued: 1, alreadyQueued: 0 });
    expect(summary.accounts.found).to.equal(1);
    // Every active product (the harness's and this one), not the inactive one made after `since`… which is changed since, so it is read too.
    expect(summary.products.found).to.be.at.least(2);
    const invoice = await h.draftFor(ids.order);
    expect((invoice.InvoiceRows as Rec[]).map((r) => r.ArticleNumber)).to.deep.equal(['BF-KONS']);
    await h.until(() => h.stack.fortnox.tenant(1001).articles.get('BF-KONS') !== undefined, 'the article');
    expect(h.stack.fortnox.tenant(1001).prices.get('A|BF-KONS|0')?.Price).to.equal(1100);
    expect(h.invoicesFor(ids.draftOrder)).to.have.length(0);
  });

  it('creates nothing new when run again, and an inactive product never became an article', async () => {
    const summary = await run();
    expect(summary.orders).to.deep.equal({ found: 1, enqueued: 0, alreadyQueued: 1 });
    expect(summary.products.enqueued).to.equal(0);
    await h.until(async () => {
      const { rows } = await h.db.pool.query(
        `SELECT 1 FROM pgboss.job WHERE name = 'document.sync' AND data->'source'->>'id' = $1 AND state = 'completed'`,
        [ids.inactive],
      );
      return rows.length > 0;
    }, 'the inactive product read');
    expect(h.stack.fortnox.tenant(1001).articles.get('BF-OLD')).to.equal(undefined);
    expect(h.invoicesFor(ids.order)).to.have.length(1);
  });
});
