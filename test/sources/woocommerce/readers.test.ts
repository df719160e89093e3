import { expect } from 'chai';
import { startWooCommerceEmulator, type WooCommerceEmulator } from '../../../emulators/woocommerce/index.ts';
import { AppError } from '../../../src/core/errors.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import type { ReadContext } from '../../../src/sources/source.ts';
import { type WooClient, wooClient } from '../../../src/sources/woocommerce/client.ts';
import { wooReaders } from '../../../src/sources/woocommerce/readers.ts';

/**
 * Refunds and payments read from the WooCommerce emulator with the official client, as the
 * credit/payment sink will ask for them (document.sync dispatches by role once it is merged).
 */
describe('WooCommerce refund and payment readers', function () {
  this.timeout(30_000);
  let woo: WooCommerceEmulator;
  let ctx: ReadContext;
  let readers: ReturnType<typeof wooReaders>;
  let client: WooClient;
  const ref = (object: string, id: string) => ({ system: 'woocommerce', connection: 'default', object, id });
  before(async () => {
    woo = await startWooCommerceEmulator({ port: 0 });
    client = wooClient({
      url: woo.url,
      consumerKey: 'ck_demo',
      consumerSecret: 'cs_demo',
      webhookSecret: 'woo-demo-secret',
    });
    readers = wooReaders({ client: () => client });
    ctx = {
      connection: {
        system: 'woocommerce',
        key: 'default',
        label: null,
        state: 'active',
        settings: {},
        credentials: undefined,
        lastError: null,
      },
      logger: silentLogger,
      signal: new AbortController().signal,
    };
  });
  after(async () => woo?.close());

  it('a refunded line is a credit of that line against its order, VAT rate kept', async () => {
    const order = woo.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500', quantity: 2 }] });
    const item = (order.line_items as { id: number }[])[0]!;
    woo.refundLine(Number(order.id), item.id, 1, 'Trasig förpackning');
    const refundId = (woo.order(Number(order.id))!.refunds as { id: number }[])[0]!.id;
    const read = await readers.readCredit(ctx, ref('refund', `${order.id}-${refundId}`));
    if (read.kind !== 'credit') throw new Error(JSON.stringify(read));
    expect(read.credit.original).to.deep.equal(ref('order', String(order.id)));
    expect(read.credit.lines).to.deep.equal([
      { description: 'Kaffe Mellanrost 500 g', quantity: 1, unitPrice: 129, vatRate: 12, productCode: 'KAFFE-500' },
    ]);
    expect(read.credit).to.include({ reason: 'Trasig förpackning', pricesIncludeVat: true, currency: 'SEK' });
  });

  it('a second refund on the same order is its own credit', async () => {
    const order = woo.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500', quantity: 2 }] });
    const item = (order.line_items as { id: number }[])[0]!;
    woo.refundLine(Number(order.id), item.id, 1);
    woo.refundLine(Number(order.id), item.id, 1);
    const refunds = (woo.order(Number(order.id))!.refunds as { id: number }[]).map((r) => r.id);
    expect(refunds).to.have.length(2);
    const reads = await Promise.all(refunds.map((r) => readers.readCredit(ctx, ref('refund', `${order.id}-${r}`))));
    expect(reads.map((r) => r.kind)).to.deep.equal(['credit', 'credit']);
  });

  it('a paid order is a payment on its mapped method; an unpaid one waits', async () => {
    const paid = woo.checkout({ buyer: 'guest', items: [{ sku: 'ESP-1' }], paymentMethod: 'klarna_payments' });
    const read = await readers.readPayment(ctx, ref('payment', String(paid.id)));
    if (read.kind !== 'payment') throw new Error(JSON.stringify(read));
    expect(read.payment).to.include({ method: 'klarna', amount: Number(paid.total), currency: 'SEK' });
    const waiting = woo.checkout({ buyer: 'guest', items: [{ sku: 'ESP-1' }], paymentMethod: 'bacs' });
    const unpaid = await readers.readPayment(ctx, ref('payment', String(waiting.id)));
    expect(unpaid.kind === 'blocked' && unpaid.message).to.contain('not paid yet');
  });

  it('a deleted order, refund or customer is gone (WooCommerce says the id is invalid)', async () => {
    expect((await readers.readDocument(ctx, ref('order', '999999'))).kind).to.equal('gone');
    const order = woo.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500' }] });
    expect((await readers.readCredit(ctx, ref('refund', `${order.id}-999999`))).kind).to.equal('gone');
    expect((await readers.readCustomer(ctx, ref('customer', '999999'))).kind).to.equal('gone');
  });

  const refused = async (read: Promise<unknown>): Promise<AppError> => {
    const error = await read.then(
      (answer) => new Error(`answered ${JSON.stringify(answer)}`),
      (e: unknown) => e,
    );
    if (!(error instanceof AppError)) throw error;
    return error;
  };

  it('a 404 from a firewall or maintenance page in front of the shop is retried, never "gone"', async () => {
    const order = woo.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500' }] });
    const item = (order.line_items as { id: number }[])[0]!;
    woo.refundLine(Number(order.id), item.id, 1);
    const refundId = (woo.order(Number(order.id))!.refunds as { id: number }[])[0]!.id;
    // The host answers its own HTML 404 page for the order (and then its refund).
    woo.injectFault({ kind: 'status', status: 404, count: 3, pathPrefix: `/wp-json/wc/v3/orders/${order.id}` });
    try {
      const reads = [
        readers.readDocument(ctx, ref('order', String(order.id))),
        readers.readCredit(ctx, ref('refund', `${order.id}-${refundId}`)),
        readers.readPayment(ctx, ref('payment', String(order.id))),
      ];
      for (const read of reads) {
        const error = await refused(read);
        expect(error.retryable).to.equal(true);
        expect(error.userMessage).to.contain('tried again automatically').and.not.contain('gone.');
      }
    } finally {
      woo.clearFaults();
    }
    expect((await readers.readDocument(ctx, ref('order', String(order.id)))).kind).to.equal('document');
  });

  it('a request WooCommerce refuses (4xx) says it is not tried again by itself', async () => {
    const order = woo.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500' }] });
    woo.injectFault({ kind: 'status', status: 400, count: 1, pathPrefix: `/wp-json/wc/v3/orders/${order.id}` });
    const error = await refused(readers.readDocument(ctx, ref('order', String(order.id))));
    expect(error.retryable).to.equal(false);
    expect(error.userMessage).to.contain('not tried again by itself').and.not.contain('tried again automatically');
  });

  it('a 0.00 refund (items restocked, no money back) is nothing to credit, not "more than the total"', async () => {
    const order = woo.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500', quantity: 2 }] });
    const item = (order.line_items as { id: number }[])[0]!;
    const refund = (await client.post(`orders/${order.id}/refunds`, {
      amount: '0',
      api_refund: false,
      api_restock: true,
      line_items: [{ id: item.id, quantity: 1, refund_total: 0 }],
    })) as { id: number; amount: string };
    expect(refund.amount).to.equal('0.00');
    expect((await readers.readCredit(ctx, ref('refund', `${order.id}-${refund.id}`))).kind).to.equal('gone');
  });

  it('a 404 rest_no_route (the REST API switched off) is retried, never "gone"', async () => {
    const order = woo.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500' }] });
    // WordPress answers rest_no_route for a route it does not know, as when WooCommerce's REST API is off.
    const offline: WooClient = { ...client, get: (path, params) => client.get(`off/${path}`, params) };
    const off = wooReaders({ client: () => offline });
    const error = await refused(off.readDocument(ctx, ref('order', String(order.id))));
    expect(error.retryable).to.equal(true);
    expect(error.userMessage).to.contain('rest_no_route');
  });
});
