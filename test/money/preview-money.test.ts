import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Credit, Payment } from '../../src/core/documents.ts';
import { switchPreview } from '../../src/web/console/connections.route.ts';
import { MEMORY_CONNECTION, MEMORY_SYSTEM, memoryOrder } from '../helpers/memory-source.ts';
import { type MoneyHarness, startMoneyHarness } from './helpers.ts';

/**
 * Preview mode for money, not only invoices: with the shop in preview a refund and a payment of an
 * invoice already in Fortnox are prepared exactly as they would be sent and shown on their record's
 * page; nothing reaches Fortnox. Going live sends each once.
 */
describe('preview mode: credits and payments', function () {
  this.timeout(90_000);
  let h: MoneyHarness;
  before(async () => {
    h = await startMoneyHarness();
  });
  after(async () => h?.stop());

  const previewOf = async (source: { object: string; id: string }) =>
    (
      await h.db.pool.query<{ id: string; state: string; request: Record<string, unknown> }>(
        `SELECT r.id, r.state, e.request FROM sync_records r JOIN sync_events e ON e.sync_record_id = r.id AND e.kind = 'preview'
          WHERE r.source_system = $1 AND r.source_object = $2 AND r.source_id = $3 ORDER BY e.id DESC LIMIT 1`,
        [MEMORY_SYSTEM, source.object, source.id],
      )
    ).rows[0];
  // The in-memory shop is not in the registry the web routes know, so the switch is called as its route calls it.
  const switchTo = (mode: 'preview' | 'live') =>
    switchPreview(
      { pool: h.db.pool, queue: h.stack.runtime.queue },
      { system: MEMORY_SYSTEM, key: MEMORY_CONNECTION },
      'Memory shop',
      mode === 'preview',
      'test admin',
      `test-${mode}-${randomUUID()}`,
    );

  it('holds a refund and a payment with what would be sent, and going live sends each once', async () => {
    // Net 400 + 25 % VAT = 500 SEK, invoiced and booked while live.
    h.shop.orders.set('3001', memoryOrder('3001', [{ sku: 'SKU-P', quantity: 4, price: 100 }]));
    await h.sync(h.shop.ref('order', '3001'));
    const number = String((await h.orderInvoice('3001')).DocumentNumber);
    h.book(number);
    await h.ledgerUntil(h.shop.ref('order', '3001'), 'invoice', (r) => r.state === 'booked', 'the invoice booked');
    expect(await switchTo('preview')).to.contain('is in preview mode');

    const refund: Credit = {
      source: h.shop.ref('refund', 'r3001'),
      original: h.shop.ref('order', '3001'),
      title: 'refund r3001',
      currency: 'SEK',
      date: '2026-12-03',
      amount: 125,
    };
    h.shop.refunds.set('r3001', refund);
    const payment: Payment = {
      source: h.shop.ref('payment', 'p3001'),
      document: h.shop.ref('order', '3001'),
      method: 'card',
      amount: 375,
      currency: 'SEK',
      date: '2026-12-03',
      reference: 'ch_p3001',
    };
    h.shop.payments.set('p3001', payment);
    await h.done(await h.sync(refund.source));
    await h.done(await h.sync(payment.source));

    const credit = await previewOf(refund.source);
    expect(credit?.state).to.equal('pending');
    expect(credit?.request).to.include({ how: 'credit_action', original: number, full: false, total: 125 });
    const paid = await previewOf(payment.source);
    expect(paid?.state).to.equal('pending');
    expect(paid?.request).to.include({ InvoiceNumber: Number(number), Amount: 375, ModeOfPayment: 'KORT' });
    const credits = () => h.invoices().filter((i) => i.Credit === 'true' && String(i.InvoiceReference) === number);
    expect(credits(), 'no credit invoice in preview').to.have.length(0);
    expect(h.payments(number), 'no payment in preview').to.have.length(0);
    const page = await (await fetch(`${h.stack.appUrl}/records/${paid!.id}`)).text();
    expect(page).to.contain('Preview mode: this is what would be sent to Fortnox; nothing was posted.');
    expect(page).to.contain('&quot;ModeOfPayment&quot;: &quot;KORT&quot;');

    // Live twice, and a retry of each on top: still one credit and one payment.
    const [first, second] = await Promise.all([switchTo('live'), switchTo('live')]);
    expect(`${first} ${second}`).to.contain('2 held documents are being sent to Fortnox now, once each');
    await Promise.all([h.sync(refund.source), h.sync(payment.source)]);
    await h.ledgerUntil(refund.source, 'credit', (r) => r.fortnox_number !== null, 'the credit');
    await h.ledgerUntil(payment.source, 'payment', (r) => r.fortnox_number !== null, 'the payment');
    await h.until(
      async () =>
        Number(
          (
            await h.db.pool.query(
              `SELECT count(*) FROM pgboss.job WHERE name = 'document.sync' AND data->'source'->>'system' = $1 AND state < 'completed'`,
              [MEMORY_SYSTEM],
            )
          ).rows[0].count,
        ) === 0,
      'every sync has run',
    );
    expect(credits()).to.have.length(1);
    expect(h.payments(number)).to.have.length(1);
  });
});
