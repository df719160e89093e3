import { expect } from 'chai';
import type { Order } from '../../../emulators/bigcommerce/model.ts';
import { at, receiver, SWEDISH_ADDRESS, startTest, type TestEmulator } from './helpers.ts';

/** Refund quotes and refunds as a merchant makes them and a sync reads them back. */

interface Quote {
  data: {
    total_refund_amount: number;
    total_refund_tax_amount: number;
    refund_methods: { provider_id: string; amount: number }[][];
  };
}

describe('BigCommerce emulator: refunds', () => {
  let t: TestEmulator;
  let order: Order;
  beforeEach(async () => {
    t = await startTest();
    // 2 × 149 kr mugs + 89 kr coffee (12 %) + 49 kr shipping, paid by card
    order = t.emu.checkout('demo', {
      billing_address: SWEDISH_ADDRESS,
      lines: [
        { sku: 'MUGG-01', quantity: 2 },
        { sku: 'KAFFE-500', quantity: 1 },
      ],
      shipping_cost_inc_tax: 49,
      payment: { gateway: 'stripe', method: 'credit_card' },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  const mugLine = () => order.lines[0]?.id ?? 0;
  const coffeeLine = () => order.lines[1]?.id ?? 0;
  const quote = async (items: unknown[]) =>
    (await t.api('POST', `/v3/orders/${order.id}/payment_actions/refund_quotes`, { items })).json as Quote;
  const refund = (items: unknown[], amount: number, provider = 'stripe') =>
    t.api('POST', `/v3/orders/${order.id}/payment_actions/refunds`, {
      items,
      payments: [{ provider_id: provider, amount, offline: false }],
    });

  it('quotes a line with its VAT and offers the card it was paid with', async () => {
    const q = await quote([{ item_type: 'PRODUCT', item_id: mugLine(), quantity: 1 }]);
    expect(q.data.total_refund_amount).to.equal(149);
    expect(q.data.total_refund_tax_amount).to.equal(29.8);
    expect(q.data.refund_methods.map((m) => m[0]?.provider_id)).to.deep.equal(['stripe', 'custom']);
  });

  it('refuses a refund whose payments do not match the quote, and changes nothing', async () => {
    const items = [{ item_type: 'PRODUCT', item_id: mugLine(), quantity: 1 }];
    const q = await quote(items);
    const wrong = await refund(items, q.data.total_refund_amount - 1);
    expect(wrong.status).to.equal(422);
    expect(at(wrong.json, 'data', 0, 'status')).to.equal(422); // refund errors come wrapped in data[]
    const json = (await t.api('GET', `/v2/orders/${order.id}`)).json;
    expect([at(json, 'refunded_amount'), at(json, 'status_id')]).to.deep.equal(['0.0000', 11]);
    expect((await refund(items, q.data.total_refund_amount)).status).to.equal(201);
  });

  it('takes one refund at a time per order: the next waits until the first has been processed', async () => {
    const first = [{ item_type: 'PRODUCT', item_id: mugLine(), quantity: 1 }];
    expect((await refund(first, (await quote(first)).data.total_refund_amount)).status).to.equal(201);
    const second = [{ item_type: 'PRODUCT', item_id: coffeeLine(), quantity: 1 }];
    const amount = (await quote(second)).data.total_refund_amount;
    const busy = await refund(second, amount);
    expect(busy.status).to.equal(422);
    expect(String(at(busy.json, 'data', 0, 'title'))).to.match(/sequentially/);
    t.emu.advanceClock(2000);
    expect((await refund(second, amount)).status).to.equal(201);
  });

  it('refunds per line: quantities, amounts and the order status follow, and the webhook names the refund', async () => {
    const r = await receiver();
    try {
      await t.api('POST', '/v3/hooks', { scope: 'store/order/refund/created', destination: r.url });
      const items = [{ item_type: 'PRODUCT', item_id: mugLine(), quantity: 1 }];
      const arrived = r.next();
      const made = await refund(items, (await quote(items)).data.total_refund_amount);
      const refundId = at(made.json, 'data', 'id');
      expect(at((await arrived).json, 'data', 'refund', 'refund_id')).to.equal(refundId);
      const lines = (await t.api('GET', `/v2/orders/${order.id}/products`)).json;
      expect([
        at(lines, 0, 'quantity_refunded'),
        at(lines, 0, 'refund_amount'),
        at(lines, 0, 'is_refunded'),
      ]).to.deep.equal([1, '149.0000', false]);
      let json = (await t.api('GET', `/v2/orders/${order.id}`)).json;
      expect([at(json, 'status_id'), at(json, 'payment_status'), at(json, 'refunded_amount')]).to.deep.equal([
        14,
        'partially refunded',
        '149.0000',
      ]);
      const byOrder = await t.api('GET', `/v3/orders/payment_actions/refunds?order_id:in=${order.id}`);
      expect((at(byOrder.json, 'data') as unknown[]).length).to.equal(1);

      t.emu.advanceClock(2000);
      const rest = [
        { item_type: 'PRODUCT', item_id: mugLine(), quantity: 1 },
        { item_type: 'PRODUCT', item_id: coffeeLine(), quantity: 1 },
        { item_type: 'SHIPPING', item_id: order.addresses[0]?.id, amount: 49 },
      ];
      const q = await quote(rest);
      expect(q.data.total_refund_amount).to.equal(149 + 89 + 49);
      expect((await refund(rest, q.data.total_refund_amount)).status).to.equal(201);
      json = (await t.api('GET', `/v2/orders/${order.id}`)).json;
      expect([at(json, 'status_id'), at(json, 'payment_status')]).to.deep.equal([4, 'refunded']);
      t.emu.advanceClock(2000);
      const more = await t.api('POST', `/v3/orders/${order.id}/payment_actions/refund_quotes`, {
        items: [{ item_type: 'ORDER', item_id: order.id, amount: 1 }],
      });
      expect(more.status, 'nothing is left to refund').to.equal(422);
    } finally {
      await r.close();
    }
  });

  it('refuses more units than are left on a line and store credit for a guest', async () => {
    const tooMany = await t.api('POST', `/v3/orders/${order.id}/payment_actions/refund_quotes`, {
      items: [{ item_type: 'PRODUCT', item_id: mugLine(), quantity: 3 }],
    });
    expect(tooMany.status).to.equal(422);
    expect(tooMany.json).to.include({ status: 422 });
    const items = [{ item_type: 'PRODUCT', item_id: coffeeLine(), quantity: 1 }];
    const credit = await refund(items, 89, 'storecredit');
    expect(credit.status).to.equal(422);
    expect(at(credit.json, 'data', 0, 'title')).to.equal('Unable to provide store credit for a guest customer.');
  });
});
