import { expect } from 'chai';
import type { ReadContext, SourceRuntime } from '../../../src/sources/source.ts';
import { type CtHarness, PROJECT, readers, startCtHarness } from './harness.ts';

/**
 * Captures and refunds read as the canonical Payment and Credit (the sink that books them and the
 * role dispatch in document.sync are built beside this adapter): the commercetools emulator's PSP
 * connector records the transactions, the adapter's readers — on the official SDK — say what
 * Fortnox should receive, or why not yet, in plain words.
 */
describe('commercetools captures and refunds as payments and credits', function () {
  this.timeout(60_000);
  let w: CtHarness;
  let runtime: SourceRuntime;
  let ctx: ReadContext;
  before(async () => {
    w = await startCtHarness({ worker: false });
    ({ runtime, ctx } = await readers(w));
  });
  after(async () => w?.stop());

  const ref = (object: string, id: string) => ({ system: 'commercetools', connection: PROJECT, object, id });
  const transactions = (orderId: string) => {
    const paymentId = w.ct.order(orderId).paymentInfo!.payments[0]!.id;
    return w.ct.project.payments.get(paymentId)!.transactions;
  };
  const last = (orderId: string, type: string) =>
    transactions(orderId)
      .filter((t) => t.type === type)
      .at(-1)!;

  it('a capture is a payment of the order, on its payment method', async () => {
    const order = w.paidOrder();
    const charge = last(order.id, 'Charge');
    const read = await runtime.readPayment!(ctx, ref('capture', charge.id));
    expect(read).to.deep.include({ kind: 'payment' });
    if (read.kind !== 'payment') return;
    expect(read.payment).to.deep.include({
      document: ref('order', order.id),
      method: 'STRIPE:CREDIT_CARD',
      amount: 9889,
      currency: 'SEK',
    });
    expect(read.payment.date).to.match(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a partial refund credits its amount against the order', async () => {
    const order = w.paidOrder();
    w.ct.refund(order.id, 10_000);
    const read = await runtime.readCredit!(ctx, ref('refund', last(order.id, 'Refund').id));
    expect(read.kind).to.equal('credit');
    if (read.kind !== 'credit') return;
    expect(read.credit).to.deep.include({ original: ref('order', order.id), amount: 100, currency: 'SEK' });
    expect(read.credit.lines).to.equal(undefined);
  });

  it('a return refunded to the cent credits the returned lines', async () => {
    const order = w.paidOrder();
    const coffee = order.lineItems.find((l) => l.variant.sku === 'KAFFE-500')!;
    w.ct.addReturn(order.id, { items: [{ lineItemId: coffee.id, quantity: 1 }] });
    w.ct.refund(order.id, 8900);
    const read = await runtime.readCredit!(ctx, ref('refund', last(order.id, 'Refund').id));
    if (read.kind !== 'credit') throw new Error(`expected a credit, got ${read.kind}`);
    expect(read.credit.lines?.map((l) => [l.productCode, l.quantity, l.unitPrice, l.vatRate])).to.deep.equal([
      ['KAFFE-500', 1, 89, 12],
    ]);
    expect(read.credit.pricesIncludeVat).to.equal(true);
  });

  it('a refund of money never captured is refused with a plain message', async () => {
    const order = w.ct.placeOrder({ store: 'se', lines: [{ sku: 'KONS-H', quantity: 1 }] });
    const paymentId = order.paymentInfo!.payments[0]!.id;
    w.ct.update('payments', paymentId, [
      {
        action: 'addTransaction',
        transaction: { type: 'Refund', amount: { currencyCode: 'SEK', centAmount: 5000 }, state: 'Success' },
      },
    ]);
    const read = await runtime.readCredit!(ctx, ref('refund', last(order.id, 'Refund').id));
    expect(read).to.deep.include({ kind: 'blocked', code: 'refund_without_capture' });
    expect((read as { message: string }).message)
      .to.contain(`refund of order ${order.orderNumber}`)
      .and.contain('never captured');
  });

  it('a refund still pending waits; an unknown transaction is gone', async () => {
    const order = w.paidOrder();
    const paymentId = order.paymentInfo!.payments[0]!.id;
    w.ct.update('payments', paymentId, [
      {
        action: 'addTransaction',
        transaction: { type: 'Refund', amount: { currencyCode: 'SEK', centAmount: 5000 }, state: 'Pending' },
      },
    ]);
    const pending = await runtime.readCredit!(ctx, ref('refund', last(order.id, 'Refund').id));
    expect(pending).to.deep.include({ kind: 'blocked', code: 'refund_not_done' });
    const gone = await runtime.readCredit!(ctx, ref('refund', '00000000-0000-4000-8000-000000000000'));
    expect(gone).to.deep.equal({ kind: 'gone' });
  });
});
