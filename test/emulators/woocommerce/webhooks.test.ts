import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import type { WooCommerceEmulator } from '../../../emulators/woocommerce/index.ts';
import { admin, receiver, start } from './helpers.ts';

/** WooCommerce webhooks: signed, built at delivery, sent once, never retried, disabled after failures. */

const sign = (body: string, secret: string): string => createHmac('sha256', secret).update(body).digest('base64');
type Receiver = Awaited<ReturnType<typeof receiver>>;

async function subscribe(emu: WooCommerceEmulator, r: Receiver, topic: string, secret?: string): Promise<number> {
  const before = r.seen.length;
  const made = await admin(emu, 'POST', '/webhooks', { topic, delivery_url: r.url, ...(secret ? { secret } : {}) });
  expect(made.status).to.equal(201);
  await r.count(before + 1); // the creation ping
  return Number((made.json as { id: number }).id);
}

const webhook = async (emu: WooCommerceEmulator, id: number) =>
  (await admin(emu, 'GET', `/webhooks/${id}`)).json as { status: string };

describe('WooCommerce emulator: webhooks', () => {
  let emu: WooCommerceEmulator;
  let r: Receiver;
  beforeEach(async () => {
    emu = await start();
  });
  afterEach(async () => {
    await emu.close();
    await r?.close();
  });

  it('pings on creation with an unsigned form body, then signs each delivery over its exact bytes', async () => {
    r = await receiver();
    const id = await subscribe(emu, r, 'order.created');
    expect(r.seen[0]?.body).to.equal(`webhook_id=${id}`);
    expect(r.seen[0]?.headers['x-wc-webhook-signature']).to.equal(undefined);
    const order = emu.checkout({ buyer: 'de-private', items: [{ sku: 'ESP-1' }] });
    await emu.webhooks.idle();
    const d = r.seen[1];
    expect(d?.headers).to.include({
      'x-wc-webhook-topic': 'order.created',
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': 'created',
      'x-wc-webhook-id': String(id),
      'x-wc-webhook-source': `${emu.url}/`,
    });
    expect(d?.headers['x-wc-webhook-delivery-id']).to.match(/^[0-9a-f]{32}$/);
    expect(d?.headers['x-wc-webhook-signature']).to.equal(sign(d?.body ?? '', emu.webhookSecret));
    // wp_json_encode escapes slashes and non-ASCII: a receiver must verify the raw bytes, not re-encoded JSON.
    expect(d?.body).to.include('Torstra\\u00dfe').and.include('http:\\/\\/127.0.0.1').not.include('Torstraße');
    expect(JSON.parse(d?.body ?? '{}').id).to.equal(order.id);
  });

  it('uses the secret the integration chose', async () => {
    r = await receiver();
    await subscribe(emu, r, 'order.updated', 'integration-secret');
    emu.checkout({ items: [{ sku: 'KAFFE-500' }] });
    await emu.webhooks.idle();
    const d = r.seen.at(-1);
    expect(d?.headers['x-wc-webhook-signature']).to.equal(sign(d?.body ?? '', 'integration-secret'));
  });

  it('builds the payload when it is delivered, and queues one delivery per resource while one waits', async () => {
    r = await receiver();
    await subscribe(emu, r, 'order.updated');
    emu.webhooks.hold();
    const order = emu.checkout({ items: [{ sku: 'KAFFE-500' }], paymentMethod: 'bacs' });
    emu.setStatus(Number(order.id), 'processing');
    emu.setStatus(Number(order.id), 'completed');
    expect(emu.webhooks.queued()).to.equal(1);
    emu.webhooks.release();
    await emu.webhooks.idle();
    const updates = r.seen.slice(1);
    expect(updates).to.have.length(1);
    expect(JSON.parse(updates[0]?.body ?? '{}').status).to.equal('completed');
  });

  it('fires order.created and order.updated for a new order, and order.updated for a refund', async () => {
    r = await receiver();
    await subscribe(emu, r, 'order.created');
    await subscribe(emu, r, 'order.updated');
    const order = emu.checkout({ items: [{ sku: 'ESP-1' }], shipping: false });
    await emu.webhooks.idle();
    const topics = () => r.seen.slice(2).map((d) => d.headers['x-wc-webhook-topic']);
    expect(topics().sort()).to.deep.equal(['order.created', 'order.updated']);
    const line = (order.line_items as { id: number }[])[0]?.id ?? 0;
    emu.refundLine(Number(order.id), line);
    await emu.webhooks.idle();
    expect(topics()).to.have.length(3);
    expect(JSON.parse(r.seen.at(-1)?.body ?? '{}').status).to.equal('refunded');
  });

  it('never retries a failed delivery and disables the webhook on the failure after five', async () => {
    r = await receiver([200, 500, 500, 500, 500, 500, 500, 500]);
    const id = await subscribe(emu, r, 'order.created');
    for (let i = 1; i <= 6; i++) {
      emu.checkout({ items: [{ sku: 'KAFFE-500' }] });
      await emu.webhooks.idle();
      expect(r.seen).to.have.length(1 + i); // one attempt each: no retry
      expect((await webhook(emu, id)).status).to.equal('active');
    }
    emu.checkout({ items: [{ sku: 'KAFFE-500' }] });
    await emu.webhooks.idle();
    expect((await webhook(emu, id)).status).to.equal('disabled');
    emu.checkout({ items: [{ sku: 'KAFFE-500' }] });
    await emu.webhooks.idle();
    expect(r.seen).to.have.length(8); // a disabled webhook delivers nothing
    expect(emu.webhooks.dispatcher.deliveries({ outcome: 'failed' })).to.have.length(0);
  });

  it('counts a 302 as delivered and resets the failures on a success', async () => {
    r = await receiver([200, 500, 500, 302, 500, 500, 500, 500, 500]);
    const id = await subscribe(emu, r, 'order.created');
    for (let i = 0; i < 8; i++) {
      emu.checkout({ items: [{ sku: 'KAFFE-500' }] });
      await emu.webhooks.idle();
    }
    expect((await webhook(emu, id)).status).to.equal('active');
    expect(emu.store.webhooks.get(id)?.failureCount).to.equal(5);
  });

  it('sends forged deliveries on demand that a receiver can tell from real ones', async () => {
    r = await receiver();
    const id = await subscribe(emu, r, 'order.updated');
    const order = emu.checkout({ items: [{ sku: 'ESP-1' }] });
    await emu.webhooks.idle();
    const real = r.seen.length;
    for (const how of ['wrong-secret', 'tampered-body', 'unsigned'] as const)
      emu.webhooks.forge(id, Number(order.id), how);
    await emu.webhooks.idle();
    const forged = r.seen.slice(real);
    expect(forged).to.have.length(3);
    for (const d of forged) expect(d.headers['x-wc-webhook-signature']).to.not.equal(sign(d.body, emu.webhookSecret));
    expect(emu.store.webhooks.get(id)?.failureCount).to.equal(0);
  });
});
