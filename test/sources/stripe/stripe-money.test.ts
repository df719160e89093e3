import { expect } from 'chai';
import type Stripe from 'stripe';
import { saveSetting } from '../../../src/db/settings.repo.ts';
import { type StripeHarness, startStripeHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * Stripe money → Fortnox, end to end through webhooks and the events poller: a paid invoice's
 * payment is registered on the booked Fortnox invoice on the mode of payment of its method; a
 * refund and a credit note each become one Fortnox credit, whatever Stripe sends twice — and a
 * credit note that refunds to the card is credited once, not once more for its refund.
 */
describe('Stripe credits and payments → Fortnox', function () {
  this.timeout(120_000);
  let s: StripeHarness;
  let stripe: Stripe;
  const demo = () => s.em.demo!;
  const tenant = () => s.h.stack.fortnox.tenant(1001);
  const all = (table: 'invoices' | 'invoicepayments') => [...tenant()[table].rows.values()].map((r) => r.rec as Rec);
  const credits = (number: string) =>
    all('invoices').filter((i) => String(i.Credit) === 'true' && String(i.InvoiceReference) === number);
  const payments = (number: string) => all('invoicepayments').filter((p) => String(p.InvoiceNumber) === number);
  const ledger = async (object: string, id: string, kind: string) => {
    const { rows } = await s.h.db.pool.query<{
      state: string;
      error_code: string | null;
      error_message: string | null;
    }>(
      `SELECT state, error_code, error_message FROM sync_records
        WHERE source_system = 'stripe' AND source_object = $1 AND source_id = $2 AND document_kind = $3`,
      [object, id, kind],
    );
    return rows[0];
  };
  const paidInvoice = async () => {
    const sub = s.em.subscribe({ customer: demo().customers.acme, price: demo().monthly, taxRate: demo().vat });
    const id = String(sub.latest_invoice);
    const invoice = await s.invoiceFor(id);
    return { id, number: String(invoice.DocumentNumber) };
  };

  before(async () => {
    s = await startStripeHarness();
    stripe = s.stripe;
    await saveSetting(s.h.db.pool, 'bookkeep', true);
    await saveSetting(s.h.db.pool, 'paymentModes', 'card=KORT:1580');
  });
  after(async () => s?.stop());

  it('a paid invoice is booked and its card payment registered once on the card mode of payment', async () => {
    s.em.setChaos({ duplicate: 1 });
    const { id, number } = await paidInvoice();
    await s.h.until(() => payments(number).length > 0, 'the payment');
    await s.settled();
    await s.poll();
    await s.settled();
    s.em.setChaos({ duplicate: 0 });
    const [payment, ...more] = payments(number);
    expect(more).to.have.length(0);
    expect(payment).to.include({ ModeOfPayment: 'KORT' });
    expect(Number(payment!.Amount)).to.equal(Number(s.em.invoice(id).amount_paid) / 100);
    expect(String(payment!.ModeOfPaymentAccount)).to.equal('1580');
  });

  it('a refund becomes one credit of its amount; duplicates and replays add nothing', async () => {
    const { id, number } = await paidInvoice();
    s.em.setChaos({ duplicate: 1 });
    const paid = await stripe.invoicePayments.list({ invoice: id });
    const refund = await stripe.refunds.create({
      payment_intent: String(paid.data[0]!.payment.payment_intent),
      amount: 10_000,
    });
    // Its final state: the credit invoice is cut down to the refund before the record settles.
    await s.h.until(
      async () => /draft|booked/.test((await ledger('refund', refund.id, 'credit'))?.state ?? ''),
      'the credit invoice',
    );
    await s.h.db.pool.query(`DELETE FROM stream_checkpoints WHERE source = 'stripe-events'`);
    await s.poll();
    await s.settled();
    s.em.setChaos({ duplicate: 0 });
    const [credit, ...more] = credits(number);
    expect(more).to.have.length(0);
    expect(Math.abs(Number(credit!.Total))).to.be.closeTo(100, 0.5);
  });

  it('a credit note refunded to the card is credited once, for its lines', async () => {
    const { id, number } = await paidInvoice();
    const line = (await stripe.invoices.retrieve(id)).lines.data[0]!;
    const note = await stripe.creditNotes.create({
      invoice: id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: line.id!, quantity: 1 }],
      refund_amount: s.em.invoice(id).total as number,
    });
    await s.h.until(
      async () => /draft|booked/.test((await ledger('credit_note', note.id, 'credit'))?.state ?? ''),
      'the credit invoice',
    );
    await s.settled();
    expect(credits(number)).to.have.length(1);
    expect(Math.abs(Number(credits(number)[0]!.Total))).to.be.closeTo(note.total / 100, 0.5);
    const refund = note.refunds[0]!.refund as string;
    expect(await ledger('refund', refund, 'credit')).to.equal(undefined);
  });

  /** What Fortnox credited for these Stripe records (a credit invoice, or a negative one for a second credit). */
  const creditedFor = async (...records: [object: string, id: string][]) => {
    const { rows } = await s.h.db.pool.query<{ n: string }>(
      `SELECT fortnox_number AS n FROM sync_records WHERE source_system = 'stripe' AND document_kind = 'credit'
          AND (source_object, source_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND fortnox_number IS NOT NULL`,
      [records.map((r) => r[0]), records.map((r) => r[1])],
    );
    const numbers = new Set(rows.map((r) => r.n));
    return all('invoices')
      .filter((i) => numbers.has(String(i.DocumentNumber)))
      .reduce((sum, i) => sum + Math.abs(Number(i.Total)), 0);
  };
  /** Every event read again by the poller, and its jobs done. */
  const replayed = async () => {
    await s.settled();
    await s.h.db.pool.query(`DELETE FROM stream_checkpoints WHERE source = 'stripe-events'`);
    await s.poll();
    await s.settled();
  };
  const creditedOnce = async (object: string, id: string) =>
    s.h.until(
      async () => /draft|booked/.test((await ledger(object, id, 'credit'))?.state ?? ''),
      `the credit of ${object} ${id}`,
    );

  it('a refund credited first, then a credit note linking it: the credit note credits only the rest', async () => {
    const { id } = await paidInvoice();
    const paid = await stripe.invoicePayments.list({ invoice: id });
    const refund = await stripe.refunds.create({
      payment_intent: String(paid.data[0]!.payment.payment_intent),
      amount: 10_000,
    });
    await creditedOnce('refund', refund.id);
    await s.settled();
    // Finance documents it afterwards: a credit note of 150 kr, 100 of them the refund already made.
    const note = await stripe.creditNotes.create({
      invoice: id,
      amount: 15_000,
      refunds: [{ refund: refund.id, amount_refunded: 10_000 }],
      out_of_band_amount: 5_000,
    });
    await creditedOnce('credit_note', note.id);
    // Stripe sends the refund's events again (a replay): its credit stands, nothing is added.
    await replayed();
    expect(await creditedFor(['refund', refund.id], ['credit_note', note.id])).to.be.closeTo(150, 0.5);
  });

  it('a refund linked by a credit note that covers it all is not credited again, whichever arrives first', async () => {
    const first = await paidInvoice();
    const intent = async (id: string) =>
      String((await stripe.invoicePayments.list({ invoice: id })).data[0]!.payment.payment_intent);
    // Refund first: credited alone; the credit note for the same 100 kr adds nothing.
    const early = await stripe.refunds.create({ payment_intent: await intent(first.id), amount: 10_000 });
    await creditedOnce('refund', early.id);
    await s.settled();
    const covering = await stripe.creditNotes.create({
      invoice: first.id,
      amount: 10_000,
      refunds: [{ refund: early.id }],
    });
    await replayed();
    expect(await ledger('credit_note', covering.id, 'credit')).to.equal(undefined);
    expect(await creditedFor(['refund', early.id], ['credit_note', covering.id])).to.be.closeTo(100, 0.5);
    // The credit note's event first (the refund's was lost, the poller finds it later): the credit note credits it.
    const second = await paidInvoice();
    s.em.setChaos({ drop: 1 });
    const late = await stripe.refunds.create({ payment_intent: await intent(second.id), amount: 10_000 });
    s.em.setChaos({ drop: 0 });
    const note = await stripe.creditNotes.create({
      invoice: second.id,
      amount: 10_000,
      refunds: [{ refund: late.id }],
    });
    await creditedOnce('credit_note', note.id);
    await replayed();
    expect(await ledger('refund', late.id, 'credit')).to.equal(undefined);
    expect(await creditedFor(['refund', late.id], ['credit_note', note.id])).to.be.closeTo(100, 0.5);
  });

  it('a refund of an invoice that never reached Fortnox waits for it, in plain words', async () => {
    s.em.setChaos({ drop: 1 });
    const sub = s.em.subscribe({ customer: demo().customers.acme, price: demo().monthly, taxRate: demo().vat });
    const id = String(sub.latest_invoice);
    const paid = await stripe.invoicePayments.list({ invoice: id });
    const refund = await stripe.refunds.create({ payment_intent: String(paid.data[0]!.payment.payment_intent) });
    await s.settled();
    s.em.setChaos({ drop: 0 });
    expect(s.invoicesFor(id)).to.have.length(0);
    await s.poll();
    await s.invoiceFor(id);
    const number = String(s.invoicesFor(id)[0]!.DocumentNumber);
    await s.h.until(
      async () => /draft|booked/.test((await ledger('refund', refund.id, 'credit'))?.state ?? ''),
      'the credit once the invoice exists',
    );
    expect(credits(number)).to.have.length(1);
  });
});
