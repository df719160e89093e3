import { expect } from 'chai';
import { CHANNELS } from '../../src/sources/salesforce/stream-events.ts';
import { organisationNumber, SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from './harness.ts';

type Rec = Record<string, unknown>;
const rows = (invoice: Rec) => invoice.InvoiceRows as Rec[];

/**
 * Orgs that invoice from Orders: an activated Order with its Order Products becomes a Fortnox
 * invoice like a won deal, its changes amend it, and an Opportunity and the Order made from it
 * never become two invoices. With the default setting (Opportunities) Orders are left alone.
 */
describe('activated Order → Fortnox invoice (end to end)', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let consulting: string;
  let licence: string;

  const account = () => h.account({ ...SWEDISH_ACCOUNT, Organisation_Number__c: organisationNumber() });
  const order = (
    accountId: string,
    items: { entry: string; quantity: number; unitPrice: number }[],
    fields: Rec = {},
  ) => {
    const id = h.sf.insert('Order', { AccountId: accountId, Status: 'Draft', EffectiveDate: '2026-11-25', ...fields });
    for (const { entry, quantity, unitPrice } of items)
      h.sf.insert('OrderItem', { OrderId: id, PricebookEntryId: entry, Quantity: quantity, UnitPrice: unitPrice });
    return id;
  };
  const activate = (orderId: string) => h.sf.update('Order', orderId, { Status: 'Activated' });
  /** Resolves with the Order once our write-back has set `field`. */
  const orderWrittenBack = async (
    orderId: string,
    field: string,
    match = (v: unknown) => v !== null && v !== undefined,
  ): Promise<Rec> => {
    if (match((h.sf.get(orderId) as Rec)[field])) return h.sf.get(orderId) as Rec;
    await h.sf.nextEvent(CHANNELS.order, () => match((h.sf.get(orderId) as Rec)[field]));
    return h.sf.get(orderId) as Rec;
  };
  /** Resolves once `document.sync` of this record has finished. */
  const synced = (recordId: string) =>
    h.until(async () => {
      const { rows: jobs } = await h.db.pool.query(
        `SELECT 1 FROM pgboss.job WHERE name = 'document.sync' AND data->'source'->>'id' = $1 AND state = 'completed'`,
        [recordId],
      );
      return jobs.length > 0;
    }, `document.sync of ${recordId}`);

  before(async () => {
    h = await startSyncHarness();
    consulting = h.product('KONS-O', 'Konsulttimme', 1200);
    licence = h.product('LIC-O', 'Licens (månad)', 4900);
  });
  after(async () => h.stop());

  it('with the default setting an activated Order is not invoiced, even on Retry', async () => {
    const id = order(account(), [{ entry: consulting, quantity: 2, unitPrice: 1200 }]);
    activate(id);
    h.sf.publishEvent({ Record_Id__c: id, Action__c: 'retry' });
    await synced(id);
    expect(h.invoicesFor(id)).to.have.length(0);
    expect(await h.ledgerState(id)).to.equal(undefined);
  });

  describe('invoicing from Opportunities and Orders', () => {
    before(async () => {
      const from = h.signals.seen.length;
      await h.dashboardPost('/dashboard/settings', { 'salesforce.default.invoiceObjects': 'both' });
      // The leader follows the setting and subscribes to the Order channel.
      await h.signals.subscribed([CHANNELS.order], from);
    });

    it('an activated Order becomes one draft with its products, and its status is written back to the Order', async () => {
      const id = order(
        account(),
        [
          { entry: consulting, quantity: 10, unitPrice: 1200 },
          { entry: licence, quantity: 12, unitPrice: 4900 },
        ],
        { PoNumber: 'PO-4711' },
      );
      activate(id);
      const invoice = await h.draftFor(id);
      expect(rows(invoice).map((r) => [r.ArticleNumber, Number(r.DeliveredQuantity), r.Price])).to.deep.equal([
        ['KONS-O', 10, 1200],
        ['LIC-O', 12, 4900],
      ]);
      expect(invoice.Net).to.equal(12000 + 58800);
      expect(invoice.YourOrderNumber).to.equal('PO-4711');
      expect(invoice.InvoiceDate).to.equal('2026-11-25');
      const written = await orderWrittenBack(id, 'Fortnox_Invoice_Number__c');
      expect(written.Fortnox_Invoice_Number__c).to.equal(String(invoice.DocumentNumber));
      expect(written.Fortnox_Status__c).to.equal('Draft');
      expect(h.invoicesFor(id)).to.have.length(1);
    });

    it('a change to an activated Order amends its draft; deactivating it cancels the draft like a lost deal', async () => {
      const id = order(account(), [{ entry: consulting, quantity: 1, unitPrice: 1200 }]);
      activate(id);
      const invoice = await h.draftFor(id);
      h.sf.insert('OrderItem', { OrderId: id, PricebookEntryId: licence, Quantity: 3, UnitPrice: 4900 });
      await h.stack.fortnox.waitForEvent(
        (e) => e.type === 'invoice-updated-v1' && e.entityId === invoice.DocumentNumber,
      );
      const [updated, ...more] = h.invoicesFor(id);
      expect(more).to.have.length(0);
      expect(rows(updated!).map((r) => r.ArticleNumber)).to.deep.equal(['KONS-O', 'LIC-O']);
      expect(updated!.Net).to.equal(1200 + 14700);

      h.sf.update('Order', id, { Status: 'Draft' });
      await h.stack.fortnox.waitForEvent(
        (e) => e.type === 'invoice-cancelled-v1' && e.entityId === invoice.DocumentNumber,
      );
      const cancelled = await orderWrittenBack(id, 'Fortnox_Status__c', (v) => v === 'Cancelled');
      expect(cancelled.Fortnox_Status__c).to.equal('Cancelled');
    });

    it('an Order made from an invoiced Opportunity is parked with a message naming the Opportunity', async () => {
      const customer = account();
      const deal = h.deal(customer, [{ entry: consulting, quantity: 4, unitPrice: 1200 }], { Name: 'Åkerö ramavtal' });
      h.win(deal);
      await h.draftFor(deal);
      const id = order(customer, [{ entry: consulting, quantity: 4, unitPrice: 1200 }], { OpportunityId: deal });
      activate(id);
      const parked = await orderWrittenBack(id, 'Fortnox_Sync_Error__c');
      expect(parked.Fortnox_Status__c).to.equal('Needs Attention');
      expect(parked.Fortnox_Sync_Error__c).to.include('“Åkerö ramavtal”').and.include('already invoiced');
      expect(h.invoicesFor(id)).to.have.length(0);
      expect(h.invoicesFor(deal)).to.have.length(1);
    });

    it('an Opportunity whose Order is invoiced is parked with a message naming the Order', async () => {
      const customer = account();
      const deal = h.deal(customer, [{ entry: licence, quantity: 1, unitPrice: 4900 }], { Name: 'Licens 2027' });
      const id = order(customer, [{ entry: licence, quantity: 1, unitPrice: 4900 }], {
        OpportunityId: deal,
        Name: 'Licens 2027 order',
      });
      activate(id);
      await h.draftFor(id);
      h.win(deal);
      const parked = await h.writtenBack(deal, 'Fortnox_Sync_Error__c');
      expect(parked.Fortnox_Status__c).to.equal('Needs Attention');
      expect(parked.Fortnox_Sync_Error__c).to.include('“Licens 2027 order”').and.include('already invoiced');
      expect(h.invoicesFor(deal)).to.have.length(0);
      expect(h.invoicesFor(id)).to.have.length(1);
    });
  });
});
