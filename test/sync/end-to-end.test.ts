import { expect } from 'chai';
import { SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from './harness.ts';

type Rec = Record<string, unknown>;
const rows = (invoice: Rec) => invoice.InvoiceRows as Rec[];

describe('won Opportunity → Fortnox invoice draft (end to end)', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let consulting: string;
  let licence: string;
  let onboarding: string;

  before(async () => {
    h = await startSyncHarness();
    consulting = h.product('KONS-H', 'Konsulttimme', 1200);
    licence = h.product('LIC-PRO', 'Licens Pro (månad)', 4900);
    onboarding = h.product('ONB-1', 'Onboarding', 15000);
  });
  after(async () => h.stop());

  it('creates one draft with the right customer, rows, VAT and total, Swedish characters intact', async () => {
    const account = h.account(SWEDISH_ACCOUNT);
    const deal = h.deal(
      account,
      [
        { entry: consulting, quantity: 10, unitPrice: 1200, description: 'Rådgivning för hösten' },
        { entry: licence, quantity: 12, unitPrice: 4900 },
        { entry: onboarding, quantity: 1, unitPrice: 15000, discount: 10 },
      ],
      { Name: 'Åkerö – Pro-licenser' },
    );
    h.win(deal);

    const invoice = await h.draftFor(deal);
    expect(invoice.Booked).to.equal(false);
    expect(rows(invoice).map((r) => [r.ArticleNumber, Number(r.DeliveredQuantity), r.Price, r.VAT])).to.deep.equal([
      ['KONS-H', 10, 1200, 25],
      ['LIC-PRO', 12, 4900, 25],
      ['ONB-1', 1, 15000, 25],
    ]);
    expect(rows(invoice)[0]!.Description).to.equal('Rådgivning för hösten');
    const net = 12000 + 58800 + 13500;
    expect(invoice.Net).to.equal(net);
    expect(invoice.Total).to.equal(net * 1.25);
    expect(invoice.YourOrderNumber).to.equal('Åkerö – Pro-licenser');
    expect(invoice.OurReference).to.equal('Sara Säljare');

    const customer = h.customer(String(invoice.CustomerNumber))!;
    expect(customer).to.include({
      Name: 'Åkerö Bygg & Måleri AB',
      City: 'Göteborg',
      Address1: 'Storgatan 1',
      Address2: 'Hus B',
      OrganisationNumber: '556036-0793',
      VATType: 'SEVAT',
      CountryCode: 'SE',
    });
    // The console lists the customer by its name and organisation number, as the Account has them.
    const ledger = await h.db.pool.query<{ source_label: string; source_number: string }>(
      `SELECT source_label, source_number FROM sync_records WHERE document_kind = 'customer' AND source_id = $1`,
      [account],
    );
    expect(ledger.rows[0]).to.deep.equal({ source_label: 'Åkerö Bygg & Måleri AB', source_number: '556036-0793' });

    const opportunity = await h.writtenBack(deal, 'Fortnox_Invoice_Number__c');
    expect(opportunity).to.include({
      Fortnox_Invoice_Number__c: invoice.DocumentNumber,
      Fortnox_Status__c: 'Draft',
      Fortnox_Total__c: net * 1.25,
      Fortnox_Sync_Error__c: null,
    });
    const accountRecord = await h.writtenBack(account, 'Fortnox_Customer_Number__c');
    expect(accountRecord.Fortnox_Customer_Number__c).to.equal(invoice.CustomerNumber);
    expect(h.invoicesFor(deal)).to.have.length(1);
  });

  it('gives an EU business with a VAT number reverse charge (0 % rows, EUREVERSEDVAT customer)', async () => {
    const account = h.account({
      Name: 'Müller Maschinenbau GmbH',
      BillingCity: 'München',
      BillingCountry: 'Germany',
      VAT_Number__c: 'DE 129 273 398',
    });
    const deal = h.deal(account, [{ entry: consulting, quantity: 5, unitPrice: 1000 }]);
    h.win(deal);
    const invoice = await h.draftFor(deal);
    expect(rows(invoice).map((r) => r.VAT)).to.deep.equal([0]);
    expect(invoice.Total).to.equal(5000);
    expect(h.customer(String(invoice.CustomerNumber))).to.include({
      VATType: 'EUREVERSEDVAT',
      VATNumber: 'DE129273398',
      CountryCode: 'DE',
    });
  });

  it('treats a customer outside the EU as export (0 %)', async () => {
    const account = h.account({ Name: 'Nordlys Rørlegger AS', BillingCity: 'Oslo', BillingCountry: 'Norway' });
    const deal = h.deal(account, [{ entry: licence, quantity: 2, unitPrice: 4900 }]);
    h.win(deal);
    const invoice = await h.draftFor(deal);
    expect(rows(invoice).map((r) => r.VAT)).to.deep.equal([0]);
    expect(h.customer(String(invoice.CustomerNumber))).to.include({ VATType: 'EXPORT', CountryCode: 'NO' });
  });

  it('reuses the Fortnox customer for a second deal of the same Account', async () => {
    const account = h.account({ ...SWEDISH_ACCOUNT, Name: 'Återbruk Ett AB', Organisation_Number__c: '212000-0142' });
    const first = h.deal(account, [{ entry: consulting, quantity: 1, unitPrice: 1200 }]);
    const second = h.deal(account, [{ entry: consulting, quantity: 2, unitPrice: 1200 }]);
    h.win(first);
    const a = await h.draftFor(first);
    h.win(second);
    const b = await h.draftFor(second);
    expect(b.CustomerNumber).to.equal(a.CustomerNumber);
  });

  it('invoices a deal without lines from its amount', async () => {
    const account = h.account({ ...SWEDISH_ACCOUNT, Name: 'Utan Rader AB', Organisation_Number__c: undefined });
    const deal = h.deal(account, [], { Amount: 8000, Name: 'Retainer november' });
    h.win(deal);
    const invoice = await h.draftFor(deal);
    expect(rows(invoice).map((r) => [r.Description, Number(r.DeliveredQuantity), r.Price, r.VAT])).to.deep.equal([
      ['Retainer november', 1, 8000, 25],
    ]);
  });

  it('updates the draft when the deal changes, and cancels it when the deal is lost', async () => {
    const account = h.account({ ...SWEDISH_ACCOUNT, Name: 'Ändras AB', Organisation_Number__c: undefined });
    const deal = h.deal(account, [{ entry: consulting, quantity: 1, unitPrice: 1200 }]);
    h.win(deal);
    const invoice = await h.draftFor(deal);
    h.sf.insert('OpportunityLineItem', {
      OpportunityId: deal,
      PricebookEntryId: licence,
      Quantity: 1,
      UnitPrice: 4900,
    });
    await h.stack.fortnox.waitForEvent((e) => e.type === 'invoice-updated-v1' && e.entityId === invoice.DocumentNumber);
    expect(rows(h.invoicesFor(deal)[0]!).map((r) => r.ArticleNumber)).to.deep.equal(['KONS-H', 'LIC-PRO']);

    h.sf.update('Opportunity', deal, { StageName: 'Closed Lost' });
    await h.stack.fortnox.waitForEvent(
      (e) => e.type === 'invoice-cancelled-v1' && e.entityId === invoice.DocumentNumber,
    );
    const opportunity = await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Cancelled');
    expect(opportunity.Fortnox_Status__c).to.equal('Cancelled');
  });

  it('does not touch a booked invoice when the deal changes: it asks a person, in plain English', async () => {
    const account = h.account({ ...SWEDISH_ACCOUNT, Name: 'Bokförd AB', Organisation_Number__c: undefined });
    const deal = h.deal(account, [{ entry: consulting, quantity: 1, unitPrice: 1200 }]);
    h.win(deal);
    const invoice = await h.draftFor(deal);
    h.stack.fortnox.finance(1001, 'bookkeep', String(invoice.DocumentNumber));
    h.sf.update('Opportunity', deal, { CloseDate: '2026-11-25' });
    const opportunity = await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Needs Attention');
    expect(opportunity.Fortnox_Sync_Error__c).to.match(
      /^Invoice \d+ is already booked in Fortnox, so the change to the deal was not applied/,
    );
    expect(h.invoicesFor(deal)).to.have.length(1);
  });
});
