import { expect } from 'chai';
import type { StripeEmulator } from '../../../emulators/stripe/index.ts';
import { client, start } from './helpers.ts';

/** The levers over `/__control`, as another process (the fault suite, the demo) pulls them. */

describe('Stripe emulator: /__control levers', () => {
  let emu: StripeEmulator;
  beforeEach(async () => {
    emu = await start();
  });
  afterEach(async () => {
    await emu.close();
  });

  const control = async (path: string, body: unknown) => {
    const res = await fetch(`${emu.url}/__control${path}`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('subscribes, renews, cancels at the period end and voids, all over HTTP', async () => {
    const customer = emu.demo?.customers.acme ?? '';
    const sub = await control('/subscriptions', { customer, price: emu.demo?.monthly, taxRate: emu.demo?.vat });
    expect(sub.json).to.include({ status: 'active' });
    const renewal = await control('/subscriptions/renew', { id: sub.json.id });
    expect(renewal.json).to.include({ billing_reason: 'subscription_cycle', status: 'paid' });
    await control('/subscriptions/cancel', { id: sub.json.id, atPeriodEnd: true });
    await control('/subscriptions/renew', { id: sub.json.id });
    const stripe = client(emu);
    expect((await stripe.subscriptions.retrieve(String(sub.json.id))).status).to.equal('canceled');
    expect((await stripe.events.list({ type: 'customer.subscription.deleted' })).data).to.have.length(1);
    const inv = await stripe.invoices.create({ customer, collection_method: 'send_invoice', days_until_due: 5 });
    await stripe.invoiceItems.create({ customer, invoice: inv.id, amount: 1000, currency: 'sek' });
    await stripe.invoices.finalizeInvoice(inv.id ?? '');
    expect((await control('/invoices/void', { id: inv.id })).json).to.include({ status: 'void' });
    expect((await control('/invoices/void', { id: inv.id })).status).to.equal(400);
  });

  it('reports state and moves the clock for everyone', async () => {
    const before = (await (await fetch(`${emu.url}/__control/state`)).json()) as { now: string; customers: number };
    expect(before.customers).to.equal(3);
    await control('/clock/advance', { seconds: 86_400 });
    const after = (await (await fetch(`${emu.url}/__control/state`)).json()) as { now: string };
    expect(Date.parse(after.now) - Date.parse(before.now)).to.be.at.least(86_400_000);
  });
});
