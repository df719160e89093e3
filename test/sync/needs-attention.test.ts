import { expect } from 'chai';
import { saveSetting } from '../../src/db/settings.repo.ts';
import { SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * DESIGN invariant 4: bad data never spins. Each pre-flight case ends with the Opportunity marked
 * "Needs Attention" and a message a finance person or Salesforce admin can act on — and nothing
 * half-made in Fortnox.
 */
describe('what the rep sees in Salesforce when a deal cannot be invoiced', function () {
  this.timeout(90_000);
  let h: SyncHarness;
  let product: string;

  before(async () => {
    h = await startSyncHarness();
    product = h.product('KONS-H', 'Konsulttimme', 1200);
  });
  after(async () => h.stop());

  const account = (overrides: Rec = {}) =>
    h.account({
      ...SWEDISH_ACCOUNT,
      Name: `Kund ${Math.random().toString(36).slice(2, 7)} AB`,
      Organisation_Number__c: undefined,
      ...overrides,
    });

  async function attentionMessage(deal: string): Promise<string> {
    const opportunity = await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Needs Attention');
    expect(h.invoicesFor(deal), 'nothing is sent to Fortnox').to.have.length(0);
    return String(opportunity.Fortnox_Sync_Error__c);
  }

  it('an Opportunity without an Account', async () => {
    const deal = h.deal(undefined, [{ entry: product, quantity: 1, unitPrice: 1200 }]);
    h.win(deal);
    expect(await attentionMessage(deal)).to.equal(
      'This Opportunity has no Account. Add the customer Account to the Opportunity and save it.',
    );
  });

  it('an Account without billing country — and fixing the Account sends the invoice', async () => {
    const customer = account({ BillingCountry: null });
    const deal = h.deal(customer, [{ entry: product, quantity: 1, unitPrice: 1200 }]);
    h.win(deal);
    expect(await attentionMessage(deal)).to.equal(
      'The Account has no billing country. Fill in the billing country and save it; it decides the VAT.',
    );
    expect((await h.writtenBack(customer, 'Fortnox_Sync_Error__c')).Fortnox_Sync_Error__c).to.contain(
      'no billing country',
    );

    h.sf.update('Account', customer, { BillingCountry: 'Sweden' });
    const invoice = await h.draftFor(deal);
    const opportunity = await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Draft');
    expect(opportunity).to.include({ Fortnox_Invoice_Number__c: invoice.DocumentNumber, Fortnox_Sync_Error__c: null });
  });

  it('a billing country nobody can recognise', async () => {
    const deal = h.deal(account({ BillingCountry: 'Narnia' }), [{ entry: product, quantity: 1, unitPrice: 1200 }]);
    h.win(deal);
    expect(await attentionMessage(deal)).to.contain('billing country “Narnia” is not a country we recognise');
  });

  it('a product without product code and no default article', async () => {
    const uncoded = h.product(undefined, 'Specialuppdrag', 900);
    const deal = h.deal(account(), [{ entry: uncoded, quantity: 1, unitPrice: 900 }]);
    h.win(deal);
    expect(await attentionMessage(deal)).to.equal(
      'Product line 1 (“Specialuppdrag”) has no product code, and no default article is configured. Give the product a code or set a default article in the dashboard.',
    );
  });

  it('a product code with characters Fortnox refuses', async () => {
    const odd = h.product('ÅÄÖ 1', 'Konstig kod', 100);
    const deal = h.deal(account(), [{ entry: odd, quantity: 1, unitPrice: 100 }]);
    h.win(deal);
    expect(await attentionMessage(deal)).to.contain('The product code “ÅÄÖ 1” of product line 1');
  });

  it('a negative quantity', async () => {
    const deal = h.deal(account(), [{ entry: product, quantity: -2, unitPrice: 1200 }]);
    h.win(deal);
    expect(await attentionMessage(deal)).to.contain(
      'The quantity of product line 1 (“Konsulttimme”) must be a number of at least 0.',
    );
  });

  it('a currency that is not enabled in Fortnox', async () => {
    const deal = h.deal(account(), [{ entry: product, quantity: 1, unitPrice: 1200 }], { CurrencyIsoCode: 'GBP' });
    h.win(deal);
    expect(await attentionMessage(deal)).to.equal(
      "The Opportunity's currency GBP is not enabled in Fortnox. Add it under Fortnox settings → currencies, or change the currency.",
    );
  });

  it('more than 500 product lines', async () => {
    const lines = Array.from({ length: 501 }, () => ({ entry: product, quantity: 1, unitPrice: 1 }));
    const deal = h.deal(account(), lines);
    h.win(deal);
    expect(await attentionMessage(deal)).to.equal(
      'The Opportunity has 501 product lines; a Fortnox document holds at most 500. Split the deal.',
    );
  });

  it('a deal name longer than the Fortnox order-number field is shortened, not refused', async () => {
    const name = `Ramavtal ${'konsulttjänster '.repeat(7)}`.trim().slice(0, 110);
    const deal = h.deal(account(), [{ entry: product, quantity: 1, unitPrice: 1200 }], { Name: name });
    h.win(deal);
    const invoice = await h.draftFor(deal);
    expect(String(invoice.YourOrderNumber)).to.have.length(75);
    expect(String(invoice.YourOrderNumber)).to.equal(`${name.slice(0, 74)}…`);
  });

  it('is retried when someone presses retry (Fortnox_Sync_Request__e) after fixing the cause', async () => {
    const uncoded = h.product(undefined, 'Diverse', 500);
    const deal = h.deal(account(), [{ entry: uncoded, quantity: 1, unitPrice: 500 }]);
    h.win(deal);
    await attentionMessage(deal);
    // Finance chooses a default article for lines without a product code, then presses retry.
    await saveSetting(h.db.pool, 'defaultArticleNumber', 'DIVERSE');
    h.sf.publishEvent({ Record_Id__c: deal, Action__c: 'retry' });
    const invoice = await h.draftFor(deal);
    expect((invoice.InvoiceRows as Rec[])[0]!.ArticleNumber).to.equal('DIVERSE');
    await saveSetting(h.db.pool, 'defaultArticleNumber', null);
  });
});
