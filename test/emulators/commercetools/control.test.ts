import { expect } from 'chai';
import { answer, at, q, startCt, type TestCt, tokenRequest } from './helpers.ts';

/** The `/__control` levers another process (the fault suite, the demo) uses, and the kit's faults in the API's own error shape. */
describe('commercetools emulator: /__control levers and faults', () => {
  let t: TestCt;
  beforeEach(async () => {
    t = await startCt();
  });
  afterEach(() => t.close());

  const control = async (path: string, body: unknown = {}) =>
    answer(
      await fetch(`${t.url}/__control${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );

  it('places, captures, refunds, returns and cancels orders; reads sync info back', async () => {
    const placed = await control('/orders', {
      store: 'de',
      lines: [{ sku: 'ONB-1' }, { sku: 'BOK-API', quantity: 2 }],
    });
    expect(placed.status, placed.text).to.equal(200);
    const number = String(at(placed.json, 'orderNumber'));
    expect(at(placed.json, 'paymentState')).to.equal('Pending');
    expect(at(placed.json, 'taxedPrice', 'totalGross', 'centAmount')).to.equal(129_000 + 6_400 + 490);
    expect(at((await control('/orders/capture', { order: number, amount: 100_000 })).json, 'paymentState')).to.equal(
      'Pending',
    );
    expect(at((await control('/orders/capture', { order: number })).json, 'paymentState')).to.equal('Paid');
    expect((await control('/orders/capture', { order: number })).status).to.equal(400, 'nothing left to capture');
    expect((await control('/orders/refund', { order: number, amount: 6_400 })).status).to.equal(200);
    const returned = await control('/orders/return', { order: number, items: [{ sku: 'BOK-API', quantity: 2 }] });
    expect(at(returned.json, 'returnInfo', 0, 'items', 0, 'quantity')).to.equal(2);
    expect(at((await control('/orders/cancel', { order: number })).json, 'orderState')).to.equal('Cancelled');
    const sync = await answer(await fetch(`${t.url}/__control/orders/${number}/sync-info`));
    expect(sync.json).to.deep.equal({ syncInfo: [] });
    const msgs = await t.api('GET', `/messages?where=${q('type = "PaymentTransactionAdded"')}`);
    const kinds = (
      at(msgs.json, 'results') as Array<{ transaction: { type: string; amount: { centAmount: number } } }>
    ).map((m) => `${m.transaction.type}:${m.transaction.amount.centAmount}`);
    expect(kinds).to.deep.equal(['Charge:100000', 'Charge:35890', 'Refund:6400']);
  });

  it('creates clients, revokes tokens, configures and expires messages', async () => {
    expect(
      (await control('/clients', { id: 'reader', secret: 'r-secret', scopes: ['view_orders:demo-project'] })).status,
    ).to.equal(200);
    const token = await tokenRequest(t.url, { id: 'reader', secret: 'r-secret' }, { grant_type: 'client_credentials' });
    expect(token.status).to.equal(200);
    expect(at((await control('/tokens/revoke')).json, 'revoked')).to.equal(2);
    expect((await t.api('GET', '/orders')).status).to.equal(401);
    const fresh = String(
      at(
        (await tokenRequest(t.url, { id: 'demo-client', secret: 'demo-secret' }, { grant_type: 'client_credentials' }))
          .json,
        'access_token',
      ),
    );
    expect(at((await control('/messages/expire', { olderThanDays: 0 })).json, 'dropped')).to.be.greaterThan(0);
    expect(at((await t.api('GET', '/messages', undefined, fresh)).json, 'count')).to.equal(0);
    await control('/messages/config', { enabled: false });
    expect((await t.api('GET', '/messages', undefined, fresh)).status).to.equal(400);
    const state = await answer(await fetch(`${t.url}/__control/state`));
    expect(at(state.json, 'messages', 'enabled')).to.equal(false);
  });

  it('answers a 5xx fault in the commercetools envelope, once', async () => {
    await control('/faults', {
      kind: 'status',
      status: 503,
      count: 1,
      method: 'GET',
      pathPrefix: '/demo-project/orders',
    });
    const failed = await t.api('GET', '/orders');
    expect(failed.status).to.equal(503);
    expect(at(failed.json, 'statusCode')).to.equal(503);
    expect(at(failed.json, 'errors', 0, 'code')).to.equal('OverCapacity');
    expect((await t.api('GET', '/orders')).status).to.equal(200);
  });

  it('commit-then-fail: the order is created although the answer is a 500 (so a client must look it up by order number)', async () => {
    const cart = await t.api('POST', '/carts', {
      currency: 'SEK',
      lineItems: [{ sku: 'LIC-PRO' }],
      shippingAddress: { country: 'SE' },
    });
    await control('/faults', { kind: 'commit-then-fail', method: 'POST', pathPrefix: '/demo-project/orders' });
    const failed = await t.api('POST', '/orders', {
      cart: { id: at(cart.json, 'id') },
      version: at(cart.json, 'version'),
      orderNumber: 'CTF-1',
    });
    expect(failed.status).to.equal(500);
    expect((await t.api('GET', '/orders/order-number=CTF-1')).status).to.equal(200);
  });

  it('counts requests per project and lets a test wait for a request instead of sleeping', async () => {
    const seen = t.emu.waitForRequest((r) => r.method === 'POST' && r.path.includes('/orders'));
    const o = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    const call = t.api('POST', `/orders/${o.id}`, { version: o.version, actions: [] });
    expect((await seen).scope).to.equal('demo-project');
    expect((await call).status).to.equal(200);
    const stats = await answer(await fetch(`${t.url}/__control/stats?scope=demo-project`));
    expect(Number(at(stats.json, 'requests'))).to.be.greaterThan(0);
  });

  it('delivers subscribed messages to the in-process queue, readable and drainable', async () => {
    const sub = await t.api('POST', '/subscriptions', {
      key: 'orders',
      destination: { type: 'SQS', queueUrl: 'https://sqs.example/q', region: 'eu-west-1', authenticationMode: 'IAM' },
      messages: [{ resourceTypeId: 'order', types: ['OrderCreated'] }],
    });
    expect(sub.status, sub.text).to.equal(201);
    t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    const read = async (drain: boolean) =>
      at(
        (await answer(await fetch(`${t.url}/__control/subscriptions/orders/queue?drain=${drain}`))).json,
        'deliveries',
      ) as Array<{ type: string; notificationType: string }>;
    expect((await read(true)).map((d) => `${d.notificationType}:${d.type}`)).to.deep.equal(['Message:OrderCreated']);
    expect(await read(false)).to.deep.equal([]);
  });
});
