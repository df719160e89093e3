import { once } from 'node:events';
import { expect } from 'chai';
import Stripe from 'stripe';
import type { StripeEmulator } from '../../../emulators/stripe/index.ts';
import { type Receiver, receiver } from '../../helpers/webhook-receiver.ts';
import { client, payingCustomer, start } from './helpers.ts';

/** Events (`GET /v1/events` paging) and webhook endpoints: signatures per attempt, retries, chaos. */

const SECRET = 'whsec_test_secret';
/** Resolves when the dispatcher has judged the next attempt (so a retry is scheduled before the clock moves). */
const judged = (emu: StripeEmulator) => once(emu.events.dispatcher, 'result');
const verify = (d: { body: string; headers: Record<string, unknown> }, secret = SECRET, receivedAt?: number) =>
  Stripe.webhooks.constructEvent(d.body, String(d.headers['stripe-signature']), secret, 300, undefined, receivedAt);

describe('Stripe emulator: events', () => {
  let emu: StripeEmulator;
  let stripe: Stripe;
  beforeEach(async () => {
    emu = await start({ seedDemo: false });
    stripe = client(emu);
  });
  afterEach(async () => {
    await emu.close();
  });

  it('pages newest first with limit, starting_after, ending_before and has_more', async () => {
    for (let i = 0; i < 7; i++) await stripe.customers.create({ name: `C${i}` });
    const first = await stripe.events.list({ limit: 3 });
    expect(first.has_more).to.equal(true);
    expect(first.data.map((e) => (e.data.object as Stripe.Customer).name)).to.deep.equal(['C6', 'C5', 'C4']);
    const next = await stripe.events.list({ limit: 3, starting_after: String(first.data.at(-1)?.id) });
    expect(next.data.map((e) => (e.data.object as Stripe.Customer).name)).to.deep.equal(['C3', 'C2', 'C1']);
    const back = await stripe.events.list({ limit: 2, ending_before: String(next.data[0]?.id) });
    expect(back.data.map((e) => (e.data.object as Stripe.Customer).name)).to.deep.equal(['C5', 'C4']);
    expect(back.has_more).to.equal(true);
    const all = await stripe.events.list({ limit: 3 }).autoPagingToArray({ limit: 100 });
    expect(all.map((e) => e.id))
      .to.have.length(7)
      .and.deep.equal([...new Set(all.map((e) => e.id))]);
    const tooMany = await stripe.events.list({ limit: 101 }).catch((e: Stripe.errors.StripeError) => e);
    expect(tooMany).to.include({ statusCode: 400 });
  });

  it('filters by type (with wildcards) and created, and keeps 30 days', async () => {
    const customer = await payingCustomer(stripe);
    const product = await stripe.products.create({ name: 'Kaffe' });
    const since = Math.floor(emu.clock.now() / 1000);
    emu.advanceClock(10_000);
    await stripe.customers.update(customer.id, { metadata: { fortnox: '1' } });
    expect((await stripe.events.list({ type: 'customer.*' })).data.map((e) => e.type).sort()).to.deep.equal([
      'customer.created',
      'customer.updated',
    ]);
    const updated = (await stripe.events.list({ created: { gt: since } })).data;
    expect(updated.map((e) => e.type)).to.deep.equal(['customer.updated']);
    expect(updated[0]?.data.previous_attributes).to.deep.equal({ metadata: {} });
    expect((await stripe.events.list({ type: 'product.created' })).data[0]?.data.object).to.include({ id: product.id });
    emu.advanceClock(31 * 86_400_000);
    expect((await stripe.events.list()).data).to.deep.equal([]);
  });
});

