import { expect } from 'chai';
import Stripe from 'stripe';
import type { StripeEmulator } from '../../../emulators/stripe/index.ts';
import { type Receiver, receiver } from '../../helpers/webhook-receiver.ts';
import { client, payingCustomer, start } from './helpers.ts';

/**
 * The official `stripe` package, unmodified, doing what the Stripe source will do: register a
 * pinned webhook endpoint, verify `invoice.paid`, read the invoice, write the Fortnox number back,
 * and catch up from `GET /v1/events` after the last event it saw.
 */
describe('Stripe emulator with the official stripe-node client', () => {
  let emu: StripeEmulator;
  let stripe: Stripe;
  let r: Receiver;
  beforeEach(async () => {
    emu = await start();
    stripe = client(emu);
    r = await receiver();
  });
  afterEach(async () => {
    await emu.close();
    await r.close();
  });

  it('registers an endpoint, verifies invoice.paid, writes metadata back and catches up by events', async () => {
    const endpoint = await stripe.webhookEndpoints.create({
      url: r.url,
      enabled_events: ['invoice.paid', 'invoice.updated'],
      api_version: '2025-03-31.basil',
    });
    expect(endpoint.secret).to.match(/^whsec_/);
    expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).secret).to.equal(undefined);

    const customer = await payingCustomer(stripe);
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: emu.demo?.monthly ?? '' }],
      default_tax_rates: [emu.demo?.vat ?? ''],
    });
    await r.count(1);
    const delivery = r.seen[0];
    const event = stripe.webhooks.constructEvent(
      delivery?.body ?? '',
      String(delivery?.headers['stripe-signature']),
      endpoint.secret ?? '',
    );
    expect(event.type).to.equal('invoice.paid');
    const paid = event.data.object as Stripe.Invoice;
    expect(paid.parent?.subscription_details?.subscription).to.equal(sub.id);

    const invoice = await stripe.invoices.retrieve(paid.id ?? '', { expand: ['customer', 'payments'] });
    expect((invoice.customer as Stripe.Customer).name).to.equal('Acme Handel AB');
    expect(invoice.payments?.data[0]?.amount_paid).to.equal(invoice.total);
    await stripe.invoices.update(invoice.id ?? '', { metadata: { fortnox_invoice_number: '2001' } });
    await r.count(2);
    const echo = stripe.webhooks.constructEvent(
      r.seen[1]?.body ?? '',
      String(r.seen[1]?.headers['stripe-signature']),
      endpoint.secret ?? '',
    );
    expect(echo.type).to.equal('invoice.updated');
    expect(echo.data.previous_attributes).to.deep.equal({ metadata: {} });

    const seenUpTo = echo.id;
    emu.renew(sub.id);
    const missed = await stripe.events
      .list({ ending_before: seenUpTo, types: ['invoice.paid'] })
      .autoPagingToArray({ limit: 50 });
    expect(missed.map((e) => (e.data.object as Stripe.Invoice).billing_reason)).to.deep.equal(['subscription_cycle']);
  });

  it('lists, updates and refunds through the client with Stripe’s typed errors', async () => {
    const customers = await Promise.all(['A', 'B', 'C'].map((name) => stripe.customers.create({ name })));
    const page = await stripe.customers.list({ limit: 2 });
    expect(page.has_more).to.equal(true);
    expect((await stripe.customers.list({ limit: 100 })).data.map((c) => c.id)).to.include.members(
      customers.map((c) => c.id),
    );
    const updated = await stripe.customers.update(customers[0]?.id ?? '', {
      email: 'a@example.com',
      metadata: { fortnox_customer: '17' },
    });
    expect(updated).to.include({ email: 'a@example.com' });
    const missing = await stripe.customers.retrieve('cus_nope').catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((missing as Stripe.errors.StripeError).code).to.equal('resource_missing');
  });
});
