import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { RETRY_SCHEDULE_S } from '../../../emulators/bigcommerce/index.ts';
import type { DeliveryRecord } from '../../../emulators/kit/index.ts';
import { at, receiver, SWEDISH_ADDRESS, startTest, type TestEmulator } from './helpers.ts';

/** Callbacks as BigCommerce sends them: thin, with our header, retried, blocklisted, deactivated. */

const order = (t: TestEmulator) =>
  t.emu.checkout('demo', { billing_address: SWEDISH_ADDRESS, lines: [{ sku: 'MUGG-01', quantity: 1 }] });

/** Resolves at the dispatcher's next outcome; ask before triggering (a refusal can come synchronously). */
const nextResult = (t: TestEmulator) =>
  new Promise<DeliveryRecord>((resolve) => t.emu.state.delivery.dispatcher.once('result', resolve));

async function hook(t: TestEmulator, scope: string, destination: string, headers?: Record<string, string>) {
  const made = await t.api('POST', '/v3/hooks', { scope, destination, ...(headers ? { headers } : {}) });
  expect(made.status, made.text).to.equal(200);
  return Number(at(made.json, 'data', 'id'));
}

describe('BigCommerce emulator: webhooks', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('posts a thin payload with the hook’s custom headers and a Standard Webhooks signature', async () => {
    t = await startTest();
    const r = await receiver();
    try {
      await hook(t, 'store/order/*', r.url, { 'X-Sync-Secret': 'shared-secret' });
      const arrived = r.next();
      const o = order(t);
      const got = await arrived;
      expect(got.json).to.deep.include({
        scope: 'store/order/created',
        data: { type: 'order', id: o.id },
        producer: 'stores/demo',
      });
      expect(at(got.json, 'hash')).to.match(/^[0-9a-f]{40}$/);
      expect(at(got.json, 'store_id')).to.be.a('string');
      expect(got.headers['x-sync-secret']).to.equal('shared-secret');
      const secret = [...t.emu.store().accounts.values()].find((a) => a.clientId === 'demo-client')?.clientSecret ?? '';
      const id = String(got.headers['webhook-id']);
      const ts = String(got.headers['webhook-timestamp']);
      const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${id}.${ts}.${got.body}`).digest('base64');
      expect(got.headers['webhook-signature']).to.equal(`v1,${mac}`);
      await hook(t, 'store/channel/1/order/updated', r.url);
      await t.api('PUT', `/v2/orders/${o.id}`, { staff_notes: 'x' });
      await t.emu.webhooks.idle();
      const twin = r.seen.find((x) => at(x.json, 'scope') === 'store/channel/1/order/updated');
      expect(at(twin?.json, 'data'), 'channel hooks carry data.order_id').to.deep.equal({ order_id: o.id });
    } finally {
      await r.close();
    }
  });

  it('forges a callback on demand: the wrong secret header and a signature that does not verify', async () => {
    t = await startTest();
    const r = await receiver();
    try {
      const id = await hook(t, 'store/order/created', r.url, { 'X-Sync-Secret': 'shared-secret' });
      const arrived = r.next();
      const forged = await t.control('/webhooks/forge', {
        hook_id: id,
        scope: 'store/order/created',
        data: { type: 'order', id: 999 },
        headers: { 'X-Sync-Secret': 'guessed' },
      });
      expect(forged.status).to.equal(200);
      const got = await arrived;
      expect(got.headers['x-sync-secret']).to.equal('guessed');
      const secret = [...t.emu.store().accounts.values()].find((a) => a.clientId === 'demo-client')?.clientSecret ?? '';
      const signed = `${String(got.headers['webhook-id'])}.${String(got.headers['webhook-timestamp'])}.${got.body}`;
      const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(signed).digest('base64');
      expect(got.headers['webhook-signature']).to.be.a('string').and.not.equal(`v1,${mac}`);
    } finally {
      await r.close();
    }
  });

  it('retries on the documented schedule and deactivates the hook after the last retry; PUT is_active revives it', async () => {
    t = await startTest({ webhookTimeScale: 1 }); // real time stands still for the schedule: only the clock moves it
    const r = await receiver(Array(12).fill(500));
    try {
      const id = await hook(t, 'store/order/created', r.url);
      let outcome = nextResult(t);
      order(t);
      expect(await outcome).to.include({ attempt: 1, outcome: 'failed', status: 500 });
      for (const [i, seconds] of RETRY_SCHEDULE_S.entries()) {
        t.emu.advanceClock(seconds * 1000 - 1000);
        expect(r.seen.length, `retry ${i + 1} not before ${seconds} s`).to.equal(i + 1);
        outcome = nextResult(t);
        t.emu.advanceClock(1000);
        const last = i === RETRY_SCHEDULE_S.length - 1;
        expect(await outcome).to.include({ attempt: i + 2, outcome: last ? 'gave_up' : 'failed' });
      }
      await t.emu.webhooks.idle();
      expect(r.seen).to.have.length(12);
      const got = await t.api('GET', `/v3/hooks/${id}`);
      expect(at(got.json, 'data', 'is_active')).to.equal(false);
      const admin = await t.api('GET', '/v3/hooks/admin');
      expect(at(admin.json, 'data', 'hooks_list', 0, 'status')).to.equal('deactivated');
      order(t);
      await t.emu.webhooks.idle();
      expect(r.seen, 'a deactivated hook sends nothing').to.have.length(12);
      await t.api('PUT', `/v3/hooks/${id}`, { is_active: true });
      const arrived = r.next();
      order(t);
      await arrived;
      expect(r.seen).to.have.length(13);
    } finally {
      await r.close();
    }
  });

  it('blocklists a domain whose success ratio falls below 90 % and queues its events until the block ends', async () => {
    t = await startTest({ webhookTimeScale: 1, blocklist: { minRequests: 5 } });
    const r = await receiver(Array(5).fill(503));
    try {
      await hook(t, 'store/order/created', r.url);
      for (let i = 0; i < 5; i++) {
        const outcome = nextResult(t);
        order(t);
        expect(await outcome).to.include({ outcome: 'failed', status: 503 });
      }
      const admin = await t.api('GET', '/v3/hooks/admin');
      const blocked = at(admin.json, 'data', 'blocked_domains', 0) as {
        destination: string;
        time_left: number;
        reasons: unknown[];
      };
      expect(blocked.destination).to.equal('127.0.0.1');
      expect(blocked.time_left).to.be.within(170, 180);
      expect(at(blocked.reasons, 0)).to.include({ failure_description: 'HTTP 503', count: 5 });
      const held = nextResult(t);
      order(t); // while blocked: not sent, queued for retry
      expect(await held).to.include({ outcome: 'failed', blocked: true });
      expect(r.seen).to.have.length(5);
      const released = r.next();
      t.emu.advanceClock(180_000);
      await released;
      expect(at((await t.api('GET', '/v3/hooks/admin')).json, 'data', 'blocked_domains')).to.deep.equal([]);
    } finally {
      await r.close();
    }
  });

  it('sends duplicates (same hash) and reorders on demand; plays the endpoint down as a webhook fault', async () => {
    t = await startTest();
    const r = await receiver();
    try {
      await hook(t, 'store/order/created', r.url);
      t.emu.webhooks.chaos({ duplicate: 1 });
      order(t);
      await t.emu.webhooks.idle();
      expect(r.seen).to.have.length(2);
      expect(at(r.seen[0]?.json, 'hash')).to.equal(at(r.seen[1]?.json, 'hash'));
      t.emu.webhooks.chaos({ duplicate: 0, reorderWindow: 6 });
      const ids = Array.from({ length: 6 }, () => order(t).id);
      await t.emu.webhooks.idle();
      const seenIds = r.seen.slice(2).map((s) => at(s.json, 'data', 'id'));
      expect([...seenIds].sort()).to.deep.equal([...ids].sort());
      expect(seenIds).to.not.deep.equal(ids);
      const last = t.emu.webhooks.deliveries({ outcome: 'delivered' }).at(-1);
      t.emu.webhooks.chaos({ reorderWindow: 0 });
      t.emu.webhooks.redeliver(last?.id ?? '');
      await t.emu.webhooks.idle();
      expect(r.seen.at(-1)?.body, 'a redelivery is byte for byte the same').to.equal(
        r.seen.find((s) => at(s.json, 'hash') === at(r.seen.at(-1)?.json, 'hash'))?.body,
      );
      const before = r.seen.length;
      t.emu.injectFault({ kind: 'status', status: 503, target: 'webhook', count: 1 });
      const failed = nextResult(t);
      order(t);
      expect(await failed).to.include({ outcome: 'failed', status: 503, simulated: true });
      expect(r.seen.length, 'the endpoint itself was never reached').to.equal(before);
    } finally {
      await r.close();
    }
  });

  it('enforces the subscription rules: https on 443, one per scope and destination, ten per scope, own hooks only', async () => {
    t = await startTest();
    const plain = await t.api('POST', '/v3/hooks', {
      scope: 'store/order/created',
      destination: 'http://sync.example.com/hook',
    });
    expect(plain.status).to.equal(422);
    expect(at(plain.json, 'errors', 'destination')).to.be.a('string');
    const port = await t.api('POST', '/v3/hooks', {
      scope: 'store/order/created',
      destination: 'https://sync.example.com:8443/hook',
    });
    expect(port.status).to.equal(422);
    await hook(t, 'store/order/created', 'https://sync.example.com/hook');
    expect(
      (await t.api('POST', '/v3/hooks', { scope: 'store/order/created', destination: 'https://sync.example.com/hook' }))
        .status,
    ).to.equal(422);
    for (let i = 2; i <= 10; i++) await hook(t, 'store/order/created', `https://sync.example.com/hook${i}`);
    expect(
      (await t.api('POST', '/v3/hooks', { scope: 'store/order/created', destination: 'https://sync.example.com/x' }))
        .status,
    ).to.equal(422);
    const other = t.emu.createAccount('demo', []).access_token;
    expect(at((await t.api('GET', '/v3/hooks', undefined, { token: other })).json, 'data')).to.deep.equal([]);
    const mine = (await t.api('GET', '/v3/hooks?limit=5')).json;
    expect(at(mine, 'meta', 'pagination', 'total')).to.equal(10);
    const first = Number(at(mine, 'data', 0, 'id'));
    expect((await t.api('GET', `/v3/hooks/${first}`, undefined, { token: other })).status).to.equal(404);
    const deleted = await t.api('DELETE', `/v3/hooks/${first}`);
    expect([deleted.status, at(deleted.json, 'data', 'id')]).to.deep.equal([200, first]);
  });

  it('deactivates a hook after 90 days without events', async () => {
    t = await startTest();
    const id = await hook(t, 'store/order/created', 'https://sync.example.com/hook');
    t.emu.advanceClock(91 * 86_400_000);
    expect(at((await t.api('GET', `/v3/hooks/${id}`)).json, 'data', 'is_active')).to.equal(false);
  });
});
