import { expect } from 'chai';
import type { WooCommerceEmulator } from '../../../emulators/woocommerce/index.ts';
import { receiver } from '../../helpers/webhook-receiver.ts';
import { admin, start } from './helpers.ts';

/** The levers over `/__control`, as another process (the fault suite, the demo) pulls them. */

describe('WooCommerce emulator: /__control levers', () => {
  let emu: WooCommerceEmulator;
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

  it('places, completes, refunds and renews orders, and holds and forges webhooks, over HTTP', async () => {
    const r = await receiver();
    try {
      const hook = (await admin(emu, 'POST', '/webhooks', { topic: 'order.updated', delivery_url: r.url })).json as {
        id: number;
      };
      await r.count(1);
      await control('/webhooks/hold', {});
      const order = await control('/orders', { buyer: 'de-private', items: [{ sku: 'ESP-1' }], shipping: false });
      expect(order.json).to.include({ created_via: 'checkout', status: 'processing', total: '4279.24' });
      const done = await control('/orders/status', { id: order.json.id, status: 'completed' });
      expect(done.json.status).to.equal('completed');
      const line = (order.json.line_items as { id: number }[])[0]?.id;
      const refunded = await control('/orders/refund-line', { id: order.json.id, itemId: line });
      expect(refunded.json.status).to.equal('refunded');
      expect(r.seen).to.have.length(1);
      await control('/webhooks/release', {});
      await emu.webhooks.idle();
      expect(r.seen).to.have.length(2);
      expect(JSON.parse(r.seen[1]?.body ?? '{}').status).to.equal('refunded');
      await control('/webhooks/forge', { webhookId: hook.id, resourceId: order.json.id, how: 'unsigned' });
      await r.count(3);
      expect(r.seen[2]?.headers['x-wc-webhook-signature']).to.equal(undefined);
      const sub = await control('/subscriptions', { buyer: 'company', items: [{ sku: 'SUB-KAFFE' }] });
      const renewal = await control('/subscriptions/renew', { id: sub.json.subscriptionId, paid: 'failed' });
      expect(renewal.json).to.include({ created_via: 'subscription', status: 'failed' });
      const state = (await (await fetch(`${emu.url}/__control/state`)).json()) as {
        webhooks: { failure_count: number }[];
      };
      expect(state.webhooks[0]?.failure_count).to.equal(0);
    } finally {
      await r.close();
    }
  });
});
