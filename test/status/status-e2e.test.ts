import { expect } from 'chai';
import { DEMO_TENANT } from '../../scripts/stack.ts';
import { type StatusHarness, startStatusHarness } from './helpers.ts';

/**
 * What finance does in Fortnox, as the sales rep sees it on the Opportunity: the whole product
 * (listener, sync engine, WebSocket subscriber, poller, write-back) against both emulators.
 */
describe('status back to Salesforce (end to end)', function () {
  this.timeout(60_000);
  let h: StatusHarness;
  before(async () => {
    // A long poll interval: every change below must arrive through the WebSocket.
    h = await startStatusHarness({
      env: { STATUS_POLL_INTERVAL_SECONDS: '3600', LOG_LEVEL: process.env.STATUS_LOG ?? 'error' },
    });
  });
  after(async () => h?.stop());

  it('draft → booked → partially paid → paid appears on the Opportunity, with amounts and dates', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(1000);
    const draft = h.sf.get(opportunityId) as Record<string, unknown>;
    expect(draft.Fortnox_Invoice_Number__c).to.equal(invoiceNumber);
    expect(draft.Fortnox_Invoice_Link__c).to.be.a('string');

    h.finance('bookkeep', invoiceNumber);
    const booked = await h.status(opportunityId, 'Booked');
    expect(booked.Fortnox_Total__c).to.equal(1250);
    expect(booked.Fortnox_Balance__c).to.equal(1250);

    h.finance('payment', invoiceNumber, 500);
    const partly = await h.status(opportunityId, 'Partially Paid');
    expect(partly.Fortnox_Balance__c).to.equal(750);

    h.finance('payment', invoiceNumber);
    const paid = await h.status(opportunityId, 'Paid');
    expect(paid.Fortnox_Balance__c).to.equal(0);
    expect(paid.Fortnox_Paid_Date__c).to.match(/^\d{4}-\d{2}-\d{2}$/);
    const { rows } = await h.db.pool.query(
      `SELECT to_state FROM sync_events e JOIN sync_records r ON r.id = e.sync_record_id
      WHERE r.source_id = $1 AND e.kind = 'transition' ORDER BY e.id`,
      [opportunityId],
    );
    expect(rows.map((r) => r.to_state)).to.include.members(['draft', 'booked', 'partially_paid', 'paid']);
  });

  it('a credit shows Credited', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(400);
    h.finance('bookkeep', invoiceNumber);
    await h.status(opportunityId, 'Booked');
    h.finance('credit', invoiceNumber);
    await h.status(opportunityId, 'Credited');
  });

  it('a cancelled draft shows Cancelled', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(300);
    h.finance('cancel', invoiceNumber);
    await h.status(opportunityId, 'Cancelled');
  });

  it('a due date passing shows Overdue (daily job; nothing changes in Fortnox), and a payment moves it on', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(200);
    h.finance('bookkeep', invoiceNumber);
    await h.status(opportunityId, 'Booked');
    h.stack.fortnox.advanceClock(35 * 86_400_000); // terms are 30 days; refresh tokens live 45
    const before = h.stack.fortnox.topics.log.count('invoices');
    await h.stack.runtime.queue.send('status.overdue', {});
    await h.status(opportunityId, 'Overdue');
    expect(h.stack.fortnox.topics.log.count('invoices')).to.equal(before, 'Fortnox saw no change');
    h.finance('payment', invoiceNumber);
    await h.status(opportunityId, 'Paid');
  });

  it("the PDF link opens that invoice's PDF; a modified link is refused", async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(150);
    const link = String((h.sf.get(opportunityId) as Record<string, unknown>).Fortnox_Invoice_Link__c);
    expect(link.startsWith(h.stack.appUrl)).to.equal(true);
    const ok = await fetch(link);
    expect(ok.status).to.equal(200);
    expect(ok.headers.get('content-type')).to.match(/^application\/pdf/);
    const body = Buffer.from(await ok.arrayBuffer()).toString('latin1');
    expect(body.startsWith('%PDF-')).to.equal(true);
    expect(body).to.include(`Faktura ${invoiceNumber}`);

    const other = link.replace(
      `/${DEMO_TENANT}/${invoiceNumber}.pdf`,
      `/${DEMO_TENANT}/${Number(invoiceNumber) - 1}.pdf`,
    );
    expect((await fetch(other)).status).to.equal(403);
    const url = new URL(link);
    url.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 86_400));
    expect((await fetch(url)).status).to.equal(403);
    url.searchParams.delete('signature');
    expect((await fetch(url)).status).to.equal(403);
  });
});
