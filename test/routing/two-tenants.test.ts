import { expect } from 'chai';
import { saveSetting } from '../../src/db/settings.repo.ts';
import { organisationNumber, SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from '../sync/harness.ts';

type Rec = Record<string, unknown>;

/**
 * Two Fortnox companies in one run: a routing rule sends German customers' deals to the second,
 * the default company takes the rest, and each company keeps its own settings, customers and
 * documents.
 */
describe('two Fortnox companies, routed by rule', function () {
  this.timeout(90_000);
  let h: SyncHarness;
  let product: string;
  before(async () => {
    h = await startSyncHarness();
    h.stack.fortnox.createTenant({ tenantId: 2002, name: 'Tyska Dotterbolaget AB' });
    await h.connectFortnox(2002);
    product = h.product('KONS-H', 'Konsulttimme', 1200);
  });
  after(async () => h.stop());

  const invoicesIn = (tenant: number, deal: string): Rec[] =>
    [...h.stack.fortnox.tenant(tenant).invoices.rows.values()]
      .map((r) => r.rec as Rec)
      .filter((r) => r.ExternalInvoiceReference1 === deal);

  it('each deal reaches its own company, with that company’s settings', async () => {
    expect(await h.dashboardPost('/dashboard/routing', { rules: 'country=DE → 2002' })).to.contain(
      'Routing rules saved (1)',
    );
    await h.dashboardPost('/dashboard/settings', { defaultTenantId: '1001' });
    // The German company bookkeeps at once; the Swedish one leaves drafts for finance.
    await saveSetting(h.db.pool, 'bookkeep', true, '2002');

    const swedish = h.deal(h.account({ ...SWEDISH_ACCOUNT, Organisation_Number__c: organisationNumber() }), [
      { entry: product, quantity: 1, unitPrice: 1200 },
    ]);
    const german = h.deal(
      h.account({
        Name: 'Müller Maschinenbau GmbH',
        BillingStreet: 'Hauptstraße 5',
        BillingCity: 'München',
        BillingPostalCode: '80331',
        BillingCountry: 'Germany',
        VAT_Number__c: 'DE129273398',
      }),
      [{ entry: product, quantity: 2, unitPrice: 1200 }],
    );
    h.win(swedish);
    h.win(german);
    await h.writtenBack(swedish, 'Fortnox_Status__c', (v) => v === 'Draft');
    await h.writtenBack(german, 'Fortnox_Status__c', (v) => v === 'Booked');

    expect(invoicesIn(1001, swedish)).to.have.length(1);
    expect(invoicesIn(2002, swedish)).to.have.length(0);
    expect(invoicesIn(2002, german)).to.have.length(1);
    expect(invoicesIn(1001, german)).to.have.length(0);
    // The customer exists where it is invoiced, and only there.
    const germanCustomer = String(invoicesIn(2002, german)[0]!.CustomerNumber);
    expect(h.stack.fortnox.tenant(2002).customers.get(germanCustomer)).to.include({ Name: 'Müller Maschinenbau GmbH' });
    const ledger = await h.db.pool.query<{ source_id: string; tenant_id: string; state: string }>(
      `SELECT source_id, tenant_id, state FROM sync_records WHERE document_kind = 'invoice' AND source_id = ANY($1) ORDER BY tenant_id`,
      [[swedish, german]],
    );
    expect(ledger.rows).to.deep.equal([
      { source_id: swedish, tenant_id: '1001', state: 'draft' },
      { source_id: german, tenant_id: '2002', state: 'booked' },
    ]);
  });
});
