import { expect } from 'chai';
import type { Payment } from '../../src/core/documents.ts';
import { saveSetting } from '../../src/db/settings.repo.ts';
import { WAITING_CODES } from '../../src/sink/money-parking.ts';
import { memoryOrder } from '../helpers/memory-source.ts';
import { type MoneyHarness, startMoneyHarness } from './helpers.ts';

/**
 * Money received in a source becomes a Fortnox invoice payment on the mapped mode of payment, once,
 * and only on a booked invoice — end to end with the in-memory shop and the Fortnox emulator.
 */
describe('payments become invoice payments', function () {
  this.timeout(90_000);
  let h: MoneyHarness;
  before(async () => {
    h = await startMoneyHarness();
  });
  after(async () => {
    await h.stop();
  });

  async function draftOrder(id: string): Promise<string> {
    h.shop.orders.set(id, memoryOrder(id, [{ sku: 'SKU-A', quantity: 4, price: 250 }])); // 1 000 + 25 % = 1 250
    await h.sync(h.shop.ref('order', id));
    return String((await h.orderInvoice(id)).DocumentNumber);
  }

  function payment(id: string, orderId: string, fields: Partial<Payment> = {}): Payment {
    const p: Payment = {
      source: h.shop.ref('payment', id),
      document: h.shop.ref('order', orderId),
      method: 'card',
      amount: 1250,
      currency: 'SEK',
      date: '2026-12-02',
      reference: `ch_${id}`,
      ...fields,
    };
    h.shop.payments.set(id, p);
    return p;
  }

  it('a payment before booking waits, and is registered and bookkept once after booking', async () => {
    const number = await draftOrder('2001');
    payment('p2001', '2001');
    await h.sync(h.shop.ref('payment', 'p2001'));
    const waiting = await h.ledgerUntil(
      h.shop.ref('payment', 'p2001'),
      'payment',
      (r) => r.error_code === 'waiting_for_booking',
      'the payment to wait',
    );
    expect(waiting.error_message).to.contain(`Invoice ${number} is not booked yet`);
    expect(h.payments(number)).to.have.length(0);

    h.book(number);
    const done = await h.ledgerUntil(h.shop.ref('payment', 'p2001'), 'payment', (r) => r.state === 'booked', 'booked');
    await h.done(await h.sync(h.shop.ref('payment', 'p2001')));

    const payments = h.payments(number);
    expect(payments).to.have.length(1);
    expect(payments[0]).to.include({ Amount: 1250, ModeOfPayment: 'KORT', ModeOfPaymentAccount: 1930, Booked: true });
    expect(String(payments[0]!.Number)).to.equal(done.fortnox_number);
    await h.ledgerUntil(h.shop.ref('order', '2001'), 'invoice', (r) => r.state === 'paid', 'the invoice paid');
    await h.until(() => h.shop.written.get('payment:p2001')?.fortnox_state === 'booked', 'the write-back');
  });

  it('an unmapped payment method needs a person, with a plain message saying what to add', async () => {
    const number = await draftOrder('2002');
    h.book(number);
    payment('p2002', '2002', { method: 'klarna' });
    await h.sync(h.shop.ref('payment', 'p2002'));
    // A payment that ran before the invoice's number reached the ledger waits for it first, then parks so.
    const row = await h.ledgerUntil(
      h.shop.ref('payment', 'p2002'),
      'payment',
      (r) => r.state === 'needs_attention' && r.error_code !== 'waiting_for_original',
      'the payment parked',
    );
    expect(row.error_code).to.equal('payment_method_unmapped');
    // Fortnox has no KLARNA mode (the emulator's company has BG, PG, K, KORT, SWISH): the message says both fixes.
    expect(row.error_message).to.contain('The payment method “klarna” has no Fortnox mode of payment');
    expect(row.error_message).to.contain('create a mode of payment with code KLARNA in Fortnox');
    expect(row.error_message).to.contain('add klarna=CODE:account to the setting “Modes of payment”');
    expect(h.payments(number)).to.have.length(0);
  });

  it('a mode of payment Fortnox does not have needs a person, naming it', async () => {
    await saveSetting(h.db.pool, 'paymentModes', 'card=KORTX:1930', '1001');
    try {
      const number = await draftOrder('2005');
      h.book(number);
      payment('p2005', '2005');
      await h.sync(h.shop.ref('payment', 'p2005'));
      const row = await h.ledgerUntil(
        h.shop.ref('payment', 'p2005'),
        'payment',
        (r) => r.state === 'needs_attention',
        'the payment parked',
      );
      expect(row.error_code).to.equal('payment_mode_unknown');
      expect(row.error_message).to.contain('Fortnox has no mode of payment “KORTX”');
      expect(h.payments(number)).to.have.length(0);
    } finally {
      await saveSetting(h.db.pool, 'paymentModes', 'card=KORT:1930, swish=SWISH:1920', '1001');
    }
  });

  it('a method the setting does not name books on the company’s own mode with the usual code, on its account', async () => {
    const number = await draftOrder('2006');
    h.book(number);
    await h.ledgerUntil(h.shop.ref('order', '2006'), 'invoice', (r) => r.state === 'booked', 'the invoice booked');
    // Not in “Modes of payment”; the emulator's company has K (Kontant) on 1910, as a new Fortnox company does.
    payment('p2006', '2006', { method: 'cash' });
    await h.sync(h.shop.ref('payment', 'p2006'));
    await h.ledgerUntil(h.shop.ref('payment', 'p2006'), 'payment', (r) => r.state === 'booked', 'the payment booked');
    expect(h.payments(number)[0]).to.include({ Amount: 1250, ModeOfPayment: 'K', ModeOfPaymentAccount: 1910 });
  });

  it('a provider’s own name for a card payment (adyen:scheme, stripe:card) books on the card mode', async () => {
    const number = await draftOrder('2007');
    h.book(number);
    await h.ledgerUntil(h.shop.ref('order', '2007'), 'invoice', (r) => r.state === 'booked', 'the invoice booked');
    payment('p2007', '2007', { method: 'adyen:scheme', amount: 1000 });
    await h.sync(h.shop.ref('payment', 'p2007'));
    await h.ledgerUntil(h.shop.ref('payment', 'p2007'), 'payment', (r) => r.state === 'booked', 'the payment booked');
    expect(h.payments(number)[0]).to.include({ Amount: 1000, ModeOfPayment: 'KORT', ModeOfPaymentAccount: 1930 });
  });

  it('a lost answer after Fortnox registered the payment is adopted, not registered twice', async () => {
    const number = await draftOrder('2003');
    h.book(number);
    await h.ledgerUntil(h.shop.ref('order', '2003'), 'invoice', (r) => r.state === 'booked', 'the invoice booked');
    payment('p2003', '2003', { amount: 500, method: 'Swish' });
    h.stack.fortnox.injectFault({ kind: 'commit-then-fail', method: 'POST', pathPrefix: '/3/invoicepayments' });
    await h.sync(h.shop.ref('payment', 'p2003'));
    await h.ledgerUntil(h.shop.ref('payment', 'p2003'), 'payment', (r) => r.state === 'booked', 'booked after retry');
    await h.done(await h.sync(h.shop.ref('payment', 'p2003')));

    const payments = h.payments(number);
    expect(payments).to.have.length(1);
    expect(payments[0]).to.include({ Amount: 500, ModeOfPayment: 'SWISH', ModeOfPaymentAccount: 1920 });
  });

  it('a payment whose booking Fortnox refused is only booked on retry, never registered twice', async () => {
    const number = await draftOrder('2008');
    h.book(number);
    await h.ledgerUntil(h.shop.ref('order', '2008'), 'invoice', (r) => r.state === 'booked', 'the invoice booked');
    payment('p2008', '2008', { amount: 400 });
    // Registering works; booking the payment is refused once (a locked period, say): the row parks with its number.
    h.stack.fortnox.injectFault({ kind: 'status', status: 400, method: 'PUT', pathPrefix: '/3/invoicepayments/' });
    await h.sync(h.shop.ref('payment', 'p2008'));
    const parked = await h.ledgerUntil(
      h.shop.ref('payment', 'p2008'),
      'payment',
      (r) => r.state === 'needs_attention',
      'the payment parked',
    );
    expect(parked.fortnox_number).to.not.equal(null);
    expect(h.payments(number)).to.have.length(1);

    // Someone presses retry (or the source changes): the payment Fortnox has is booked, not registered again.
    await h.done(await h.sync(h.shop.ref('payment', 'p2008')));
    const row = await h.ledger(h.shop.ref('payment', 'p2008'), 'payment');
    expect(row).to.include({ state: 'booked', fortnox_number: parked.fortnox_number });
    const payments = h.payments(number);
    expect(payments).to.have.length(1);
    expect(payments[0]).to.include({ Amount: 400, Booked: true });
  });

  it('a payment waiting for booking is woken even when the worker dies right as the booking is applied', async () => {
    const number = await draftOrder('2009');
    payment('p2009', '2009', { amount: 300 });
    await h.sync(h.shop.ref('payment', 'p2009'));
    await h.ledgerUntil(
      h.shop.ref('payment', 'p2009'),
      'payment',
      (r) => r.error_code === 'waiting_for_booking',
      'the payment to wait',
    );
    // The status side's send of the waiting payment dies once, as a worker killed at that point would.
    const queue = h.stack.statusDeps!.queue;
    const send = queue.send.bind(queue);
    let lost = 0;
    const dying: typeof queue.send = async (name, payload, options) => {
      const job = payload as { reason?: string; source?: { id?: string } };
      if (lost === 0 && job.reason === 'original_changed' && job.source?.id === 'p2009') {
        lost++;
        throw new Error('worker killed');
      }
      return send(name, payload, options);
    };
    queue.send = dying;
    try {
      h.book(number);
      await h.ledgerUntil(h.shop.ref('payment', 'p2009'), 'payment', (r) => r.state === 'booked', 'the payment');
    } finally {
      Reflect.deleteProperty(queue, 'send');
    }
    expect(lost).to.equal(1);
    expect(h.payments(number)).to.have.length(1);
  });

  it('over-payment and a currency mismatch are refused with plain messages', async () => {
    const number = await draftOrder('2004');
    h.book(number);
    payment('p2004a', '2004', { amount: 2000 });
    payment('p2004b', '2004', { currency: 'EUR', amount: 100 });
    await h.sync(h.shop.ref('payment', 'p2004a'));
    await h.sync(h.shop.ref('payment', 'p2004b'));
    const over = await h.ledgerUntil(
      h.shop.ref('payment', 'p2004a'),
      'payment',
      // Waiting codes pass by themselves (the original's draft or booking retries them): wait for the verdict.
      (r) => r.state === 'needs_attention' && !(WAITING_CODES as readonly (string | null)[]).includes(r.error_code),
      'over-payment parked',
    );
    expect(over.error_code).to.equal('payment_exceeds_balance');
    expect(over.error_message).to.contain('is more than the 1250 SEK still open');
    const currency = await h.ledgerUntil(
      h.shop.ref('payment', 'p2004b'),
      'payment',
      // Waiting codes pass by themselves (the original's draft or booking retries them): wait for the verdict.
      (r) => r.state === 'needs_attention' && !(WAITING_CODES as readonly (string | null)[]).includes(r.error_code),
      'currency mismatch parked',
    );
    expect(currency.error_code).to.equal('payment_currency_mismatch');
    expect(h.payments(number)).to.have.length(0);
  });
});
