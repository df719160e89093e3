import type { Order } from '@commercetools/platform-sdk';
import type pg from 'pg';
import type { SourceRef } from '../../core/documents.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { CreditRead, DocumentRead, PaymentRead, VoucherRead } from '../source.ts';
import { handOver, orderModel, orderPayments } from './bookkeeping.ts';
import type { CtApi } from './client.ts';
import { OBJECTS } from './ids.ts';
import { locate, readCapture, readRefund, refundBeyondCapture } from './money-reader.ts';
import { orderTitle } from './order-map.ts';
import { paymentVoucher } from './payment-voucher.ts';
import type { CommercetoolsSettings } from './settings.ts';

/**
 * The readers of orders, captures and refunds under the two bookkeeping models. Each one first asks
 * which model the order is booked with (bookkeeping.ts); a capture or refund read under the other
 * model is handed over to it and reads as nothing to do here, so one sale is in the books once.
 */

export interface ModelDeps {
  pool: pg.Pool;
  queue: JobQueue<JobCatalog>;
  api: CtApi;
  settings: CommercetoolsSettings;
}

const isMoney = (type: string): type is 'Charge' | 'Refund' => type === 'Charge' || type === 'Refund';

/**
 * For readOrderDocument: an order booked as vouchers is no invoice (nothing to send; a draft parked
 * before the switch is released), and each of its successful captures and refunds is queued as a
 * voucher, so a capture whose message was lost is still booked.
 */
export function voucherOrders(deps: ModelDeps, ref: SourceRef) {
  return async (order: Order): Promise<DocumentRead | undefined> => {
    if ((await orderModel(deps.pool, deps.api, ref.connection, order, deps.settings.bookkeeping)) !== 'voucher')
      return undefined;
    for (const payment of await orderPayments(deps.api, order))
      for (const t of payment.transactions)
        if (isMoney(t.type) && t.state === 'Success')
          await handOver(deps.queue, { ...ref, object: OBJECTS.transaction, id: t.id }, t.type, 'voucher');
    const title = orderTitle(order);
    return {
      kind: 'blocked',
      active: false,
      title,
      code: 'booked_as_vouchers',
      message: `The ${title} is booked as a voucher per capture and refund (bookkeeping model “voucher”), not as an invoice.`,
    };
  };
}

export async function readTransactionVoucher(deps: ModelDeps, ref: SourceRef): Promise<VoucherRead> {
  const found = await locate(deps.api, ref.id);
  if (found === undefined) return { kind: 'gone' };
  const { payment, transaction: tx, order } = found;
  // Not money yet (Initial, Pending) or never (Failure, an authorization): its Success is queued again.
  if (!isMoney(tx.type) || tx.state !== 'Success') return { kind: 'gone' };
  const what = tx.type === 'Charge' ? 'capture' : 'refund';
  if (order === undefined)
    return {
      kind: 'blocked',
      title: `${what} of payment ${payment.id}`,
      code: `${what}_without_order`,
      message: `The ${what} on payment ${payment.id} belongs to no order, so its VAT rates are unknown. Add the payment to its order in commercetools.`,
    };
  if (
    (await orderModel(deps.pool, deps.api, ref.connection, order, deps.settings.bookkeeping, [payment])) === 'invoice'
  ) {
    await handOver(deps.queue, ref, tx.type, 'invoice');
    return { kind: 'gone' };
  }
  if (tx.type === 'Refund') {
    const beyond = refundBeyondCapture(payment, tx, `refund of ${orderTitle(order)}`);
    if (beyond !== undefined) return beyond;
  }
  return paymentVoucher(ref, deps.settings, payment, tx, order);
}

/**
 * A capture or refund of an order booked as vouchers goes to the voucher; else it is read as before.
 * A state change names no transaction type, so the feed queues it for both readers: the one of the
 * other type (or any reader, for an authorization) has nothing to do and leaves no record. A job an
 * earlier release queued under the wrong type hands a successful transaction to its own type's object.
 */
async function inVoucherModel(deps: ModelDeps, ref: SourceRef, type: 'Charge' | 'Refund') {
  const found = await locate(deps.api, ref.id);
  const tx = found?.transaction;
  if (found === undefined || tx === undefined) return { found, handed: false };
  if (!isMoney(tx.type)) return { found, handed: true };
  if (tx.state !== 'Success') return { found, handed: tx.type !== type };
  const model =
    found.order === undefined
      ? 'invoice'
      : await orderModel(deps.pool, deps.api, ref.connection, found.order, deps.settings.bookkeeping, [found.payment]);
  const handed = model === 'voucher' || tx.type !== type;
  if (handed) await handOver(deps.queue, ref, tx.type, model);
  return { found, handed };
}

export async function readCaptureIn(deps: ModelDeps, ref: SourceRef): Promise<PaymentRead> {
  const { found, handed } = await inVoucherModel(deps, ref, 'Charge');
  return handed ? { kind: 'gone' } : readCapture(deps.api, ref, found);
}

export async function readRefundIn(deps: ModelDeps, ref: SourceRef): Promise<CreditRead> {
  const { found, handed } = await inVoucherModel(deps, ref, 'Refund');
  return handed ? { kind: 'gone' } : readRefund(deps.api, ref, deps.settings.locale, found);
}
