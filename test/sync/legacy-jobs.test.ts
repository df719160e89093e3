import { expect } from 'chai';
import { organisationNumber, SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from './harness.ts';

/**
 * Jobs an earlier release queued under Salesforce-specific names and payloads must still drain
 * after the upgrade to source-neutral jobs (one release's grace): nothing queued is lost.
 */
describe('jobs queued by the release before source-neutral jobs', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let product: string;
  before(async () => {
    h = await startSyncHarness();
    // Only the queued jobs act here: the stream listener would enqueue today's jobs for the same changes.
    await h.stack.listener?.stop();
    product = h.product('KONS-H', 'Konsulttimme', 1200);
  });
  let invoiced: string;
  after(async () => h.stop());

  it('invoice.create { opportunityId } still becomes the invoice', async () => {
    const account = h.account({ ...SWEDISH_ACCOUNT, Organisation_Number__c: organisationNumber() });
    // Won while the old release ran: its job is in the queue, the new release picks it up.
    const deal = h.deal(account, [{ entry: product, quantity: 3, unitPrice: 1200 }], { StageName: 'Closed Won' });
    await h.stack.runtime.boss.send('invoice.create', { opportunityId: deal, correlationId: 'old-release' });
    const invoice = await h.draftFor(deal);
    await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Draft');
    expect(h.invoicesFor(deal)).to.have.length(1);
    invoiced = deal;
    expect(Number((invoice.InvoiceRows as Record<string, unknown>[])[0]?.DeliveredQuantity)).to.equal(3);
  });

  it('customer.sync { accountId } still syncs the Account', async () => {
    const account = h.account({
      ...SWEDISH_ACCOUNT,
      Name: 'Gammal Kö AB',
      Organisation_Number__c: organisationNumber(),
    });
    await h.stack.runtime.boss.send('customer.sync', { accountId: account, correlationId: 'old-release' });
    const synced = await h.writtenBack(account, 'Fortnox_Customer_Number__c');
    expect(h.customer(String(synced.Fortnox_Customer_Number__c))).to.include({ Name: 'Gammal Kö AB' });
  });

  it('salesforce.writeback {} still flushes the write-back queue', async () => {
    const deal = invoiced;
    const before = h.sf.get(deal) as Record<string, unknown>;
    await h.db.pool.query(
      `INSERT INTO source_writebacks (source_system, source_object, source_id, fields) VALUES ('salesforce', 'Opportunity', $1, $2)`,
      [deal, JSON.stringify({ Fortnox_Sync_Error__c: 'queued by the old release' })],
    );
    await h.stack.runtime.boss.send('salesforce.writeback', {});
    const after = await h.writtenBack(deal, 'Fortnox_Sync_Error__c', (v) => v === 'queued by the old release');
    expect(after.Fortnox_Invoice_Number__c).to.equal(before.Fortnox_Invoice_Number__c);
  });
});
