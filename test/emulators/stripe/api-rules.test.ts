import { expect } from 'chai';
import type Stripe from 'stripe';
import type { StripeEmulator } from '../../../emulators/stripe/index.ts';
import { client, raw, start } from './helpers.ts';

/** The API's own rules: idempotency keys, parameters and errors, keys, versions, the rate limit. */

describe('Stripe emulator: idempotency keys', () => {
  let emu: StripeEmulator;
  let stripe: Stripe;
  beforeEach(async () => {
    emu = await start({ seedDemo: false });
    stripe = client(emu);
  });
  afterEach(async () => {
    await emu.close();
  });

  it('replays the first answer for the same key and parameters, creating nothing twice', async () => {
    const first = await stripe.customers.create({ name: 'Acme AB' }, { idempotencyKey: 'order-77' });
    const again = await stripe.customers.create({ name: 'Acme AB' }, { idempotencyKey: 'order-77' });
    expect(again.id).to.equal(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).to.equal('true');
    expect((await stripe.customers.list()).data).to.have.length(1);
    expect((await stripe.events.list({ type: 'customer.created' })).data).to.have.length(1);
  });

  it('refuses the same key with other parameters or on another endpoint', async () => {
    await stripe.customers.create({ name: 'Acme AB' }, { idempotencyKey: 'k1' });
    const other = await stripe.customers
      .create({ name: 'Beta AB' }, { idempotencyKey: 'k1' })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(other).to.include({ type: 'StripeIdempotencyError', statusCode: 400 });
    expect((other as Stripe.errors.StripeError).message).to.match(/same parameters they were first used with/);
    const elsewhere = await stripe.products
      .create({ name: 'Acme AB' }, { idempotencyKey: 'k1' })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((elsewhere as Stripe.errors.StripeError).message).to.match(/same endpoint they were first used for/);
  });

  it('does not keep a refused request, so a corrected one with the same key runs', async () => {
    const bad = await raw(emu, 'POST', '/v1/prices', {
      form: { currency: 'sek', unit_amount: 'ten' },
      headers: { 'Idempotency-Key': 'k2' },
    });
    expect(bad.status).to.equal(400);
    const product = await stripe.products.create({ name: 'Kaffe' });
    const good = await raw(emu, 'POST', '/v1/prices', {
      form: { currency: 'sek', unit_amount: '1000', product: product.id },
      headers: { 'Idempotency-Key': 'k3' },
    });
    expect(good.status).to.equal(200);
  });

  it('lets the official client retry a POST whose answer was lost and get the one result', async () => {
    const retrying = client(emu, { maxNetworkRetries: 2 });
    emu.injectFault({ kind: 'commit-then-fail', then: 'drop', method: 'POST', pathPrefix: '/v1/customers' });
    const created = await retrying.customers.create({ name: 'Once AB' });
    emu.injectFault({ kind: 'commit-then-fail', method: 'POST', pathPrefix: '/v1/customers' });
    const second = await retrying.customers.create({ name: 'Twice AB' });
    const all = (await stripe.customers.list()).data.map((c) => c.name);
    expect(all.sort()).to.deep.equal(['Once AB', 'Twice AB']);
    expect(second.lastResponse.headers['idempotent-replayed']).to.equal('true');
    expect(created.name).to.equal('Once AB');
  });

  it('forgets a key after 24 hours', async () => {
    const first = await stripe.customers.create({ name: 'A' }, { idempotencyKey: 'k4' });
    emu.advanceClock(24 * 3_600_000 + 1000);
    const later = await stripe.customers.create({ name: 'A' }, { idempotencyKey: 'k4' });
    expect(later.id).to.not.equal(first.id);
  });
});

