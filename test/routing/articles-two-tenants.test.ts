import { expect } from 'chai';
import { CHANNELS } from '../../src/sources/salesforce/stream-events.ts';
import { type SyncHarness, startSyncHarness } from '../sync/harness.ts';

/**
 * Products with several Fortnox companies: the article goes wherever this connection's documents
 * can be routed (rule targets and the default company), once each — and not to a connected company
 * no rule or default names.
 */
describe('Salesforce Products → articles in every company the routing uses', function () {
  this.timeout(90_000);
  let h: SyncHarness;
  before(async () => {
    h = await startSyncHarness();
    for (const [tenantId, name] of [
      [2002, 'Tyska Dotterbolaget AB'],
      [3003, 'Annat Bolag AB'],
    ] as const) {
      h.stack.fortnox.createTenant({ tenantId, name });
      await h.connectFortnox(tenantId);
    }
    await h.dashboardPost('/dashboard/routing', { rules: 'country=DE → 2002' });
    await h.dashboardPost('/dashboard/settings', { defaultTenantId: '1001' });
    const from = h.signals.seen.length;
    await h.dashboardPost('/dashboard/settings', { 'salesforce.default.syncProducts': 'true' });
    await h.signals.subscribed([CHANNELS.product, CHANNELS.price], from);
  });
  after(async () => h.stop());

  it('makes the article and its price in the default company and the rule’s company, each once', async () => {
    const productId = h.sf.insert('Product2', { Name: 'Wartungsvertrag', ProductCode: 'WART-1', IsActive: true });
    h.sf.insert('PricebookEntry', {
      Pricebook2Id: h.sf.standardPricebookId,
      Product2Id: productId,
      UnitPrice: 2500,
      IsActive: true,
    });
    const rows = async () =>
      (
        await h.db.pool.query<{ tenant_id: string; state: string }>(
          `SELECT tenant_id, state FROM sync_records WHERE source_id = $1 AND document_kind = 'article' ORDER BY tenant_id`,
          [productId],
        )
      ).rows;
    const priced = (tenant: number) => h.stack.fortnox.tenant(tenant).prices.get('A|WART-1|0')?.Price === 2500;
    await h.until(
      async () => priced(1001) && priced(2002) && (await rows()).every((r) => r.state === 'synced'),
      'both companies',
    );
    expect(await rows()).to.deep.equal([
      { tenant_id: '1001', state: 'synced' },
      { tenant_id: '2002', state: 'synced' },
    ]);
    expect(h.stack.fortnox.tenant(2002).articles.get('WART-1')).to.include({ Description: 'Wartungsvertrag' });
    expect(h.stack.fortnox.tenant(3003).articles.get('WART-1')).to.equal(undefined);
  });
});
