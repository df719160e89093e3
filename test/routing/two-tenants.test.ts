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

  it('routes by the company the rep chose on the Opportunity (Fortnox_Company__c)', async () => {
    await h.dashboardPost('/dashboard/routing', { rules: 'field:Fortnox_Company__c=Tyska → 2002' });
    await h.dashboardPost('/dashboard/settings', { defaultTenantId: '1001' });
    const account = h.account({ ...SWEDISH_ACCOUNT, Organisation_Number__c: organisationNumber() });
    const chosen = h.deal(account, [{ entry: product, quantity: 3, unitPrice: 1200 }]);
    h.sf.update('Opportunity', chosen, { Fortnox_Company__c: 'Tyska' });
    h.win(chosen);
    await h.writtenBack(chosen, 'Fortnox_Invoice_Number__c', (v) => typeof v === 'string' && v !== '');
    expect(invoicesIn(2002, chosen)).to.have.length(1);
    expect(invoicesIn(1001, chosen)).to.have.length(0);
  });

  it('keeps a deal with the company that has its invoice when the rules change afterwards', async () => {
    await h.dashboardPost('/dashboard/routing', { rules: 'country=DE → 2002' });
    await h.dashboardPost('/dashboard/settings', { defaultTenantId: '1001' });
    const deal = h.deal(h.account({ ...SWEDISH_ACCOUNT, Organisation_Number__c: organisationNumber() }), [
      { entry: product, quantity: 1, unitPrice: 1200 },
    ]);
    h.win(deal);
    const draft = await h.draftFor(deal);
    // Finance re-routes Swedish customers to the other company; this deal's invoice is already in 1001.
    await h.dashboardPost('/dashboard/routing', { rules: 'country=SE → 2002' });
    const [line] = h.sf.query(`SELECT Id FROM OpportunityLineItem WHERE OpportunityId = '${deal}'`) as { Id: string }[];
    h.sf.update('OpportunityLineItem', line!.Id, { Quantity: 4 });
    await h.stack.fortnox.waitForEvent(
      (e) =>
        (e.type === 'invoice-updated-v1' && e.tenantId === 1001 && e.entityId === draft.DocumentNumber) ||
        (e.type === 'invoice-created-v1' && e.tenantId === 2002),
    );
    expect(invoicesIn(2002, deal)).to.have.length(0);
    const [invoice] = invoicesIn(1001, deal);
    expect(Number((invoice!.InvoiceRows as Rec[])[0]?.DeliveredQuantity)).to.equal(4);
  });

  it('invoices one Account in both companies, each with its own customer, whatever number the Account carries', async () => {
    await h.dashboardPost('/dashboard/routing', { rules: 'field:Fortnox_Company__c=Tyska → 2002' });
    await h.dashboardPost('/dashboard/settings', { defaultTenantId: '1001' });
    const account = h.account({
      ...SWEDISH_ACCOUNT,
      Name: 'Båda Bolagen AB',
      Organisation_Number__c: organisationNumber(),
    });
    const here = h.deal(account, [{ entry: product, quantity: 1, unitPrice: 1200 }]);
    h.win(here);
    await h.writtenBack(account, 'Fortnox_Customer_Number__c', (v) => typeof v === 'string' && v !== '');
    const number = String(h.sf.get(account)!.Fortnox_Customer_Number__c);
    // In the other company that number belongs to someone else (customer numbers are per company).
    const { access_token } = h.stack.fortnox.mintToken({ tenantId: 2002 });
    const created = await fetch(`${h.stack.fortnox.url}/3/customers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ Customer: { CustomerNumber: number, Name: 'Någon Annan AB' } }),
    });
    expect(created.status).to.equal(201);

    const there = h.deal(account, [{ entry: product, quantity: 2, unitPrice: 1200 }]);
    h.sf.update('Opportunity', there, { Fortnox_Company__c: 'Tyska' });
    h.win(there);
    // 2002 bookkeeps at once (the first test's setting); a conflict would show as Needs Attention.
    await h.writtenBack(there, 'Fortnox_Status__c', (v) => v === 'Booked' || v === 'Needs Attention');
    expect(h.sf.get(there)!.Fortnox_Sync_Error__c ?? null).to.equal(null);
    const [invoice] = invoicesIn(2002, there);
    const customer = h.stack.fortnox.tenant(2002).customers.get(String(invoice!.CustomerNumber)) as Rec;
    expect(customer.Name).to.equal('Båda Bolagen AB');
    // The other company's customer with that number is neither invoiced nor renamed.
    expect(String(invoice!.CustomerNumber)).to.not.equal(number);
    expect((h.stack.fortnox.tenant(2002).customers.get(number) as Rec).Name).to.equal('Någon Annan AB');
  });
});