describe('Stripe emulator: webhook endpoints', () => {
  let emu: StripeEmulator;
  let stripe: Stripe;
  let r: Receiver;
  afterEach(async () => {
    await emu.close();
    await r.close();
  });

  async function setUp(statuses: number[] = [], o: { apiVersion?: string; events?: string[] } = {}) {
    r = await receiver(statuses);
    emu = await start({ seedDemo: false });
    stripe = client(emu);
    return emu.endpoint({
      url: r.url,
      secret: SECRET,
      enabledEvents: o.events ?? ['customer.created'],
      apiVersion: o.apiVersion,
    });
  }

  it('signs every delivery so stripe.webhooks.constructEvent accepts it, and nothing else', async () => {
    await setUp();
    const customer = await stripe.customers.create({ name: 'Signed AB' });
    await r.count(1);
    const event = verify(r.seen[0] as never);
    expect(event.type).to.equal('customer.created');
    expect((event.data.object as Stripe.Customer).id).to.equal(customer.id);
    expect(r.seen[0]?.body).to.match(/^\{\n {2}"id": "evt_/); // pretty-printed: verify the raw bytes
    expect(() => verify(r.seen[0] as never, 'whsec_other')).to.throw(/No signatures found matching/);
  });

  it('retries a failing endpoint on the schedule, each attempt signed for its own time', async () => {
    const endpoint = await setUp([500, 503]);
    let attempt = judged(emu);
    await stripe.customers.create({ name: 'Retry AB' });
    await attempt;
    attempt = judged(emu);
    emu.advanceClock(60_000);
    await attempt;
    emu.advanceClock(5 * 60_000);
    await emu.events.dispatcher.idle();
    const stamps = r.seen.map((d) => Number(/t=(\d+)/.exec(String(d.headers['stripe-signature']))?.[1]));
    expect(stamps[1]! - stamps[0]!).to.be.at.least(60);
    expect(stamps[2]! - stamps[1]!).to.be.at.least(300);
    for (const d of r.seen)
      expect(verify(d as never, SECRET, Math.floor(emu.clock.now() / 1000)).type).to.equal('customer.created');
    expect(emu.events.dispatcher.deliveries({ subscription: endpoint.id }).map((d) => d.outcome)).to.deep.equal([
      'failed',
      'failed',
      'delivered',
    ]);
    const [event] = (await stripe.events.list({ type: 'customer.created' })).data;
    expect(event?.pending_webhooks).to.equal(0);
  });

  it('stops retrying once the endpoint is disabled', async () => {
    const endpoint = await setUp([500, 500, 500]);
    const failed = judged(emu);
    await stripe.customers.create({ name: 'Gone AB' });
    await failed;
    expect(emu.events.dispatcher.pending()).to.equal(1);
    await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    emu.advanceClock(3 * 86_400_000);
    expect(r.seen).to.have.length(1);
    expect(emu.events.dispatcher.pending()).to.equal(0);
  });

  it('renders events in the endpoint’s pinned version', async () => {
    await setUp([], { apiVersion: '2024-06-20', events: ['invoice.paid'] });
    const customer = await payingCustomer(stripe);
    const product = await stripe.products.create({ name: 'Pro' });
    const price = await stripe.prices.create({
      currency: 'sek',
      unit_amount: 29900,
      product: product.id,
      recurring: { interval: 'month' },
    });
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await r.count(1);
    const event = verify(r.seen[0] as never);
    expect(event.api_version).to.equal('2024-06-20');
    expect(event.data.object).to.include.keys('total_tax_amounts', 'paid').and.not.include.keys('parent');
  });

  it('duplicates, reorders and drops deliveries on demand; the events API still has every event', async () => {
    await setUp();
    emu.setChaos({ duplicate: 1 });
    await stripe.customers.create({ name: 'Twice AB' });
    await r.count(2);
    expect(verify(r.seen[0] as never).id).to.equal(verify(r.seen[1] as never).id);
    emu.setChaos({ duplicate: 0, reorderWindow: 6 });
    for (let i = 0; i < 6; i++) await stripe.customers.create({ name: `R${i}` });
    await r.count(8);
    const names = r.seen.slice(2).map((d) => (verify(d as never).data.object as Stripe.Customer).name);
    expect([...names].sort()).to.deep.equal(['R0', 'R1', 'R2', 'R3', 'R4', 'R5']);
    expect(names).to.not.deep.equal(['R0', 'R1', 'R2', 'R3', 'R4', 'R5']);
    emu.setChaos({ reorderWindow: 0, drop: 1 });
    const lost = await stripe.customers.create({ name: 'Never sent AB' });
    await emu.events.dispatcher.idle();
    expect(r.seen).to.have.length(8);
    const polled = (await stripe.events.list({ type: 'customer.created', limit: 1 })).data[0];
    expect(polled?.data.object).to.include({ id: lost.id });
  });

  it('sends forgeries a receiver must refuse: wrong secret, tampered body, old timestamp, unsigned', async () => {
    const endpoint = await setUp([], { events: ['*'] });
    await stripe.customers.create({ name: 'Real AB' });
    await r.count(1);
    for (const how of ['wrong-secret', 'tampered-body', 'old-timestamp', 'unsigned'] as const)
      emu.forge(endpoint.id, how);
    await r.count(5);
    for (const d of r.seen.slice(1)) expect(() => verify(d as never)).to.throw();
    expect(() => verify(r.seen[0] as never)).to.not.throw();
  });
});
