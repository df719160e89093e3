import { expect } from 'chai';
import type { WooCommerceEmulator } from '../../../emulators/woocommerce/index.ts';
import { client, start, type WooClient } from './helpers.ts';

/** `@woocommerce/woocommerce-rest-api`, unmodified, against the emulator over plain HTTP (OAuth 1.0a). */

type Json = Record<string, unknown>;
interface AxiosLike {
  response?: { status: number; data: Json };
}

describe('WooCommerce emulator with the official JS client', () => {
  let emu: WooCommerceEmulator;
  let api: WooClient;
  beforeEach(async () => {
    emu = await start();
    api = client(emu);
  });
  afterEach(async () => {
    await emu.close();
  });

  it('creates a product and an order, updates it, and reads it back', async () => {
    const product = await api.post('products', { name: 'Mugg', sku: 'MUGG-1', regular_price: '149.00' });
    expect(product.status).to.equal(201);
    const order = await api.post('orders', {
      payment_method: 'stripe',
      billing: { first_name: 'Åsa', country: 'SE' },
      line_items: [{ product_id: product.data.id, quantity: 2 }],
      set_paid: true,
    });
    expect(order.status).to.equal(201);
    expect(order.data).to.include({ status: 'processing', total: '298.00', total_tax: '59.60' });
    expect(order.data.billing.first_name).to.equal('Åsa');
    const updated = await api.put(`orders/${order.data.id}`, {
      status: 'completed',
      meta_data: [{ key: '_fortnox_invoice_number', value: '7' }],
    });
    expect(updated.data.status).to.equal('completed');
    expect(updated.data.date_completed).to.be.a('string');
    const read = await api.get(`orders/${order.data.id}`);
    expect(read.data.meta_data.map((m: Json) => m.key)).to.include('_fortnox_invoice_number');
  });

  it('pages through a filtered list with array parameters and the total headers', async () => {
    for (let i = 0; i < 7; i++) emu.checkout({ items: [{ sku: 'KAFFE-500' }] });
    emu.checkout({ items: [{ sku: 'KAFFE-500' }], paymentMethod: 'bacs' });
    const seen: number[] = [];
    let page = 1;
    let pages = 1;
    do {
      const res = await api.get('orders', {
        status: ['processing', 'completed'],
        per_page: 3,
        page,
        orderby: 'id',
        order: 'asc',
      });
      pages = Number(res.headers['x-wp-totalpages']);
      expect(res.headers['x-wp-total']).to.equal('7');
      seen.push(...res.data.map((o: Json) => o.id as number));
      page += 1;
    } while (page <= pages);
    expect(pages).to.equal(3);
    expect(seen).to.have.length(7);
    expect(seen).to.deep.equal([...seen].sort((a, b) => a - b));
  });

  it('refunds a line and lists the refunds', async () => {
    const order = emu.checkout({ items: [{ sku: 'ESP-1' }, { sku: 'KAFFE-500', quantity: 2 }] });
    const coffee = (order.line_items as Json[])[1] as Json;
    const refund = await api.post(`orders/${order.id}/refunds`, {
      reason: 'Skadad förpackning',
      line_items: [
        {
          id: coffee.id,
          quantity: 1,
          refund_total: Number(coffee.total) / 2,
          refund_tax: [{ id: (coffee.taxes as Json[])[0]?.id, refund_total: Number(coffee.total_tax) / 2 }],
        },
      ],
    });
    expect(refund.status).to.equal(201);
    expect(refund.data).to.include({ amount: '129.00', reason: 'Skadad förpackning', refunded_payment: true });
    const list = await api.get(`orders/${order.id}/refunds`);
    expect(list.data.map((r: Json) => r.id)).to.deep.equal([refund.data.id]);
    expect((await api.get(`orders/${order.id}`)).data.status).to.equal('processing');
  });

  it('surfaces WooCommerce’s error envelope through the client', async () => {
    const failure = (await api.get('orders/999999').catch((e: AxiosLike) => e.response)) as AxiosLike['response'];
    expect(failure?.status).to.equal(404);
    expect(failure?.data).to.deep.equal({
      code: 'woocommerce_rest_shop_order_invalid_id',
      message: 'Invalid ID.',
      data: { status: 404 },
    });
  });

  it('deletes with force through the client', async () => {
    const order = emu.checkout({ items: [{ sku: 'KAFFE-500' }] });
    const deleted = await api.delete(`orders/${order.id}`, { force: true });
    expect(deleted.data.id).to.equal(order.id);
    expect(emu.order(Number(order.id))).to.equal(undefined);
  });
});
