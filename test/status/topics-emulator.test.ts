import { expect } from 'chai';
import { WebSocket } from 'ws';
import { type FortnoxEmulator, startFortnoxEmulator } from '../../emulators/fortnox/index.ts';

/** The Fortnox emulator's WebSocket topics API (reference §7), as a client sees it. */
describe('fortnox emulator: WebSocket topics', () => {
  let fx: FortnoxEmulator;
  const open: WebSocket[] = [];
  before(async () => {
    fx = await startFortnoxEmulator({ port: 0 });
  });
  after(async () => {
    for (const s of open) s.terminate();
    await fx.close();
  });

  async function connect(): Promise<{
    send(c: object): Promise<Record<string, unknown>>;
    events: Record<string, unknown>[];
    next(): Promise<Record<string, unknown>>;
  }> {
    const socket = new WebSocket(fx.wsUrl);
    open.push(socket);
    await new Promise((resolve) => socket.once('open', resolve));
    const events: Record<string, unknown>[] = [];
    const waiters: ((m: Record<string, unknown>) => void)[] = [];
    const eventWaiters: (() => void)[] = [];
    socket.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      if ('response' in m) waiters.shift()?.(m);
      else {
        events.push(m);
        eventWaiters.shift()?.();
      }
    });
    return {
      send: (c) =>
        new Promise((resolve) => {
          waiters.push(resolve);
          socket.send(JSON.stringify(c));
        }),
      events,
      next: async () => {
        if (events.length === 0) await new Promise<void>((r) => eventWaiters.push(r));
        return events.shift()!;
      },
    };
  }

  it('checks the client secret and the tokens, and refuses unknown topics', async () => {
    const c = await connect();
    const token = `Bearer ${fx.mintToken({ tenantId: 1001 }).access_token}`;
    expect(await c.send({ command: 'add-tenants-v1', clientSecret: 'wrong', accessTokens: [token] })).to.include({
      result: 'error',
    });
    const added = await c.send({
      command: 'add-tenants-v1',
      clientSecret: 'demo-secret',
      accessTokens: [token, 'Bearer nonsense'],
    });
    expect(added).to.deep.include({ result: 'ok', tenantIds: { [token]: 1001 }, invalidTokens: ['Bearer nonsense'] });
    expect(
      await c.send({ command: 'add-topics-v1', topics: [{ topic: 'invoices' }, { topic: 'nope' }] }),
    ).to.deep.include({ result: 'ok', invalidTopics: ['nope'] });
    expect(await c.send({ command: 'list-tenants-v1' })).to.deep.include({ tenantIds: [1001] });
  });

  it('streams invoice and payment events with per-topic offsets, and replays from an offset', async () => {
    const token = `Bearer ${fx.mintToken({ tenantId: 1001 }).access_token}`;
    const live = await connect();
    await live.send({ command: 'add-tenants-v1', clientSecret: 'demo-secret', accessTokens: [token] });
    await live.send({ command: 'add-topics-v1', topics: [{ topic: 'invoices' }] });
    expect(await live.send({ command: 'subscribe-v1' })).to.include({ result: 'ok' });
    fx.state.env.emit('invoices', 'invoice-bookkeep-v1', 1001, '7');
    fx.state.env.emit('invoices', 'invoicepayment-bookkeep-v1', 1001, '3');
    const first = await live.next();
    const second = await live.next();
    expect(first).to.include({ topic: 'invoices', type: 'invoice-bookkeep-v1', tenantId: 1001, entityId: '7' });
    expect(first.offset).to.be.a('string').and.not.equal(second.offset);
    expect(String(first.timestamp)).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);

    const replay = await connect();
    await replay.send({ command: 'add-tenants-v1', clientSecret: 'demo-secret', accessTokens: [token] });
    await replay.send({ command: 'add-topics-v1', topics: [{ topic: 'invoices', offset: first.offset }] });
    await replay.send({ command: 'subscribe-v1' });
    expect((await replay.next()).offset).to.equal(first.offset);
    expect((await replay.next()).offset).to.equal(second.offset);
    expect(
      await (await connect()).send({ command: 'add-topics-v1', topics: [{ topic: 'invoices', offset: 'garbage' }] }),
    ).to.include({ result: 'error' });
  });

  it("does not deliver other tenants' events", async () => {
    fx.createTenant({ tenantId: 2002, name: 'Annan AB' });
    const c = await connect();
    await c.send({
      command: 'add-tenants-v1',
      clientSecret: 'demo-secret',
      accessTokens: [`Bearer ${fx.mintToken({ tenantId: 2002 }).access_token}`],
    });
    await c.send({ command: 'add-topics-v1', topics: [{ topic: 'invoices' }] });
    await c.send({ command: 'subscribe-v1' });
    fx.state.env.emit('invoices', 'invoice-updated-v1', 1001, '8');
    fx.state.env.emit('invoices', 'invoice-updated-v1', 2002, '1');
    expect(await c.next()).to.include({ tenantId: 2002, entityId: '1' });
  });
});
