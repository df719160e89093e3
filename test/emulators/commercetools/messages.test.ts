import { expect } from 'chai';
import { at, q, startCt, type TestCt } from './helpers.ts';

type Msg = {
  id: string;
  type: string;
  sequenceNumber: number;
  resourceVersion: number;
  resource: { typeId: string; id: string };
  createdAt: string;
};
const DAY = 86_400_000;

async function messages(t: TestCt, where?: string): Promise<Msg[]> {
  const got = await t.api('GET', `/messages?limit=500&sort=createdAt asc${where ? `&where=${q(where)}` : ''}`);
  expect(got.status, got.text).to.equal(200);
  return (got.json as { results: Msg[] }).results;
}

describe('commercetools emulator: messages', () => {
  let t: TestCt;
  afterEach(() => t.close());

  it('produces a message for every change the source follows, numbered per resource', async () => {
    t = await startCt();
    const a = t.emu.placeOrder({ store: 'se', lines: [{ sku: 'LIC-PRO', quantity: 2 }] });
    const b = t.emu.placeOrder({ store: 'de', lines: [{ sku: 'ONB-1' }] });
    t.emu.capture(a.id);
    t.emu.capture(b.id);
    t.emu.refund(a.id, 10_000);
    t.emu.addReturn(a.id, { items: [{ sku: 'LIC-PRO', quantity: 1 }] });
    t.emu.cancel(b.id);
    for (const order of [a, b]) {
      const own = await messages(t, `resource(id = "${order.id}")`);
      expect(own.map((m) => m.sequenceNumber)).to.deep.equal(
        own.map((_, i) => i + 1),
        'consecutive per resource',
      );
      const current = (await t.api('GET', `/orders/${order.id}`)).json as { version: number };
      expect(own.at(-1)?.resourceVersion).to.equal(current.version);
      expect(own[0]?.type).to.equal('OrderCreated');
      expect(at(own[0], 'order', 'id')).to.equal(order.id);
    }
    const types = (await messages(t, `resource(id = "${a.id}")`)).map((m) => m.type);
    expect(types).to.deep.equal([
      'OrderCreated',
      'OrderPaymentAdded',
      'OrderPaymentStateChanged',
      'OrderPaymentStateChanged',
      'ReturnInfoAdded',
    ]);
    expect((await messages(t, `resource(id = "${b.id}")`)).map((m) => m.type)).to.include('OrderStateChanged');
    const paymentId = t.emu.order(a.id).paymentInfo?.payments[0]?.id;
    const payment = await messages(t, `resource(id = "${paymentId}")`);
    expect(payment.map((m) => m.type)).to.deep.equal([
      'PaymentCreated',
      'PaymentTransactionAdded',
      'PaymentTransactionAdded',
    ]);
    expect(payment.map((m) => m.sequenceNumber)).to.deep.equal([1, 2, 3]);
    expect(at(payment[2], 'transaction', 'type')).to.equal('Refund');
    const customers = await messages(t, 'type = "CustomerCreated"');
    expect(customers.length).to.be.greaterThan(0);
  });

  it('two messages of one update share the resource version and take consecutive numbers', async () => {
    t = await startCt();
    const o = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    const got = await t.api('POST', `/orders/${o.id}`, {
      version: o.version,
      actions: [
        { action: 'changeOrderState', orderState: 'Confirmed' },
        { action: 'changeShipmentState', shipmentState: 'Shipped' },
      ],
    });
    const last = (await messages(t, `resource(id = "${o.id}")`)).slice(-2);
    expect(last.map((m) => m.type)).to.deep.equal(['OrderStateChanged', 'OrderShipmentStateChanged']);
    expect(last.map((m) => m.resourceVersion)).to.deep.equal([at(got.json, 'version'), at(got.json, 'version')]);
    expect(last[1]?.sequenceNumber).to.equal((last[0]?.sequenceNumber ?? 0) + 1);
    expect(last[0]).to.include({ orderState: 'Confirmed', oldOrderState: 'Open' });
  });

  it('the Messages Query API answers an error while disabled and works once enabled in project settings', async () => {
    t = await startCt({ messages: { enabled: false } });
    const o = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    const off = await t.api('GET', '/messages');
    expect(off.status).to.equal(400);
    expect(at(off.json, 'errors', 0, 'code')).to.equal('InvalidOperation');
    const project = (await t.api('GET', '')).json as { version: number; messages: { enabled: boolean } };
    expect(project.messages.enabled).to.equal(false);
    const bad = await t.api('POST', '', {
      version: project.version,
      actions: [
        {
          action: 'changeMessagesConfiguration',
          messagesConfiguration: { enabled: true, deleteDaysAfterCreation: 91 },
        },
      ],
    });
    expect(bad.status).to.equal(400);
    const on = await t.api('POST', '', {
      version: project.version,
      actions: [
        {
          action: 'changeMessagesConfiguration',
          messagesConfiguration: { enabled: true, deleteDaysAfterCreation: 30 },
        },
      ],
    });
    expect(on.status, on.text).to.equal(200);
    expect(at(on.json, 'messages')).to.deep.equal({ enabled: true, deleteDaysAfterCreation: 30 });
    expect(await messages(t, `resource(id = "${o.id}")`)).to.deep.equal(
      [],
      'messages from while it was off are not kept',
    );
    t.emu.capture(o.id);
    expect((await messages(t, `resource(id = "${o.id}")`)).map((m) => m.type)).to.deep.equal([
      'OrderPaymentStateChanged',
    ]);
  });

  it('can be told to answer an empty page while disabled (unverified behaviour, quirk)', async () => {
    t = await startCt({ messages: { enabled: false }, quirks: { messagesWhenDisabled: 'empty' } });
    t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    const got = await t.api('GET', '/messages');
    expect(got.status).to.equal(200);
    expect(at(got.json, 'results')).to.deep.equal([]);
  });

  it('deletes messages deleteDaysAfterCreation days after creation, on the emulator clock', async () => {
    t = await startCt({ messages: { enabled: true, deleteDaysAfterCreation: 2 }, accessTokenTtlSeconds: 30 * 86_400 });
    const old = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    t.emu.advanceClock(DAY);
    const recent = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    t.emu.advanceClock(DAY);
    const left = await messages(t, 'type = "OrderCreated"');
    expect(left.map((m) => at(m, 'order', 'id'))).to.deep.equal([recent.id]);
    expect(await messages(t, `resource(id = "${old.id}")`)).to.deep.equal([]);
    expect((await t.api('GET', `/orders/${old.id}`)).status).to.equal(200, 'the order itself stays');
  });

  it('levers: suppressed messages are never created, dropped ones leave a gap in the sequence', async () => {
    t = await startCt();
    const o = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    t.emu.messages.suppressNext(1);
    t.emu.setStates(o.id, { orderState: 'Confirmed' });
    t.emu.setStates(o.id, { shipmentState: 'Shipped' });
    const seen = await messages(t, `resource(id = "${o.id}")`);
    expect(seen.map((m) => m.type)).to.not.include('OrderStateChanged');
    expect(seen.map((m) => m.sequenceNumber)).to.deep.equal([1, 2, 3, 4]);
    const res = await fetch(`${t.url}/__control/messages/drop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceId: o.id, sequenceNumbers: [2] }),
    });
    expect(await res.json()).to.deep.equal({ dropped: 1 });
    expect((await messages(t, `resource(id = "${o.id}")`)).map((m) => m.sequenceNumber)).to.deep.equal([1, 3, 4]);
  });
});
