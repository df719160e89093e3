import { expect } from 'chai';
import type Stripe from 'stripe';
import type { StripeEmulator } from '../../../emulators/stripe/index.ts';
import { client, payingCustomer, start } from './helpers.ts';

/** Billing as Stripe runs it: minor units, renewals on the clock, declines and retries, refunds, credit notes. */

describe('Stripe emulator: billing', () => {
  let emu: StripeEmulator;
  let stripe: Stripe;
  let monthly: string;
  let vat: string;
  beforeEach(async () => {
    emu = await start();
    stripe = client(emu);
    monthly = emu.demo?.monthly ?? '';
    vat = emu.demo?.vat ?? '';
  });
  afterEach(async () => {
    await emu.close();
  });

  const subscribe = async (card = 'pm_card_visa') => {
    const customer = await payingCustomer(stripe, card);
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly }],
      default_tax_rates: [vat],
    });
    return { customer, sub, first: await stripe.invoices.retrieve(String(sub.latest_invoice)) };
  };

  it('bills in integer minor units: 299.00 kr + 25 % VAT is 37375 öre, the tax on the line and the invoice', async () => {
    const { sub, first } = await subscribe();
    expect(sub.status).to.equal('active');
    expect(first).to.include({
      status: 'paid',
      billing_reason: 'subscription_create',
      subtotal: 29900,
      total: 37375,
      amount_due: 37375,
      amount_paid: 37375,
      currency: 'sek',
    });
    expect(first.total_taxes).to.deep.equal([
      {
        amount: 7475,
        tax_behavior: 'exclusive',
        tax_rate_details: { tax_rate: vat },
        taxability_reason: 'not_available',
        taxable_amount: 29900,
        type: 'tax_rate_details',
      },
    ]);
    expect(first.lines.data[0]?.taxes?.[0]?.amount).to.equal(7475);
    expect(first.number).to.match(/^[A-Z0-9]{7}-0001$/);
    const payment = (await stripe.invoicePayments.list({ invoice: first.id ?? '' })).data[0];
    const pi = await stripe.paymentIntents.retrieve(String(payment?.payment.payment_intent));
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge).to.include({ amount: 37375, status: 'succeeded', paid: true });
    const bt = await stripe.balanceTransactions.retrieve(String(charge.balance_transaction));
    expect(bt).to.include({ amount: 37375, fee: 741, net: 36634 }); // 1.5 % + 1.80 kr
  });

  it('renews at the period end: a cycle invoice drafted, finalized and paid an hour later, for the next period', async () => {
    const { sub, first } = await subscribe();
    const end = sub.items.data[0]?.current_period_end ?? 0;
    const renewal = emu.renew(sub.id);
    expect(renewal).to.include({
      billing_reason: 'subscription_cycle',
      status: 'paid',
      total: 37375,
      period_start: first.period_start,
      period_end: end,
    });
    const line = (renewal.lines as { data: Stripe.InvoiceLineItem[] }).data[0];
    expect(line?.period.start).to.equal(end);
    const events = (await stripe.events.list({ limit: 100 })).data.filter(
      (e) => (e.data.object as { id?: string }).id === renewal.id,
    );
    expect(events.map((e) => e.type).reverse()).to.deep.equal([
      'invoice.created',
      'invoice.finalized',
      'invoice.payment_succeeded',
      'invoice.paid',
    ]);
    const created = events.at(-1)?.created ?? 0;
    expect(events[0]?.created).to.be.at.least(created + 3600);
    expect((await stripe.subscriptions.retrieve(sub.id)).items.data[0]?.current_period_start).to.equal(end);
  });

  it('keeps a declined renewal open with a retry date, past_due, and pays it at the retry with a new card', async () => {
    const { customer, sub } = await subscribe();
    emu.setCard(customer.id, 'pm_card_chargeCustomerFail');
    const failed = emu.renew(sub.id);
    expect(failed).to.include({ status: 'open', attempt_count: 1, attempted: true });
    expect(failed.next_payment_attempt).to.be.a('number');
    expect((await stripe.subscriptions.retrieve(sub.id)).status).to.equal('past_due');
    expect((await stripe.events.list({ type: 'invoice.payment_failed' })).data).to.have.length(1);
    const declined = await stripe.invoices.pay(String(failed.id)).catch((e: Stripe.errors.StripeError) => e);
    expect(declined).to.include({ type: 'StripeCardError', code: 'card_declined', statusCode: 402 });
    emu.setCard(customer.id, 'pm_card_visa');
    const retryAt = Number(emu.invoice(String(failed.id)).next_payment_attempt);
    emu.advanceClock(retryAt * 1000 - emu.clock.now() + 1000);
    expect(emu.invoice(String(failed.id))).to.include({ status: 'paid', attempt_count: 3 });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).to.equal('active');
  });

  it('keeps metadata writable on a paid invoice (with previous_attributes), other fields not', async () => {
    const { first } = await subscribe();
    const updated = await stripe.invoices.update(first.id ?? '', { metadata: { fortnox_invoice_number: '1042' } });
    expect(updated.metadata).to.deep.equal({ fortnox_invoice_number: '1042' });
    const event = (await stripe.events.list({ type: 'invoice.updated', limit: 1 })).data[0];
    expect(event?.data.previous_attributes).to.deep.equal({ metadata: {} });
    const refused = await stripe.invoices
      .update(first.id ?? '', { description: 'x' })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(refused).to.include({ statusCode: 400, code: 'invoice_not_editable' });
    const cleared = await stripe.invoices.update(first.id ?? '', { metadata: { fortnox_invoice_number: '' } });
    expect(cleared.metadata).to.deep.equal({});
  });

  it('moves a manual invoice draft → open → void, or open → uncollectible → paid out of band; only drafts delete', async () => {
    const customer = await payingCustomer(stripe);
    const make = async () => {
      const inv = await stripe.invoices.create({
        customer: customer.id,
        collection_method: 'send_invoice',
        days_until_due: 30,
      });
      await stripe.invoiceItems.create({
        customer: customer.id,
        invoice: inv.id,
        amount: 50000,
        currency: 'sek',
        tax_rates: [vat],
      });
      return stripe.invoices.finalizeInvoice(inv.id ?? '');
    };
    const a = await make();
    expect(a).to.include({ status: 'open', total: 62500 });
    expect(a.due_date).to.equal((a.status_transitions.finalized_at ?? 0) + 30 * 86_400);
    expect((await stripe.invoices.voidInvoice(a.id ?? '')).status).to.equal('void');
    const b = await make();
    expect((await stripe.invoices.markUncollectible(b.id ?? '')).status).to.equal('uncollectible');
    const paid = await stripe.invoices.pay(b.id ?? '', { paid_out_of_band: true });
    expect(paid).to.include({ status: 'paid', amount_paid: 62500 });
    expect((await stripe.events.list({ type: 'invoice.payment_succeeded' })).data).to.have.length(0);
    const draft = await stripe.invoices.create({ customer: customer.id });
    expect((await stripe.invoices.del(draft.id ?? '')).deleted).to.equal(true);
    const notDraft = await stripe.invoices.del(a.id ?? '').catch((e: Stripe.errors.StripeError) => e);
    expect(notDraft).to.include({ statusCode: 400 });
  });

  it('refunds no more than is left and marks the charge refunded when it is all back', async () => {
    const { first } = await subscribe();
    const payment = (await stripe.invoicePayments.list({ invoice: first.id ?? '' })).data[0];
    const pi = String(payment?.payment.payment_intent);
    const part = await stripe.refunds.create({ payment_intent: pi, amount: 10000 });
    expect(part).to.include({ amount: 10000, status: 'succeeded' });
    const over = await stripe.refunds
      .create({ payment_intent: pi, amount: 30000 })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(over).to.include({ code: 'amount_too_large', param: 'amount' });
    await stripe.refunds.create({ payment_intent: pi });
    const charge = await stripe.charges.retrieve(String(part.charge), { expand: ['refunds'] });
    expect(charge).to.include({ amount_refunded: 37375, refunded: true });
    expect(charge.refunds?.data).to.have.length(2);
    const again = await stripe.refunds.create({ charge: charge.id }).catch((e: Stripe.errors.StripeError) => e);
    expect(again).to.include({ code: 'charge_already_refunded' });
    expect((await stripe.events.list({ type: 'charge.refunded' })).data).to.have.length(2);
    expect((await stripe.events.list({ type: 'refund.created' })).data).to.have.length(2);
  });

  it('issues credit notes: after payment refunded to the card, before payment lowering what is due', async () => {
    const { first } = await subscribe();
    const post = await stripe.creditNotes.create({ invoice: first.id ?? '', amount: 12500, refund_amount: 12500 });
    expect(post).to.include({ type: 'post_payment', total: 12500, status: 'issued', number: `${first.number}-CN-01` });
    expect(post.refunds).to.have.length(1);
    expect(post.total_taxes?.reduce((s, t) => s + t.amount, 0)).to.equal(2500);
    expect((await stripe.invoices.retrieve(first.id ?? '')).post_payment_credit_notes_amount).to.equal(12500);
    const tooMuch = await stripe.creditNotes
      .create({ invoice: first.id ?? '', amount: 30000, refund_amount: 30000 })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(tooMuch).to.include({ statusCode: 400 });
    const customer = await payingCustomer(stripe);
    const open = await stripe.invoices.create({
      customer: customer.id,
      collection_method: 'send_invoice',
      days_until_due: 10,
    });
    const item = await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: open.id,
      amount: 10000,
      currency: 'sek',
    });
    const finalized = await stripe.invoices.finalizeInvoice(open.id ?? '');
    const pre = await stripe.creditNotes.create({
      invoice: finalized.id ?? '',
      lines: [{ type: 'invoice_line_item', invoice_line_item: finalized.lines.data[0]?.id ?? '', amount: 4000 }],
    });
    expect(pre).to.include({ type: 'pre_payment', total: 4000 });
    expect((await stripe.invoices.retrieve(finalized.id ?? '')).amount_due).to.equal(6000);
    expect(item.amount).to.equal(10000);
  });
});
