import { expect } from 'chai';
import type { Credit } from '../../src/core/documents.ts';
import { saveSetting } from '../../src/db/settings.repo.ts';
import { memoryOrder } from '../helpers/memory-source.ts';
import { type MoneyHarness, startMoneyHarness } from './helpers.ts';

type Rec = Record<string, unknown>;

/**
 * Refunds from a source become Fortnox credit invoices against the original invoice, once each,
 * whatever order things arrive in — proven end to end with the in-memory shop and the Fortnox emulator.
 */
describe('refunds become credit invoices', function () {
  this.timeout(90_000);
  let h: MoneyHarness;
  before(async () => {
    h = await startMoneyHarness();
  });
  after(async () => {
    await h.stop();
  });

  // Net 500 + 25 % VAT = 625 SEK.
  const LINES = [
    { sku: 'SKU-A', quantity: 2, price: 100 },
    { sku: 'SKU-B', quantity: 1, price: 300 },
  ];

  async function bookedOrder(id: string): Promise<string> {
    h.shop.orders.set(id, memoryOrder(id, LINES));
    await h.sync(h.shop.ref('order', id));
    const number = String((await h.orderInvoice(id)).DocumentNumber);
    h.book(number);
    await h.ledgerUntil(h.shop.ref('order', id), 'invoice', (r) => r.state === 'booked', 'the invoice booked');
    return number;
  }

  function refund(id: string, orderId: string, part: Pick<Credit, 'lines'> | Pick<Credit, 'amount'>): Credit {
    const credit: Credit = {
      source: h.shop.ref('refund', id),
      original: h.shop.ref('order', orderId),
      title: `refund ${id}`,
      currency: 'SEK',
      date: '2026-12-02',
      ...part,
    };
    h.shop.refunds.set(id, credit);
    return credit;
  }

  const creditsOf = (number: string) =>
    h.invoices().filter((i) => i.Credit === 'true' && String(i.InvoiceReference) === number);
  const byReference2 = (reference: string) => h.invoices().filter((i) => i.ExternalInvoiceReference2 === reference);
  const rows = (invoice: Rec) => invoice.InvoiceRows as Rec[];

  /**
   * The moment Fortnox credits invoice `number` (before it answers), a 400 is armed on the PUT to
   * `path(credit invoice number)`: the credit is made, and the next step on its credit invoice is refused.
   */
  function refuseAfterCredit(number: string, path: (creditNumber: string) => string): void {
    const on = (e: { type: string; entityId: string }) => {
      const credit = String(h.invoice(number)?.CreditInvoiceReference ?? '0');
      if (e.type !== 'invoice-updated-v1' || e.entityId !== number || credit === '0') return;
      h.stack.fortnox.events.off('event', on);
      h.stack.fortnox.injectFault({ kind: 'status', status: 400, method: 'PUT', pathPrefix: path(credit) });
    };
    h.stack.fortnox.events.on('event', on);
  }

  it('a full refund of a booked invoice becomes one credit invoice referencing the original, told to the source', async () => {
    const number = await bookedOrder('1001');
    refund('r1001', '1001', { amount: 625 });
    await h.sync(h.shop.ref('refund', 'r1001'));
    const record = await h.ledgerUntil(
      h.shop.ref('refund', 'r1001'),
      'credit',
      (r) => r.fortnox_number !== null,
      'the credit',
    );

    const credits = creditsOf(number);
    expect(credits).to.have.length(1);
    const credit = credits[0]!;
    expect(credit.ExternalInvoiceReference2).to.equal('memshop:main:refund:r1001');
    expect(credit.Total).to.equal(-625);
    expect(String(h.invoice(number).CreditInvoiceReference)).to.equal(String(credit.DocumentNumber));
    expect(record.fortnox_number).to.equal(String(credit.DocumentNumber));
    expect(record.state).to.equal('draft');
    await h.ledgerUntil(h.shop.ref('order', '1001'), 'invoice', (r) => r.state === 'credited', 'the original credited');
    await h.until(() => h.shop.written.get('refund:r1001')?.fortnox_number === record.fortnox_number, 'the write-back');

    // The order changes after its refund (a status update): it keeps its credited invoice, no second one.
    h.shop.orders.get('1001')!.yourOrderNumber = 'A-1001';
    await h.done(await h.sync(h.shop.ref('order', '1001')));
    expect(
      h.invoices().filter((i) => i.ExternalInvoiceReference1 === 'memshop:main:1001' && i.Credit !== 'true'),
    ).to.have.length(1);
  });

  it('a partial refund credits only the refunded line', async () => {
    const number = await bookedOrder('1002');
    refund('r1002', '1002', {
      lines: [{ productCode: 'SKU-B', description: 'Product SKU-B', quantity: 1, unitPrice: 300, vatRate: 25 }],
    });
    await h.sync(h.shop.ref('refund', 'r1002'));
    await h.ledgerUntil(h.shop.ref('refund', 'r1002'), 'credit', (r) => r.fortnox_number !== null, 'the credit');

    const [credit] = creditsOf(number);
    expect(credit).to.not.equal(undefined);
    expect(credit!.Total).to.equal(-375);
    expect(rows(credit!).map((r) => [r.ArticleNumber, Number(r.DeliveredQuantity), Number(r.Price)])).to.deep.equal([
      ['SKU-B', -1, 300],
    ]);
    expect((await h.ledger(h.shop.ref('refund', 'r1002'), 'credit'))!.state).to.equal('draft');

    // Fortnox now shows the original credited (the poller follows); a later change of the order still
    // must not invoice it again — most of it stands, and the credit is the refund's.
    await h.ledgerUntil(h.shop.ref('order', '1002'), 'invoice', (r) => r.state === 'credited', 'the poller');
    h.shop.orders.get('1002')!.yourOrderNumber = 'A-1002';
    await h.done(await h.sync(h.shop.ref('order', '1002')));
    expect(
      h.invoices().filter((i) => i.ExternalInvoiceReference1 === 'memshop:main:1002' && i.Credit !== 'true'),
    ).to.have.length(1);
  });

  it('a second refund of an already credited invoice becomes a negative invoice naming it, once', async () => {
    const number = await bookedOrder('1003');
    refund('r1003a', '1003', {
      lines: [{ productCode: 'SKU-B', description: 'Product SKU-B', quantity: 1, unitPrice: 300 }],
    });
    await h.sync(h.shop.ref('refund', 'r1003a'));
    await h.ledgerUntil(h.shop.ref('refund', 'r1003a'), 'credit', (r) => r.fortnox_number !== null, 'the first credit');
    refund('r1003b', '1003', {
      lines: [{ productCode: 'SKU-A', description: 'Product SKU-A', quantity: 1, unitPrice: 100 }],
    });
    await h.sync(h.shop.ref('refund', 'r1003b'));
    await h.ledgerUntil(h.shop.ref('refund', 'r1003b'), 'credit', (r) => r.fortnox_number !== null, 'the second');
    await h.done(await h.sync(h.shop.ref('refund', 'r1003b')));

    const second = byReference2('memshop:main:refund:r1003b');
    expect(second).to.have.length(1);
    expect(second[0]!.Credit).to.equal('false');
    expect(second[0]!.Total).to.equal(-125);
    expect(second[0]!.Remarks).to.contain(`faktura ${number}`);
    expect(creditsOf(number)).to.have.length(1);

    // 625 invoiced, 375 + 125 credited: a refund of 200 is more than is left.
    refund('r1003c', '1003', { amount: 200 });
    await h.sync(h.shop.ref('refund', 'r1003c'));
    const tooLarge = await h.ledgerUntil(
      h.shop.ref('refund', 'r1003c'),
      'credit',
      (r) => r.state === 'needs_attention',
      'the third refund parked',
    );
    expect(tooLarge.error_code).to.equal('credit_too_large');
    expect(tooLarge.error_message).to.contain('(125 SEK after earlier refunds)');
  });

  it('a refund that arrives before its order waits, then is credited once the invoice exists and is booked', async () => {
    refund('r1004', '1004', { amount: 625 });
    await h.sync(h.shop.ref('refund', 'r1004'));
    const waiting = await h.ledgerUntil(
      h.shop.ref('refund', 'r1004'),
      'credit',
      (r) => r.error_code === 'waiting_for_original',
      'the refund to wait',
    );
    expect(waiting.state).to.equal('needs_attention');
    expect(waiting.error_message).to.contain('no Fortnox invoice yet');

    h.shop.orders.set('1004', memoryOrder('1004', LINES));
    await h.sync(h.shop.ref('order', '1004'));
    const number = String((await h.orderInvoice('1004')).DocumentNumber);
    // The invoice's creation sends the refund again; a draft cannot be credited, so it waits for booking.
    const forBooking = await h.ledgerUntil(
      h.shop.ref('refund', 'r1004'),
      'credit',
      (r) => r.error_code === 'waiting_for_booking',
      'the refund to wait for booking',
    );
    expect(forBooking.error_message).to.contain(`Invoice ${number} is not booked yet`);
    expect(forBooking.tenant_id).to.equal('1001');

    h.book(number);
    await h.ledgerUntil(h.shop.ref('refund', 'r1004'), 'credit', (r) => r.fortnox_number !== null, 'the credit');
    expect(creditsOf(number)).to.have.length(1);
  });

  it('a replayed refund adds nothing, also after a crash between the credit action and the ledger write', async () => {
    const number = await bookedOrder('1005');
    refund('r1005', '1005', { amount: 625 });
    // Fortnox credits the invoice, then the answer is lost: the job retries and must adopt, not credit again.
    h.stack.fortnox.injectFault({
      kind: 'commit-then-fail',
      method: 'PUT',
      pathPrefix: `/3/invoices/${number}/credit`,
    });
    await h.sync(h.shop.ref('refund', 'r1005'));
    const record = await h.ledgerUntil(
      h.shop.ref('refund', 'r1005'),
      'credit',
      (r) => r.fortnox_number !== null,
      'the credit after the retry',
    );
    await h.done(await h.sync(h.shop.ref('refund', 'r1005')));
    await h.done(await h.sync(h.shop.ref('refund', 'r1005')));

    const credits = creditsOf(number);
    expect(credits).to.have.length(1);
    expect(String(credits[0]!.DocumentNumber)).to.equal(record.fortnox_number);
    expect(credits[0]!.ExternalInvoiceReference2).to.equal('memshop:main:refund:r1005');
    expect(byReference2('memshop:main:refund:r1005')).to.have.length(1);
  });

  it('a retry after Fortnox credited but refused marking the credit invoice adopts it, no second credit', async () => {
    const number = await bookedOrder('1008');
    refund('r1008', '1008', { amount: 625 });
    refuseAfterCredit(number, (credit) => `/3/invoices/${credit}`);
    await h.sync(h.shop.ref('refund', 'r1008'));
    const parked = await h.ledgerUntil(
      h.shop.ref('refund', 'r1008'),
      'credit',
      (r) => r.state === 'needs_attention',
      'the refund parked',
    );
    expect(parked.fortnox_number).to.equal(null);
    expect(creditsOf(number)).to.have.length(1);

    // Retried (a person, or the refund changing): the credit invoice Fortnox made is this refund's.
    await h.done(await h.sync(h.shop.ref('refund', 'r1008')));
    const [credit] = creditsOf(number);
    expect(creditsOf(number)).to.have.length(1);
    expect(byReference2('memshop:main:refund:r1008').map((i) => i.DocumentNumber)).to.deep.equal([
      credit!.DocumentNumber,
    ]);
    const row = await h.ledger(h.shop.ref('refund', 'r1008'), 'credit');
    expect(row).to.include({ state: 'draft', fortnox_number: String(credit!.DocumentNumber) });
  });

  it('a retry finding that credit invoice booked in the meantime asks a person instead of crediting again', async () => {
    const number = await bookedOrder('1010');
    refund('r1010', '1010', { amount: 625 });
    refuseAfterCredit(number, (credit) => `/3/invoices/${credit}`);
    await h.sync(h.shop.ref('refund', 'r1010'));
    await h.ledgerUntil(h.shop.ref('refund', 'r1010'), 'credit', (r) => r.state === 'needs_attention', 'parked');
    const [made] = creditsOf(number);
    h.book(String(made!.DocumentNumber)); // finance books it before anyone retries: it can no longer be marked

    await h.done(await h.sync(h.shop.ref('refund', 'r1010')));
    const row = await h.ledger(h.shop.ref('refund', 'r1010'), 'credit');
    expect(row).to.include({ state: 'needs_attention', error_code: 'credit_unclear', fortnox_number: null });
    expect(row!.error_message).to.contain(`credited by credit invoice ${made!.DocumentNumber}`);
    expect(byReference2('memshop:main:refund:r1010')).to.have.length(0);
    expect(h.invoices().filter((i) => String(i.Remarks ?? '').includes(`faktura ${number}`))).to.have.length(0);
  });

  it('a retry after booking the credit invoice was refused books it, and credits nothing again', async () => {
    const number = await bookedOrder('1009');
    await saveSetting(h.db.pool, 'bookkeep', true, '1001');
    try {
      refund('r1009', '1009', { amount: 625 });
      // The credit invoice is made and stored as a draft; booking it is refused (a locked period, say).
      refuseAfterCredit(number, (credit) => `/3/invoices/${credit}/bookkeep`);
      await h.sync(h.shop.ref('refund', 'r1009'));
      const parked = await h.ledgerUntil(
        h.shop.ref('refund', 'r1009'),
        'credit',
        (r) => r.state === 'needs_attention',
        'the refund parked',
      );
      const [made] = creditsOf(number);
      expect(parked.fortnox_number).to.equal(String(made!.DocumentNumber));
      expect(made!.Booked).to.equal(false);

      await h.done(await h.sync(h.shop.ref('refund', 'r1009')));
      expect(byReference2('memshop:main:refund:r1009')).to.have.length(1);
      expect(creditsOf(number)).to.have.length(1);
      expect(h.invoice(String(made!.DocumentNumber)).Booked).to.equal(true);
      const row = await h.ledger(h.shop.ref('refund', 'r1009'), 'credit');
      expect(row).to.include({ state: 'booked', fortnox_number: parked.fortnox_number });
      await h.ledgerUntil(
        h.shop.ref('order', '1009'),
        'invoice',
        (r) => r.state === 'credited',
        'the original credited',
      );
    } finally {
      await saveSetting(h.db.pool, 'bookkeep', false, '1001');
    }
  });

  it('with “cancel the draft” chosen, a full refund of an unbooked draft cancels it instead of crediting', async () => {
    await saveSetting(h.db.pool, 'creditUnbooked', 'cancel_draft', '1001');
    try {
      h.shop.orders.set('1007', memoryOrder('1007', LINES));
      await h.sync(h.shop.ref('order', '1007'));
      const number = String((await h.orderInvoice('1007')).DocumentNumber);
      refund('r1007', '1007', { amount: 625 });
      await h.sync(h.shop.ref('refund', 'r1007'));
      await h.ledgerUntil(h.shop.ref('refund', 'r1007'), 'credit', (r) => r.state === 'skipped', 'the refund settled');
      expect(h.invoice(number).Cancelled).to.equal(true);
      expect(creditsOf(number)).to.have.length(0);
      expect((await h.ledger(h.shop.ref('order', '1007'), 'invoice'))!.state).to.equal('cancelled');
      // The order still exists in the shop; syncing it again must not invoice the refunded order anew.
      await h.done(await h.sync(h.shop.ref('order', '1007')));
      expect(h.invoices().filter((i) => i.ExternalInvoiceReference1 === 'memshop:main:1007')).to.have.length(1);
    } finally {
      await saveSetting(h.db.pool, 'creditUnbooked', 'wait_for_booking', '1001');
    }
  });

  it('a refund of a line not on the invoice needs a person, with a plain message', async () => {
    await bookedOrder('1006');
    refund('r1006', '1006', {
      lines: [{ productCode: 'SKU-Z', description: 'Gift wrap', quantity: 1, unitPrice: 50 }],
    });
    await h.sync(h.shop.ref('refund', 'r1006'));
    const row = await h.ledgerUntil(
      h.shop.ref('refund', 'r1006'),
      'credit',
      (r) => r.state === 'needs_attention',
      'the refund parked',
    );
    expect(row.error_code).to.equal('credit_line_unknown');
    expect(row.error_message).to.contain('“Gift wrap” is not on invoice');
  });
});
