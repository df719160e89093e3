import { expect } from 'chai';
import type { TenantStats } from '../../../emulators/fortnox/index.ts';
import { type StripeHarness, startStripeHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * Stripe Billing → Fortnox, end to end: a subscription's paid invoice reaches the web app as a
 * signed webhook, the worker re-reads it with the official client and Fortnox shows one invoice.
 */
describe('Stripe Billing → Fortnox end to end', function () {
  this.timeout(90_000);
  let s: StripeHarness;
  const demo = () => s.em.demo!;
  before(async () => {
    s = await startStripeHarness();
  });
  after(async () => s?.stop());
  /** The Fortnox number is on the Stripe invoice, and the jobs it caused (our own echo too) are done. */
  const written = async (id: string) => {
    await s.h.until(
      () => (s.em.invoice(id).metadata as Rec | undefined)?.fortnox_invoice_number !== undefined,
      'the write-back',
    );
    await s.settled();
  };

  it('a paid subscription invoice becomes one Fortnox invoice with 25 % VAT and the Stripe total', async () => {
    const sub = s.em.subscribe({ customer: demo().customers.acme, price: demo().monthly, taxRate: demo().vat });
    const invoiceId = String(sub.latest_invoice);
    const stripeInvoice = s.em.invoice(invoiceId);
    const invoice = await s.invoiceFor(invoiceId);
    // Fortnox's öresutjämning rounds the total to whole kronor; the net is exact.
    expect(Number(invoice.Net)).to.equal(Number(stripeInvoice.subtotal) / 100);
    expect(Math.abs(Number(invoice.Total) - Number(stripeInvoice.total) / 100)).to.be.below(0.5);
    expect((invoice.InvoiceRows as Rec[]).map((r) => Number(r.VAT))).to.deep.equal([25]);
    expect(invoice.YourOrderNumber).to.equal(stripeInvoice.number);
    expect(s.h.customer(String(invoice.CustomerNumber))).to.include({ Type: 'COMPANY', Name: 'Acme Handel AB' });
  });

  // Before any renewal: renewals move the emulator's clock a period ahead of ours.
  it('bad, unsigned and too-old signatures are refused', async () => {
    for (const how of ['wrong-secret', 'unsigned', 'old-timestamp', 'tampered-body'] as const)
      s.em.forge(s.endpointId, how);
    await s.h.until(
      () => s.em.events.dispatcher.deliveries().filter((d) => d.subscription.startsWith('forged')).length >= 4,
      'the forged deliveries',
    );
    const forged = s.em.events.dispatcher.deliveries().filter((d) => d.subscription.startsWith('forged'));
    expect(forged.map((d) => d.status)).to.deep.equal([400, 400, 400, 400]);
  });

  it('a renewal is its own invoice; duplicates and the poller add nothing', async () => {
    s.em.setChaos({ duplicate: 1 });
    const sub = s.em.subscribe({ customer: demo().customers.acme, price: demo().monthly, taxRate: demo().vat });
    await s.invoiceFor(String(sub.latest_invoice));
    const renewal = String(s.em.renew(String(sub.id)).id);
    await s.invoiceFor(renewal);
    await s.settled();
    await s.poll();
    await s.settled();
    s.em.setChaos({ duplicate: 0 });
    expect(s.invoicesFor(renewal)).to.have.length(1);
    expect(s.invoicesFor(String(sub.latest_invoice))).to.have.length(1);
  });

  it('a paid renewal costs one Fortnox request: its invoice POST, nothing read back', async () => {
    const sub = s.em.subscribe({ customer: demo().customers.acme, price: demo().monthly, taxRate: demo().vat });
    await s.invoiceFor(String(sub.latest_invoice));
    await written(String(sub.latest_invoice)); // the customer, the modes of payment: known from here on
    const invoicesBefore = s.h.stack.fortnox.tenant(1001).invoices.rows.size;
    s.h.stack.fortnox.resetStats();
    // Moving the clock a period renews every subscription of the earlier tests too: each is a renewal.
    const renewal = String(s.em.renew(String(sub.id)).id);
    await s.invoiceFor(renewal);
    await written(renewal);
    const renewals = s.h.stack.fortnox.tenant(1001).invoices.rows.size - invoicesBefore;
    expect(renewals).to.be.at.least(1);
    const { byRoute } = s.h.stack.fortnox.stats(1001) as TenantStats;
    // The status poller's list (GET /3/invoices) is the tenant's, not the renewal's.
    const perRenewal = Object.fromEntries(Object.entries(byRoute).filter(([route]) => route !== 'GET /:id/invoices'));
    expect(perRenewal).to.deep.equal({ 'POST /:id/invoices': renewals });
    // Its payment waits for finance to book the draft (the default), without asking Fortnox.
    const { rows } = await s.h.db.pool.query<{ error_code: string }>(
      `SELECT error_code FROM sync_records WHERE source_system = 'stripe' AND source_id = $1 AND document_kind = 'payment'`,
      [renewal],
    );
    expect(rows.map((r) => r.error_code)).to.deep.equal(['waiting_for_booking']);
  });

  it('an invoice whose webhook never arrived is found by the events poller', async () => {
    s.em.setChaos({ drop: 1 });
    const sub = s.em.subscribe({ customer: demo().customers.acme, price: demo().monthly, taxRate: demo().vat });
    await s.settled();
    s.em.setChaos({ drop: 0 });
    const id = String(sub.latest_invoice);
    expect(s.invoicesFor(id)).to.have.length(0);
    await s.poll();
    await s.invoiceFor(id);
    expect(s.invoicesFor(id)).to.have.length(1);
  });

  it('a paid renewal spends few Stripe reads: drafts, our own write-back and a payment’s twin event read nothing', async () => {
    const sub = s.em.subscribe({ customer: demo().customers.acme, price: demo().monthly, taxRate: demo().vat });
    await s.invoiceFor(String(sub.latest_invoice));
    await written(String(sub.latest_invoice));
    // Moving the clock renews every subscription of the earlier tests too: count per renewal.
    const before = s.h.stack.fortnox.tenant(1001).invoices.rows.size;
    s.em.stats.reset();
    const renewal = String(s.em.renew(String(sub.id)).id);
    await s.invoiceFor(renewal);
    await written(renewal);
    const renewals = s.h.stack.fortnox.tenant(1001).invoices.rows.size - before;
    const reads = Object.entries(s.em.stats.total().byRoute)
      .filter(([route]) => route.startsWith('GET /v1/invoices/in_'))
      .reduce((n, [, count]) => n + count, 0);
    // finalized, invoice_payment.paid, paid (+ its twin payment_succeeded): 3. Every event read its
    // invoice before (8), and the payment was read although its draft invoice made it wait.
    expect(reads / renewals).to.be.at.most(3);
    const paymentReads = Object.entries(s.em.stats.total().byRoute)
      .filter(([route]) => route.startsWith('GET /v1/payment_intents/') || route.startsWith('GET /v1/invoice_payments'))
      .reduce((n, [, count]) => n + count, 0);
    expect(paymentReads, 'payment reads while the draft is unbooked').to.equal(0);
    // Finance books the draft: the waiting payment is read now, once, and registered.
    const number = String(s.invoicesFor(renewal)[0]!.DocumentNumber);
    s.h.stack.fortnox.finance(1001, 'bookkeep', number);
    const registered = () =>
      [...s.h.stack.fortnox.tenant(1001).invoicepayments.rows.values()].filter(
        (r) => String((r.rec as Rec).InvoiceNumber) === number,
      );
    await s.h.until(() => registered().length > 0, 'the payment on the booked invoice');
    await s.settled();
    expect(registered()).to.have.length(1);
    expect(s.invoicesFor(renewal)).to.have.length(1);
  });
});
