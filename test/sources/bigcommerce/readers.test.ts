import { expect } from 'chai';
import {
  type BigCommerceEmulator,
  DEMO_STORE,
  DEMO_TOKEN,
  startBigCommerceEmulator,
} from '../../../emulators/bigcommerce/index.ts';
import { unlimited } from '../../../src/fortnox/rate-limiter.ts';
import { BigCommerceClient } from '../../../src/sources/bigcommerce/client.ts';
import { readOrder, readPayment, readRefund } from '../../../src/sources/bigcommerce/readers.ts';
import { bigcommerceSettingsSchema } from '../../../src/sources/bigcommerce/settings.ts';
import { SWEDISH_GUEST } from './harness.ts';

/**
 * Refunds, payments and customers as the readers map them, against the emulator over HTTP. (The
 * credit and payment sinks are built separately; here: what they will be handed.)
 */
describe('BigCommerce readers: refunds → credits, captures → payments, B2B customers', () => {
  let bc: BigCommerceEmulator;
  let client: BigCommerceClient;
  const settings = bigcommerceSettingsSchema.parse({});
  const ref = (object: string, id: string | number) => ({
    system: 'bigcommerce',
    connection: 'demo',
    object,
    id: String(id),
  });
  const order = (extra: Record<string, unknown> = {}) =>
    bc.checkout(DEMO_STORE, {
      billing_address: SWEDISH_GUEST,
      lines: [
        { sku: 'KAFFE-500', quantity: 2 },
        { sku: 'MUGG-01', quantity: 1 },
      ],
      shipping_cost_inc_tax: 49,
      payment: {},
      ...extra,
    });

  before(async () => {
    bc = await startBigCommerceEmulator({ rateLimit: { enabled: false } });
    client = new BigCommerceClient(
      { storeHash: DEMO_STORE, accessToken: DEMO_TOKEN },
      { apiUrl: bc.url, limiter: unlimited },
    );
  });
  after(async () => bc?.close());

  it('a refund of one line is a credit of that line at what the shopper paid, against the order', async () => {
    const o = order({ coupon_code: 'KAFFE50' });
    const kaffe = o.lines.find((l) => l.sku === 'KAFFE-500')!;
    const refund = bc.refund(DEMO_STORE, { order_id: o.id, lines: [{ order_product_id: kaffe.id, quantity: 1 }] });
    const read = await readRefund(client, ref('refund', refund.id));
    if (read.kind !== 'credit') throw new Error(`expected a credit, got ${read.kind}`);
    expect(read.credit.original).to.deep.equal(ref('order', o.id));
    expect(read.credit.pricesIncludeVat).to.equal(true);
    expect(read.credit.lines).to.deep.equal([
      {
        sourceLineId: String(kaffe.id),
        kind: 'product',
        productCode: 'KAFFE-500',
        description: 'Kaffe mellanrost 500 g',
        quantity: 1,
        unitPrice: 74.71,
        vatRate: 12,
      },
    ]);
    expect(refund.total / 100).to.be.closeTo(74.71, 0.011);
  });

  it('several refunds of one order are each their own credit', async () => {
    const o = order();
    const [a, b] = o.lines;
    const first = bc.refund(DEMO_STORE, { order_id: o.id, lines: [{ order_product_id: a!.id, quantity: 1 }] });
    bc.advanceClock(5_000); // refunds of one order run one at a time
    const second = bc.refund(DEMO_STORE, { order_id: o.id, lines: [{ order_product_id: b!.id, quantity: 1 }] });
    const credits = await Promise.all([first, second].map((r) => readRefund(client, ref('refund', r.id))));
    expect(credits.map((c) => (c.kind === 'credit' ? c.credit.lines?.[0]?.productCode : c.kind))).to.deep.equal([
      'KAFFE-500',
      'MUGG-01',
    ]);
  });

  it('a shipping refund is credited as an amount, VAT included', async () => {
    const o = order();
    const refund = bc.refund(DEMO_STORE, {
      order_id: o.id,
      items: [{ item_type: 'SHIPPING', item_id: o.addresses[0]!.id, amount: 49 }],
    });
    const read = await readRefund(client, ref('refund', refund.id));
    expect(read.kind === 'credit' && read.credit.amount).to.equal(49);
  });

  it('a refund larger than the order is parked with a plain message', async () => {
    const o = order();
    const refund = bc.refund(DEMO_STORE, {
      order_id: o.id,
      lines: [{ order_product_id: o.lines[0]!.id, quantity: 1 }],
    });
    bc.store(DEMO_STORE).refunds.get(refund.id)!.total = 10_000_000;
    const read = await readRefund(client, ref('refund', refund.id));
    expect(read.kind).to.equal('blocked');
    expect(read.kind === 'blocked' && read.message).to.match(/more than the order's total/);
  });

  it('a refund whose line is no longer on the order is credited as the amount refunded, not at 0', async () => {
    const o = order();
    const refund = bc.refund(DEMO_STORE, {
      order_id: o.id,
      lines: [{ order_product_id: o.lines[0]!.id, quantity: 1 }],
    });
    bc.store(DEMO_STORE).refunds.get(refund.id)!.items[0]!.item_id = 987_654;
    const read = await readRefund(client, ref('refund', refund.id));
    if (read.kind !== 'credit') throw new Error(`expected a credit, got ${read.kind}`);
    expect(read.credit.lines).to.equal(undefined);
    expect(read.credit).to.include({ amount: refund.total / 100, pricesIncludeVat: true });
  });

  it('a refund of a custom amount on product lines is credited at the amount refunded', async () => {
    const o = order();
    const refund = bc.refund(DEMO_STORE, {
      order_id: o.id,
      lines: [{ order_product_id: o.lines[0]!.id, quantity: 2 }],
    });
    // The merchant gave back less than the two units cost (kept a restocking fee).
    const given = refund.total - 2_000;
    bc.store(DEMO_STORE).refunds.get(refund.id)!.total = given;
    const read = await readRefund(client, ref('refund', refund.id));
    if (read.kind !== 'credit') throw new Error(`expected a credit, got ${read.kind}`);
    expect(read.credit.lines).to.equal(undefined);
    expect(read.credit.amount).to.be.closeTo(given / 100, 0.001);
  });

  it('a refund of a line past the first 250 of a large order is credited as that line', async () => {
    const o = order({
      lines: Array.from({ length: 260 }, (_, i) => ({ sku: i % 2 ? 'MUGG-01' : 'KAFFE-500', quantity: 1 })),
    });
    const last = o.lines[o.lines.length - 1]!;
    const refund = bc.refund(DEMO_STORE, { order_id: o.id, lines: [{ order_product_id: last.id, quantity: 1 }] });
    const read = await readRefund(client, ref('refund', refund.id));
    if (read.kind !== 'credit') throw new Error(`expected a credit, got ${read.kind}`);
    expect(read.credit.lines?.map((l) => [l.sourceLineId, l.productCode, l.quantity])).to.deep.equal([
      [String(last.id), last.sku, 1],
    ]);
    const lines = await readOrder(client, ref('order', o.id), settings);
    expect(lines.kind === 'document' && lines.document.lines.filter((l) => l.kind === 'product')).to.have.length(260);
  });

  it('a capture is a payment on the mapped method; a partial capture a partial payment', async () => {
    const full = order();
    const tx = (await client.request('GET', `/v3/orders/${full.id}/transactions`)) as { data: { id: number }[] };
    const read = await readPayment(client, ref('transaction', `${full.id}-${tx.data[0]!.id}`), settings);
    if (read.kind !== 'payment') throw new Error(`expected a payment, got ${read.kind}`);
    expect(read.payment).to.include({ method: 'card', amount: 376, currency: 'SEK' });
    expect(read.payment.document).to.deep.equal(ref('order', full.id));

    const partial = order({ payment: undefined });
    const capture = bc.pay(DEMO_STORE, { order_id: partial.id, gateway: 'klarna', method: 'offsite', amount: 100 });
    const p = await readPayment(client, ref('transaction', `${partial.id}-${capture.id}`), settings);
    expect(p.kind === 'payment' && [p.payment.method, p.payment.amount]).to.deep.equal(['klarna', 100]);
  });

  it('a company billing address is a B2B customer with its organisation and VAT numbers', async () => {
    const o = order({
      billing_address: {
        ...SWEDISH_GUEST,
        company: 'Nordic Coffee AB',
        form_fields: [
          { name: 'Organisation number', value: '556036-0793' },
          { name: 'VAT number', value: 'SE556036079301' },
        ],
      },
    });
    const read = await readOrder(client, ref('order', o.id), settings);
    if (read.kind !== 'document') throw new Error(`expected a document, got ${read.kind}`);
    expect(read.document.customer).to.include({
      name: 'Nordic Coffee AB',
      kind: 'company',
      organisationNumber: '556036-0793',
      vatNumber: 'SE556036079301',
    });
    expect(read.document.routing).to.include({ store: DEMO_STORE, channel: '1', currency: 'SEK', country: 'SE' });
  });
});
