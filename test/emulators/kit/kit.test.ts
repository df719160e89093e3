import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import {
  Clock,
  controlRouter,
  Faults,
  faultGate,
  RequestStats,
  readBody,
  SlidingWindowLimiter,
  sendJson,
  serveEmulator,
  WebhookDispatcher,
} from '../../../emulators/kit/index.ts';

/** A receiver that answers each delivery with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const seen: { body: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer(async (req, res) => {
    seen.push({ body: await readBody(req), headers: req.headers });
    res.statusCode = statuses.shift() ?? 200;
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, seen, close: () => new Promise((r) => server.close(r)) };
}

function emulator() {
  const clock = new Clock();
  const faults = new Faults(clock, 42);
  const stats = new RequestStats();
  const stored: string[] = [];
  const app = express();
  app.use('/__control', controlRouter({ clock, faults, stats, state: () => ({ stored: stored.length }) }));
  app.use(
    '/api',
    faultGate({
      faults,
      stats,
      scopeOf: (req) => req.get('x-store') ?? undefined,
      failure: (status) => ({ status, contentType: 'application/json', body: JSON.stringify({ error: 'server' }) }),
      rateLimited: () => ({
        status: 429,
        contentType: 'application/json',
        body: '{"error":"slow down"}',
        headers: { 'X-Retry-After': '2' },
      }),
    }),
  );
  app.post('/api/things', async (req, res) => {
    stored.push(await readBody(req));
    sendJson(res, 201, { id: stored.length });
  });
  return { clock, faults, stats, stored, app };
}

describe('emulator kit', () => {
  describe('faults', () => {
    it('fire for their count, their time window or their share, matching method, path and scope', () => {
      const clock = new Clock();
      const faults = new Faults(clock, 7);
      faults.add({ kind: 'status', status: 503, count: 2, method: 'POST', pathPrefix: '/3/invoices', scope: '1001' });
      const post = { method: 'POST', path: '/3/invoices', scope: '1001' };
      expect(faults.take({ ...post, scope: '1002' })).to.equal(undefined);
      expect(faults.take({ ...post, method: 'GET' })).to.equal(undefined);
      expect(faults.take(post)?.status).to.equal(503);
      expect(faults.take(post)?.status).to.equal(503);
      expect(faults.take(post)).to.equal(undefined);

      faults.add({ kind: 'rate-limit', forMs: 10_000 });
      for (let i = 0; i < 50; i++) expect(faults.take({ method: 'GET', path: '/x' })?.kind).to.equal('rate-limit');
      clock.advance(10_001);
      expect(faults.take({ method: 'GET', path: '/x' })).to.equal(undefined);

      const share = (seed: number) => {
        const f = new Faults(new Clock(), seed);
        f.add({ kind: 'commit-then-fail', probability: 0.1, forMs: 60_000 });
        return Array.from({ length: 1000 }, () => (f.take({ method: 'POST', path: '/' }) ? 1 : 0)).join('');
      };
      const hits = share(3)
        .split('')
        .filter((c) => c === '1').length;
      expect(hits).to.be.within(60, 140);
      expect(share(3)).to.equal(share(3)); // the same seed replays the same run
    });
  });

  describe('fault gate', () => {
    it('answers faults in the system’s own shape; commit-then-fail stores the write and fails the answer', async () => {
      const e = emulator();
      const server = await serveEmulator({ app: e.app });
      try {
        const post = () =>
          fetch(`${server.url}/api/things`, { method: 'POST', body: 'x', headers: { 'x-store': 'demo' } });
        e.faults.add({ kind: 'status', status: 502 });
        expect((await post()).status).to.equal(502);
        expect(e.stored).to.have.length(0);

        e.faults.add({ kind: 'rate-limit' });
        const limited = await post();
        expect(limited.status).to.equal(429);
        expect(limited.headers.get('x-retry-after')).to.equal('2');

        e.faults.add({ kind: 'commit-then-fail' });
        const failed = await post();
        expect(failed.status).to.equal(500);
        expect(await failed.json()).to.deep.equal({ error: 'server' });
        expect(e.stored).to.have.length(1);

        e.faults.add({ kind: 'commit-then-fail', then: 'drop' });
        let dropped = false;
        await post().catch(() => (dropped = true));
        expect(dropped).to.equal(true);
        expect(e.stored).to.have.length(2);

        expect((await post()).status).to.equal(201);
        const stats = e.stats.get('demo');
        expect(stats.requests).to.equal(5);
        expect(stats.rateLimited).to.equal(1);
        expect(stats.byRoute['POST /api/things']).to.equal(5);
      } finally {
        await server.close();
      }
    });

    it('is driven over HTTP through /__control', async () => {
      const e = emulator();
      const server = await serveEmulator({ app: e.app });
      try {
        const control = (path: string, body: unknown) =>
          fetch(`${server.url}/__control${path}`, { method: 'POST', body: JSON.stringify(body) });
        expect((await control('/faults', { kind: 'nonsense' })).status).to.equal(400);
        expect((await control('/faults', { kind: 'status', status: 503, count: 1 })).status).to.equal(200);
        const armed = (await (await fetch(`${server.url}/__control/faults`)).json()) as { faults: unknown[] };
        expect(armed.faults).to.have.length(1);
        const before = e.clock.now();
        await control('/clock/advance', { seconds: 3600 });
        expect(e.clock.now() - before).to.be.at.least(3_600_000);
        const state = (await (await fetch(`${server.url}/__control/state`)).json()) as { stored: number };
        expect(state.stored).to.equal(0);
      } finally {
        await server.close();
      }
    });
  });

  describe('rate limiter', () => {
    it('counts a sliding window per key and says how many are left and when it frees', () => {
      const clock = new Clock();
      const limiter = new SlidingWindowLimiter(clock, { max: 3, windowMs: 30_000, enabled: true });
      expect(limiter.take('store').remaining).to.equal(2);
      limiter.take('store');
      expect(limiter.take('store')).to.include({ allowed: true, remaining: 0 });
      const refused = limiter.take('store');
      expect(refused.allowed).to.equal(false);
      expect(refused.resetMs).to.be.within(29_000, 30_000);
      expect(limiter.take('other').allowed).to.equal(true);
      clock.advance(30_001);
      expect(limiter.take('store').allowed).to.equal(true);
    });
  });

  describe('webhooks', () => {
    it('retries on the schedule in compressed time, signing each attempt, until it is accepted', async () => {
      const r = await receiver([500, 503]);
      const clock = new Clock();
      const hooks = new WebhookDispatcher(clock, {
        retryDelaysMs: [60_000, 3_600_000],
        timeScale: 0.0001,
        timeoutMs: 2000,
      });
      try {
        hooks.send({
          subscription: 'h1',
          url: r.url,
          event: 'order.created',
          body: '{"id":1}',
          sign: (_body, at) => ({ 'x-signature': `t=${at}` }),
        });
        await hooks.idle();
        expect(hooks.deliveries().map((d) => d.outcome)).to.deep.equal(['failed', 'failed', 'delivered']);
        expect(r.seen).to.have.length(3);
        expect(new Set(r.seen.map((s) => s.headers['x-signature'])).size).to.equal(3);
      } finally {
        hooks.close();
        await r.close();
      }
    });

    it('gives up at once when the system never retries, and sends the next retry when the clock passes it', async () => {
      const r = await receiver([500, 500]);
      const clock = new Clock();
      const never = new WebhookDispatcher(clock, { retryDelaysMs: [], timeScale: 1, timeoutMs: 2000 });
      const hourly = new WebhookDispatcher(clock, { retryDelaysMs: [3_600_000], timeScale: 1, timeoutMs: 2000 });
      try {
        never.send({ subscription: 'w', url: r.url, event: 'order.updated', body: () => '{"built":"now"}' });
        await never.idle();
        expect(never.deliveries().map((d) => d.outcome)).to.deep.equal(['gave_up']);
        expect(r.seen[0]?.body).to.equal('{"built":"now"}');

        hourly.send({ subscription: 'h', url: r.url, event: 'x', body: '{}' });
        const first = await new Promise((resolve) => hourly.once('result', resolve));
        expect(first).to.include({ outcome: 'failed' });
        clock.advance(3_600_000); // an hour of emulated time: the retry goes now, not in an hour
        await hourly.idle();
        expect(hourly.deliveries().map((d) => d.outcome)).to.deep.equal(['failed', 'delivered']);
      } finally {
        never.close();
        hourly.close();
        await r.close();
      }
    });

    it('duplicates, reorders and drops on demand', async () => {
      const r = await receiver();
      const hooks = new WebhookDispatcher(new Clock(), { retryDelaysMs: [], timeScale: 1, timeoutMs: 2000 }, 5);
      try {
        hooks.setChaos({ duplicate: 1 });
        hooks.send({ subscription: 's', url: r.url, event: 'e', body: '{"n":0}' });
        await hooks.idle();
        expect(r.seen.map((s) => s.body)).to.deep.equal(['{"n":0}', '{"n":0}']);

        hooks.setChaos({ duplicate: 0, reorderWindow: 8 });
        for (let n = 1; n <= 8; n++) hooks.send({ subscription: 's', url: r.url, event: 'e', body: `{"n":${n}}` });
        await hooks.idle();
        const order = r.seen.slice(2).map((s) => (JSON.parse(s.body) as { n: number }).n);
        expect([...order].sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(order).to.not.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);

        hooks.setChaos({ reorderWindow: 0, drop: 1 });
        hooks.send({ subscription: 's', url: r.url, event: 'e', body: '{}' });
        await hooks.idle();
        expect(r.seen).to.have.length(10);
        expect(hooks.deliveries({ outcome: 'dropped' })).to.have.length(1);
      } finally {
        hooks.close();
        await r.close();
      }
    });
  });
});
