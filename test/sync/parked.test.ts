import { expect } from 'chai';
import { organisationNumber, SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * Issue "stuck deals": every outcome that tells a person "needs attention" has a ledger record
 * (listed on the dashboard with Retry), and fixing the cause — in Salesforce, by connecting Fortnox,
 * or with a setting — sends the deal without anyone publishing an event by hand.
 */

async function parked(
  h: SyncHarness,
  deal: string,
): Promise<{ message: string; row: NonNullable<Awaited<ReturnType<SyncHarness['ledgerRow']>>> }> {
  const opportunity = await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Needs Attention');
  expect(h.invoicesFor(deal), 'nothing is sent to Fortnox').to.have.length(0);
  const row = await h.ledgerRow(deal);
  expect(row, 'a ledger record exists').to.not.equal(undefined);
  expect(row!.state).to.equal('needs_attention');
  return { message: String(opportunity.Fortnox_Sync_Error__c), row: row! };
}

describe('parked deals get out when their cause is fixed', function () {
  this.timeout(120_000);

  describe('with Fortnox connected', () => {
    let h: SyncHarness;
    let product: string;
    before(async () => {
      h = await startSyncHarness();
      product = h.product('KONS-H', 'Konsulttimme', 1200);
    });
    after(async () => h.stop());
    const account = (fields: Rec = {}) =>
      h.account({
        ...SWEDISH_ACCOUNT,
        Name: `Kund ${Math.random().toString(36).slice(2, 7)} AB`,
        Organisation_Number__c: organisationNumber(),
        ...fields,
      });

    it('no Account: listed on the dashboard with Retry, and adding the Account sends the invoice', async () => {
      const deal = h.deal(undefined, [{ entry: product, quantity: 1, unitPrice: 1200 }]);
      h.win(deal);
      const { message, row } = await parked(h, deal);
      expect(message).to.equal(
        'This Opportunity has no Account. Add the customer Account to the Opportunity and save it.',
      );
      expect(row).to.include({ error_code: 'no_account', tenant_id: '1001' });
      const dashboard = await (await fetch(`${h.stack.appUrl}/`)).text();
      expect(dashboard).to.contain(`/dashboard/records/${row.id}/retry`).and.contain('has no Account');

      h.sf.update('Opportunity', deal, { AccountId: account() });
      const invoice = await h.draftFor(deal);
      const opportunity = await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Draft');
      expect(opportunity).to.include({
        Fortnox_Invoice_Number__c: invoice.DocumentNumber,
        Fortnox_Sync_Error__c: null,
      });
      expect(await h.ledgerRow(deal)).to.include({ id: row.id, state: 'draft' });
    });

    it('a parked deal that is lost leaves the attention list instead of waiting forever', async () => {
      const deal = h.deal(undefined, [{ entry: product, quantity: 1, unitPrice: 1200 }]);
      h.win(deal);
      await parked(h, deal);
      h.sf.update('Opportunity', deal, { StageName: 'Closed Lost' });
      const opportunity = await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === null);
      expect(opportunity.Fortnox_Sync_Error__c).to.equal(null);
      expect(await h.ledgerState(deal)).to.equal('skipped');
    });

    it('a skipped deal that is fixed and won again is invoiced once', async () => {
      const deal = h.deal(undefined, [{ entry: product, quantity: 1, unitPrice: 1200 }]);
      h.win(deal);
      await parked(h, deal);
      h.sf.update('Opportunity', deal, { StageName: 'Closed Lost' });
      await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === null);
      h.sf.update('Opportunity', deal, { AccountId: account() });
      h.win(deal);
      await h.draftFor(deal);
      await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Draft');
      expect(h.invoicesFor(deal)).to.have.length(1);
    });

    it('a bad line fixed on the Opportunity sends the invoice', async () => {
      const deal = h.deal(account(), [{ entry: product, quantity: -2, unitPrice: 1200 }]);
      h.win(deal);
      const { message } = await parked(h, deal);
      expect(message).to.contain('quantity of product line 1');
      const [line] = h.sf.query(`SELECT Id FROM OpportunityLineItem WHERE OpportunityId = '${deal}'`) as {
        Id: string;
      }[];
      h.sf.update('OpportunityLineItem', line!.Id, { Quantity: 2 });
      const invoice = await h.draftFor(deal);
      expect(Number((invoice.InvoiceRows as Rec[])[0]?.DeliveredQuantity)).to.equal(2);
    });

    it('a line without product code is sent once a default article is chosen in the dashboard', async () => {
      const uncoded = h.product(undefined, 'Specialuppdrag', 900);
      const deal = h.deal(account(), [{ entry: uncoded, quantity: 1, unitPrice: 900 }]);
      h.win(deal);
      expect((await parked(h, deal)).row.error_code).to.equal('line_product_code_missing');
      try {
        const notice = await h.dashboardPost('/dashboard/settings', { defaultArticleNumber: 'KONS-H' });
        expect(notice).to.match(/waiting for this change will be tried again/);
        const invoice = await h.draftFor(deal);
        expect((invoice.InvoiceRows as Rec[])[0]).to.include({ ArticleNumber: 'KONS-H' });
      } finally {
        await h.dashboardPost('/dashboard/settings', { defaultArticleNumber: '' });
      }
    });

    it('two Accounts with one organisation number: a conflict naming both, the customer left alone; sharing on purpose', async () => {
      const org = organisationNumber();
      const first = account({ Name: 'Bygg i Göteborg AB', BillingCity: 'Göteborg', Organisation_Number__c: org });
      const firstDeal = h.deal(first, [{ entry: product, quantity: 1, unitPrice: 1200 }]);
      h.win(firstDeal);
      const number = String((await h.draftFor(firstDeal)).CustomerNumber);

      const second = account({ Name: 'Bygg i Malmö AB', BillingCity: 'Malmö', Organisation_Number__c: org });
      const secondDeal = h.deal(second, [{ entry: product, quantity: 1, unitPrice: 1200 }]);
      h.win(secondDeal);
      const { message } = await parked(h, secondDeal);
      expect(message)
        .to.contain('“Bygg i Malmö AB”')
        .and.contain('“Bygg i Göteborg AB”')
        .and.contain(`Fortnox customer ${number}`)
        .and.contain('organisation number');
      expect(h.customer(number)).to.include({ Name: 'Bygg i Göteborg AB', City: 'Göteborg' });
      expect((await h.writtenBack(second, 'Fortnox_Sync_Error__c')).Fortnox_Sync_Error__c).to.contain(number);

      try {
        await h.dashboardPost('/dashboard/settings', { shareCustomers: 'true' });
        const invoice = await h.draftFor(secondDeal);
        expect(String(invoice.CustomerNumber)).to.equal(number);
        // Only the first Account linked (the owner) writes the customer.
        expect(h.customer(number)).to.include({ Name: 'Bygg i Göteborg AB', City: 'Göteborg' });
      } finally {
        await h.dashboardPost('/dashboard/settings', { shareCustomers: 'false' });
      }
    });

    it('won stages changed on the dashboard reach the stream listener', async () => {
      try {
        await h.dashboardPost('/dashboard/settings', {
          'salesforce.default.wonStages': 'Closed Won, Value Proposition',
        });
        const deal = h.deal(account(), [{ entry: product, quantity: 1, unitPrice: 1200 }]);
        h.sf.update('Opportunity', deal, { StageName: 'Value Proposition' });
        const invoice = await h.draftFor(deal);
        expect(invoice.ExternalInvoiceReference1).to.equal(deal);
      } finally {
        await h.dashboardPost('/dashboard/settings', { 'salesforce.default.wonStages': 'Closed Won' });
      }
    });
  });

  describe('before Fortnox is connected, and after its consent is revoked', () => {
    let h: SyncHarness;
    let product: string;
    before(async () => {
      h = await startSyncHarness({
        connectFortnox: false,
        // A revoked consent stops access tokens at once (Fortnox's behaviour is unverified; see the emulator README).
        fortnoxOptions: { quirks: { accessTokenSurvivesRevoke: false } },
      });
      product = h.product('KONS-H', 'Konsulttimme', 1200);
    });
    after(async () => h.stop());

    it('a deal won while Fortnox is not connected waits, is retried when its Account changes, and is sent on connect', async () => {
      const customer = h.account({ ...SWEDISH_ACCOUNT, Organisation_Number__c: organisationNumber() });
      const deal = h.deal(customer, [{ entry: product, quantity: 1, unitPrice: 1200 }]);
      h.win(deal);
      const { message, row } = await parked(h, deal);
      expect(message).to.contain('Fortnox is not connected');
      expect(row).to.include({ error_code: 'fortnox_not_connected', tenant_id: 'unrouted' });

      h.sf.update('Account', customer, { Phone: '+46 31 123 45' });
      await h.until(
        async () => ((await h.ledgerRow(deal))?.attempts ?? 0) > row.attempts,
        'a retry after the Account changed',
      );
      expect((await h.ledgerRow(deal))?.error_code).to.equal('fortnox_not_connected');

      expect(await h.connectFortnox()).to.contain('waiting for Fortnox will be sent now');
      const invoice = await h.draftFor(deal);
      await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Draft');
      expect(await h.ledgerRow(deal)).to.include({ id: row.id, tenant_id: '1001', state: 'draft' });
      expect(invoice.ExternalInvoiceReference1).to.equal(deal);
    });

    it('a deal won after the consent was revoked waits with that reason and is sent on reconnect', async () => {
      h.stack.fortnox.revokeConsent(1001);
      const deal = h.deal(h.account({ ...SWEDISH_ACCOUNT, Organisation_Number__c: organisationNumber() }), [
        { entry: product, quantity: 1, unitPrice: 1200 },
      ]);
      h.win(deal);
      const { message, row } = await parked(h, deal);
      expect(message).to.contain('was revoked or expired; reconnect it');
      expect(row.error_code).to.equal('fortnox_connection_revoked');

      await h.connectFortnox();
      await h.draftFor(deal);
      await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Draft');
      expect(await h.ledgerRow(deal)).to.include({ state: 'draft', tenant_id: '1001' });
    });

    it('a deal won while two companies are connected and none is the default is sent once a default is chosen', async () => {
      h.stack.fortnox.createTenant({ tenantId: 2002, name: 'Andra Bolaget AB' });
      await h.connectFortnox(2002);
      const deal = h.deal(h.account({ ...SWEDISH_ACCOUNT, Organisation_Number__c: organisationNumber() }), [
        { entry: product, quantity: 1, unitPrice: 1200 },
      ]);
      h.win(deal);
      const { message, row } = await parked(h, deal);
      expect(message).to.contain('several are connected and no routing rule matches');
      expect(row).to.include({ error_code: 'tenant_ambiguous', tenant_id: 'unrouted' });

      const second = h.stack.fortnox.tenant(2002);
      const created = h.stack.fortnox.waitForEvent((e) => e.type === 'invoice-created-v1' && e.tenantId === 2002);
      const notice = await h.dashboardPost('/dashboard/settings', { defaultTenantId: '2002' });
      expect(notice).to.match(/will be tried again/);
      await created;
      const invoices = [...second.invoices.rows.values()].map((r) => r.rec as Rec);
      expect(invoices.filter((i) => i.ExternalInvoiceReference1 === deal)).to.have.length(1);
      await h.until(async () => (await h.ledgerRow(deal))?.tenant_id === '2002', 'the record to move to tenant 2002');
    });
  });
});
