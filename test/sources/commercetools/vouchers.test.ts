import { randomUUID } from 'node:crypto';
import type { Payment } from '@commercetools/platform-sdk';
import { expect } from 'chai';
import { commercetoolsSettingsSchema } from '../../../src/sources/commercetools/settings.ts';
import { parseForm } from '../../../src/web/routes/schema-form.ts';
import { type CtHarness, fedUp, PROJECT, settled, startCtHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * Bookkeeping model "voucher": each successful capture or refund of a commercetools payment is one
 * Fortnox voucher — the payment provider's clearing account against sales per VAT rate and output
 * VAT — balanced in öre and posted once whatever the messages do; a refund is the mirror. Switching
 * the model never books a sale twice: an order keeps the model it was first booked with.
 */
describe('commercetools bookkeeping model: a voucher per payment event', function () {
  this.timeout(120_000);
  let w: CtHarness;
  before(async () => {
    w = await startCtHarness();
    await model('voucher');
  });
  after(async () => w?.stop());

  async function model(bookkeeping: 'invoice' | 'voucher'): Promise<void> {
    await w.h.db.pool.query(
      `UPDATE source_connections SET settings = settings || jsonb_build_object('bookkeeping', $1::text)
        WHERE system = 'commercetools' AND key = $2`,
      [bookkeeping, PROJECT],
    );
  }
  const payment = (orderId: string): Payment =>
    w.ct.project.payments.get(w.ct.order(orderId).paymentInfo!.payments[0]!.id)!;
  const money = (orderId: string) => payment(orderId).transactions.filter((t) => t.type !== 'Authorization');
  const vouchers = (txId: string) =>
    [...w.h.stack.fortnox.tenant(1001).vouchers.rows.values()]
      .map((r) => r.rec as Rec)
      .filter((v) => String(v.Comments).startsWith(`fortnox-sync commercetools:${PROJECT}:${txId}`));
  const voucherOf = async (txId: string): Promise<Rec> => {
    await w.h.until(() => vouchers(txId).length > 0, `the voucher of transaction ${txId}`);
    return vouchers(txId)[0]!;
  };
  /** [account, debit, credit] in öre, as Fortnox holds them. */
  const rows = (v: Rec) =>
    (v.VoucherRows as Rec[]).map((r) => [
      Number(r.Account),
      Math.round(Number(r.Debit) * 100),
      Math.round(Number(r.Credit) * 100),
    ]);
  const balanced = (v: Rec) => {
    const r = rows(v);
    return r.reduce((s, x) => s + x[1]!, 0) === r.reduce((s, x) => s + x[2]!, 0);
  };

  it('a capture is one voucher: the clearing account against sales and VAT per rate, to the öre; no invoice', async () => {
    const order = w.paidOrder(); // 2 × LIC-PRO 4 900 (25 %) + KAFFE-500 89 (12 %), free shipping: 9 889 SEK
    const charge = money(order.id)[0]!;
    const voucher = await voucherOf(charge.id);
    expect(rows(voucher)).to.have.deep.members([
      [1580, 988_900, 0],
      [3001, 0, 784_000],
      [2611, 0, 196_000],
      [3002, 0, 7_946],
      [2621, 0, 954],
    ]);
    expect(voucher.Description).to.contain(`order ${order.orderNumber}`);
    // The voucher is in Fortnox a moment before the ledger says so: wait for the record, not a queue count.
    await w.h.until(async () => (await w.ledger(charge.id, 'voucher'))?.state === 'booked', 'the voucher booked');
    await fedUp(w);
    expect(w.invoicesFor(order.id)).to.have.length(0);
  });

  it('a repeated and out-of-order capture is still one voucher', async () => {
    const order = w.ct.placeOrder({ store: 'se', lines: [{ sku: 'ONB-1', quantity: 1 }] });
    const paymentId = order.paymentInfo!.payments[0]!.id;
    const amount = { currencyCode: 'SEK', centAmount: 15_000 };
    w.ct.update('payments', paymentId, [
      { action: 'addTransaction', transaction: { type: 'Charge', amount, state: 'Pending' } },
    ]);
    const tx = money(order.id)[0]!;
    w.ct.update('payments', paymentId, [{ action: 'changeTransactionState', transactionId: tx.id, state: 'Success' }]);
    const source = { system: 'commercetools', connection: PROJECT, object: 'transaction', id: tx.id };
    // The same event delivered again, and late: each job re-reads the transaction as it is now.
    for (let i = 0; i < 3; i++)
      await w.h.stack.runtime.queue.send('document.sync', { source, reason: 'replay' }, { id: randomUUID() });
    await voucherOf(tx.id);
    await fedUp(w);
    expect(vouchers(tx.id)).to.have.length(1);
    expect(balanced(vouchers(tx.id)[0]!)).to.equal(true);
  });

  it('a partial refund is its own voucher, the mirror of the capture; a refunded return uses the returned line’s rate', async () => {
    const order = w.paidOrder();
    w.ct.refund(order.id, 10_000);
    const partial = money(order.id).find((t) => t.type === 'Refund')!;
    const v = await voucherOf(partial.id);
    expect(balanced(v)).to.equal(true);
    expect(rows(v).find((r) => r[0] === 1580)).to.deep.equal([1580, 0, 10_000]);
    expect(rows(v).filter((r) => r[2] !== 0)).to.have.length(1); // sales and VAT are debited
    const coffee = w.ct.order(order.id).lineItems.find((l) => l.variant.sku === 'KAFFE-500')!;
    w.ct.addReturn(order.id, { items: [{ lineItemId: coffee.id, quantity: 1 }] });
    w.ct.refund(order.id, 8900);
    const returned = money(order.id).filter((t) => t.type === 'Refund')[1]!;
    expect(rows(await voucherOf(returned.id))).to.have.deep.members([
      [1580, 0, 8_900],
      [3002, 7_946, 0],
      [2621, 954, 0],
    ]);
  });

  it('switching the model books nothing twice: each order keeps the model it was first booked with', async () => {
    // Booked as vouchers, then the merchant switches to invoices: the rest of the order stays vouchers.
    const vouchered = w.ct.placeOrder({ store: 'se', lines: [{ sku: 'ONB-1', quantity: 1 }] });
    w.ct.capture(vouchered.id, 5_000);
    await voucherOf(money(vouchered.id)[0]!.id);
    await fedUp(w);
    await model('invoice');
    w.ct.capture(vouchered.id); // the rest: the order is Paid now
    const rest = money(vouchered.id)[1]!;
    await voucherOf(rest.id);
    // An order invoiced under the invoice model keeps its invoice: its refund is no voucher.
    const invoiced = w.paidOrder([{ sku: 'KAFFE-500', quantity: 2 }]);
    await w.invoiceFor(invoiced.id);
    await fedUp(w);
    await model('voucher');
    w.ct.refund(invoiced.id, 4_900);
    const refund = money(invoiced.id).find((t) => t.type === 'Refund')!;
    await w.h.until(async () => (await w.ledger(refund.id, 'credit')) !== undefined, 'the refund as a credit');
    await fedUp(w);
    expect(w.invoicesFor(vouchered.id)).to.have.length(0);
    expect(vouchers(rest.id)).to.have.length(1);
    expect(await w.ledger(rest.id, 'payment')).to.equal(undefined);
    expect(vouchers(refund.id)).to.have.length(0);
    expect(vouchers(money(invoiced.id)[0]!.id)).to.have.length(0);
    expect(w.invoicesFor(invoiced.id)).to.have.length(1);
    await settled(w);
  });

  it('invoice model: a capture that succeeds by a state change (which names no type) is a payment, not a refund', async () => {
    await model('invoice');
    try {
      const order = w.ct.placeOrder({ store: 'se', lines: [{ sku: 'KAFFE-500', quantity: 1 }] });
      const paymentId = order.paymentInfo!.payments[0]!.id;
      const amount = { currencyCode: 'SEK', centAmount: 13_800 };
      w.ct.update('payments', paymentId, [
        { action: 'addTransaction', transaction: { type: 'Charge', amount, state: 'Pending' } },
      ]);
      const tx = money(order.id)[0]!;
      w.ct.update('payments', paymentId, [
        { action: 'changeTransactionState', transactionId: tx.id, state: 'Success' },
      ]);
      const succeeded = async () => {
        const record = await w.ledger(tx.id, 'payment');
        return record !== undefined && !(record.error_message ?? '').includes('is Pending');
      };
      await w.h.until(succeeded, 'the capture read as a successful payment');
      await fedUp(w);
      expect(await w.ledger(tx.id, 'credit')).to.equal(undefined);
      expect(vouchers(tx.id)).to.have.length(0);
    } finally {
      await model('voucher');
    }
  });

  it('an account missing in Fortnox holds the capture with the pre-flight’s message; nothing is posted', async () => {
    const settings = `jsonb_build_object('clearingAccounts', jsonb_build_array('STRIPE=1239', '*=1580'))`;
    const reset = `jsonb_build_object('clearingAccounts', jsonb_build_array('*=1580'))`;
    const set = (json: string) =>
      w.h.db.pool.query(`UPDATE source_connections SET settings = settings || ${json} WHERE system = 'commercetools'`);
    await set(settings);
    try {
      const order = w.paidOrder([{ sku: 'KAFFE-500', quantity: 1 }]);
      const charge = money(order.id)[0]!;
      await w.h.until(
        async () => (await w.ledger(charge.id, 'voucher'))?.state === 'needs_attention',
        'the capture to be held',
      );
      expect((await w.ledger(charge.id, 'voucher'))?.error_message).to.equal(
        'Account 1239 is not in the Fortnox chart of accounts. Create it in Fortnox or map to another account, then retry.',
      );
      expect(vouchers(charge.id)).to.have.length(0);
    } finally {
      await set(reset);
    }
  });

  it('a bad account mapping is refused with a message naming the field', () => {
    const parsed = parseForm(commercetoolsSettingsSchema, commercetoolsSettingsSchema.parse({}), {
      clearingAccounts: 'STRIPE:1580',
      'voucherSalesAccounts.25': '30011',
      voucherSeries: 'A B',
    });
    expect(parsed.problems).to.deep.equal([
      'Voucher model — sales account per VAT rate (%): 25: an account number has four digits (1000–9999)',
      'Voucher model — clearing account per payment provider (PROVIDER[:METHOD]=ACCOUNT, comma separated): write PROVIDER=ACCOUNT or PROVIDER:METHOD=ACCOUNT (e.g. STRIPE=1580, KLARNA:invoice=1581, *=1580)',
      'Voucher model — voucher series (empty = the tenant’s): a voucher series is 1–10 letters or digits, e.g. A',
    ]);
  });
});
