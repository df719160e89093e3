import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Clock, type DeliveryRecord, FixedWindowLimiter, WebhookDispatcher } from '../../../emulators/kit/index.ts';

/** A receiver that counts the requests that really reached it. */
async function counter() {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, hits: () => hits, close: () => new Promise((r) => server.close(r)) };
}

describe('emulator kit: fixed-window quota and delivery preflight', () => {
  it('a fixed window spends its whole quota and gives it all back when the window ends', () => {
    const clock = new Clock();
    const quota = new FixedWindowLimiter(clock, { max: 3, windowMs: 30_000, enabled: true });
    const first = quota.take('store');
    expect(first).to.include({ allowed: true, remaining: 2 });
    expect(first.resetMs).to.be.within(29_000, 30_000); // the clock is real time plus the jumps
    clock.advance(10_000);
    quota.take('store');
    const third = quota.take('store');
    expect(third).to.include({ allowed: true, remaining: 0 });
    expect(third.resetMs).to.be.within(19_000, 20_000);
    expect(quota.take('store')).to.include({ allowed: false, remaining: 0 });
    expect(quota.take('other').allowed, 'each key has its own quota').to.equal(true);
    clock.advance(20_000);
    // Unlike a sliding window, the request made at 10 s does not keep a unit: all three are back.
    const fresh = quota.take('store');
    expect(fresh).to.include({ allowed: true, remaining: 2 });
    expect(fresh.resetMs).to.be.within(29_000, 30_000);
    quota.update({ enabled: false });
    for (let i = 0; i < 10; i++) expect(quota.take('store').allowed).to.equal(true);
  });

  it('holds a blocked attempt unsent and retries it no earlier than the block ends', async () => {
    const r = await counter();
    const clock = new Clock();
    let blockedUntil: number | undefined = clock.now() + 180_000;
    const hooks = new WebhookDispatcher(clock, {
      retryDelaysMs: [60_000, 60_000],
      timeScale: 1,
      timeoutMs: 2000,
      preflight: () => (blockedUntil !== undefined && blockedUntil > clock.now() ? { blockedUntil } : undefined),
    });
    try {
      const first = new Promise<DeliveryRecord>((resolve) => hooks.once('result', resolve));
      hooks.send({ subscription: 'h', url: r.url, event: 'e', body: '{}' });
      expect(await first).to.include({ outcome: 'failed', blocked: true });
      expect(r.hits()).to.equal(0);
      clock.advance(60_000); // the retry is due by the schedule, but the block holds it
      expect(hooks.pending()).to.equal(1);
      expect(r.hits()).to.equal(0);
      clock.advance(120_000);
      blockedUntil = undefined;
      await hooks.idle();
      expect(r.hits()).to.equal(1);
      expect(hooks.deliveries().map((d) => [d.attempt, d.outcome])).to.deep.equal([
        [1, 'failed'],
        [2, 'delivered'],
      ]);
    } finally {
      hooks.close();
      await r.close();
    }
  });

  it('answers an attempt as the preflight says (an endpoint down) without a request', async () => {
    const r = await counter();
    const down = new WebhookDispatcher(new Clock(), {
      retryDelaysMs: [],
      timeScale: 1,
      timeoutMs: 2000,
      preflight: (_hook, attempt) => (attempt === 1 ? { error: 'connect ECONNREFUSED' } : undefined),
    });
    try {
      down.send({ subscription: 'h', url: r.url, event: 'e', body: '{}' });
      await down.idle();
      expect(down.deliveries()).to.have.length(1);
      expect(down.deliveries()[0]).to.include({ outcome: 'gave_up', error: 'connect ECONNREFUSED', simulated: true });
      expect(r.hits()).to.equal(0);
    } finally {
      down.close();
      await r.close();
    }
  });
});
