import type { Transaction } from '@commercetools/platform-sdk';
import { expect } from 'chai';
import { type CtHarness, fedUp, startCtHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * A payment service provider moves a transaction through its states (Initial → Pending → Success or
 * Failure); commercetools says so with PaymentTransactionStateChanged, which names no transaction
 * type. Whatever the type, finance sees what it is: a capture registered once, a failed capture said
 * to have failed, and an authorization's progress nowhere on the dashboard.
 */
describe('commercetools transactions that change state', function () {
  this.timeout(90_000);
  let w: CtHarness;
  before(async () => {
    w = await startCtHarness();
  });
  after(async () => w?.stop());

  const add = (paymentId: string, type: Transaction['type'], centAmount: number): Transaction => {
    w.ct.update('payments', paymentId, [
      {
        action: 'addTransaction',
        transaction: { type, amount: { currencyCode: 'SEK', centAmount }, state: 'Pending' },
      },
    ]);
    return w.ct.project.payments.get(paymentId)!.transactions.at(-1)!;
  };
  const change = (paymentId: string, tx: Transaction, state: string) =>
    w.ct.update('payments', paymentId, [{ action: 'changeTransactionState', transactionId: tx.id, state }]);
  /** Every ledger record of a transaction (any document kind), as the dashboard lists them. */
  const records = async (txId: string) =>
    (
      await w.h.db.pool.query<{ document_kind: string; state: string; error_message: string | null }>(
        `SELECT document_kind, state, error_message FROM sync_records WHERE source_system = 'commercetools' AND source_id = $1`,
        [txId],
      )
    ).rows;

  it('a Pending capture that succeeds is registered once; no refund is recorded, nor the authorization', async () => {
    const order = w.ct.placeOrder({ store: 'se', lines: [{ sku: 'KAFFE-500', quantity: 1 }] });
    const paymentId = order.paymentInfo!.payments[0]!.id;
    const authorization = add(paymentId, 'Authorization', 13_800);
    change(paymentId, authorization, 'Success');
    const charge = add(paymentId, 'Charge', 13_800);
    await fedUp(w); // the capture job parks it: Pending
    change(paymentId, charge, 'Success');
    w.ct.setStates(order.id, { paymentState: 'Paid' });
    const invoice = await w.invoiceFor(order.id);
    const number = String(invoice.DocumentNumber);
    w.h.stack.fortnox.finance(1001, 'bookkeep', number);
    const registered = () =>
      [...w.h.stack.fortnox.tenant(1001).invoicepayments.rows.values()].filter(
        (r) => String((r.rec as Rec).InvoiceNumber) === number,
      );
    await w.h.until(() => registered().length > 0, 'the capture registered on the invoice', 20_000);
    await fedUp(w);
    expect(registered()).to.have.length(1);
    expect((await records(charge.id)).map((r) => r.document_kind)).to.deep.equal(['payment']);
    expect(await records(authorization.id)).to.deep.equal([]);
  });

  it('a Pending capture that fails says it failed, not that it is pending', async () => {
    const order = w.ct.placeOrder({ store: 'se', lines: [{ sku: 'KAFFE-500', quantity: 1 }] });
    const paymentId = order.paymentInfo!.payments[0]!.id;
    const charge = add(paymentId, 'Charge', 13_800);
    await fedUp(w);
    expect((await records(charge.id))[0]?.error_message).to.contain('is Pending');
    change(paymentId, charge, 'Failure');
    await w.h.until(
      async () => ((await records(charge.id))[0]?.error_message ?? '').includes('is Failure'),
      'the capture said to have failed',
      15_000,
    );
    expect((await records(charge.id)).map((r) => r.document_kind)).to.deep.equal(['payment']);
  });
});