describe('Stripe emulator: parameters, errors, keys and versions', () => {
  let emu: StripeEmulator;
  beforeEach(async () => {
    emu = await start();
  });
  afterEach(async () => {
    await emu.close();
  });

  it('names the parameter in Stripe’s envelope: unknown, missing, not an integer, no such object', async () => {
    const unknown = await raw(emu, 'POST', '/v1/customers', { form: { 'metadata[a]': 'b', nickname: 'x' } });
    expect(unknown.status).to.equal(400);
    expect(unknown.json.error).to.deep.include({
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'nickname',
    });
    const missing = await raw(emu, 'POST', '/v1/subscriptions', { form: { 'items[0][price]': 'price_x' } });
    expect(missing.json.error).to.deep.include({
      code: 'parameter_missing',
      param: 'customer',
      message: 'Missing required param: customer.',
    });
    const notInt = await raw(emu, 'POST', '/v1/invoiceitems', { form: { customer: 'cus_x', amount: '12.50' } });
    expect(notInt.json.error).to.deep.include({ code: 'parameter_invalid_integer', param: 'amount' });
    const nested = await raw(emu, 'POST', '/v1/subscriptions', { form: { customer: 'cus_x', 'items[0][prise]': 'p' } });
    expect(nested.json.error).to.deep.include({ code: 'parameter_unknown', param: 'items[0][prise]' });
    const none = await raw(emu, 'GET', '/v1/customers/cus_nobody');
    expect(none.status).to.equal(404);
    expect(none.json.error).to.deep.include({
      code: 'resource_missing',
      message: "No such customer: 'cus_nobody'",
      param: 'id',
    });
  });

  it('refuses a missing or wrong key, a JSON body and an unknown URL', async () => {
    const noKey = await raw(emu, 'GET', '/v1/customers', { key: null });
    expect(noKey.status).to.equal(401);
    expect(String((noKey.json.error as { message: string }).message)).to.match(/^You did not provide an API key/);
    const wrong = await raw(emu, 'GET', '/v1/customers', { key: 'sk_test_wrongkey1234' });
    expect(wrong.status).to.equal(401);
    expect((wrong.json.error as { message: string }).message).to.equal(
      'Invalid API Key provided: sk_test_********1234',
    );
    const res = await fetch(`${emu.url}/v1/customers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emu.secretKey}`, 'Content-Type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(res.status).to.equal(400);
    expect((await raw(emu, 'GET', '/v1/nothing')).status).to.equal(404);
  });

  it('pins the version per request: Stripe-Version in, the shape of that version out', async () => {
    const stripe = client(emu);
    const customer = await stripe.customers.create({ name: 'Versioned AB', payment_method: 'pm_card_visa' });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: emu.demo?.monthly ?? '' }],
      default_tax_rates: [emu.demo?.vat ?? ''],
    });
    const path = `/v1/invoices/${sub.latest_invoice}`;
    const basil = await raw(emu, 'GET', path);
    expect(basil.headers.get('stripe-version')).to.equal('2025-03-31.basil');
    expect(basil.json).to.include.keys('total_taxes', 'parent').and.not.include.keys('total_tax_amounts', 'paid');
    const acacia = await raw(emu, 'GET', path, { headers: { 'Stripe-Version': '2024-06-20' } });
    expect(acacia.headers.get('stripe-version')).to.equal('2024-06-20');
    expect(acacia.json).to.include({ paid: true, subscription: sub.id, tax: 7475 });
    expect(acacia.json.total_tax_amounts).to.deep.equal([
      { amount: 7475, inclusive: false, tax_rate: emu.demo?.vat, taxability_reason: null, taxable_amount: 29900 },
    ]);
    const bad = await raw(emu, 'GET', path, { headers: { 'Stripe-Version': '2099-01-01' } });
    expect(bad.status).to.equal(400);
    expect((bad.json.error as { message: string }).message).to.equal('Invalid Stripe API version: 2099-01-01');
  });

  it('limits requests per second per key with a 429 in Stripe’s envelope', async () => {
    const limited = await start({ seedDemo: false, rateLimit: { max: 3, windowMs: 1000, enabled: true } });
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await raw(limited, 'GET', '/v1/customers'));
      expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200, 429]);
      expect(answers[3]?.json.error).to.deep.include({ code: 'rate_limit', type: 'invalid_request_error' });
      limited.advanceClock(1001);
      expect((await raw(limited, 'GET', '/v1/customers')).status).to.equal(200);
    } finally {
      await limited.close();
    }
  });
});
