import { z } from 'zod';
import { BcError } from './errors.ts';
import type { Order, Refund } from './model.ts';
import { afterRefund, recordTransaction } from './order-actions.ts';
import { quoteRefund, RefundItemInput } from './refund-quote.ts';
import type { Store } from './store.ts';
import { type Cents, cents, rfc3339, v3Money } from './values.ts';

/**
 * `POST /v3/orders/{id}/payment_actions/refunds` [BC-O3]: the payments must add up to the quote's
 * amount ("must match … otherwise 422"), each to a method the quote offers; refunds of one order
 * run one at a time ("processing multiple concurrent refunds on the same order is not yet
 * supported"): while one's payment request runs, the next is refused (status: a quirk). The order's
 * `refunded_amount`, line `quantity_refunded` and status (4/14) follow at once.
 */
export const RefundBody = z.object({
  items: z.array(RefundItemInput).min(1),
  payments: z
    .array(z.object({ provider_id: z.string(), amount: z.number().nonnegative(), offline: z.boolean().default(false) }))
    .min(1),
  reason: z.string().max(1000).optional(),
});
export type RefundBody = z.infer<typeof RefundBody>;

const refusal = (status: number, title: string): BcError => new BcError(status, title, { style: 'refund' });

export function createRefund(store: Store, o: Order, body: RefundBody): Refund {
  const now = store.now();
  const running = [...store.refunds.values()].find((r) => r.orderId === o.id && r.processingUntil > now);
  if (running) {
    throw refusal(
      store.env.opts.quirks.concurrentRefundStatus,
      `Refund ${running.id} of order ${o.id} is still being processed; order refunds must be processed sequentially.`,
    );
  }
  let quote: ReturnType<typeof quoteRefund>;
  try {
    quote = quoteRefund(store, o, body.items);
  } catch (e) {
    throw e instanceof BcError ? refusal(e.status, e.message) : e;
  }
  const paid = body.payments.reduce((a, p) => a + cents(p.amount), 0);
  if (paid !== quote.total) {
    throw refusal(
      422,
      `The refund payments (${v3Money(paid)}) do not match the refund amount (${v3Money(quote.total)}).`,
    );
  }
  for (const p of body.payments) {
    if (p.provider_id === 'storecredit' && o.customerId === 0) {
      throw refusal(422, 'Unable to provide store credit for a guest customer.'); // [BC-O3 refunds 422 example]
    }
    const offered = quote.methods.flat().find((m) => m.provider_id === p.provider_id);
    if (!offered) throw refusal(422, `Payment provider '${p.provider_id}' is not a refund method of order ${o.id}.`);
    if (cents(p.amount) > cents(offered.amount)) {
      throw refusal(422, `At most ${offered.amount} can be refunded through '${p.provider_id}'.`);
    }
  }
  const refund: Refund = {
    id: store.next('refund', 1),
    orderId: o.id,
    created: now,
    reason: body.reason ?? '',
    total: quote.total,
    tax: quote.tax,
    items: body.items,
    itemAmounts: quote.perItem,
    payments: body.payments.map((p) => ({
      id: store.next('refund_payment', 1),
      providerId: p.provider_id,
      amount: cents(p.amount),
      offline: p.offline,
    })),
    processingUntil: now + store.env.opts.quirks.refundProcessingMs,
  };
  store.refunds.set(refund.id, refund);
  body.items.forEach((it, i) => {
    const line = it.item_type === 'PRODUCT' ? o.lines.find((l) => l.id === it.item_id) : undefined;
    if (!line) return;
    line.quantityRefunded += it.quantity ?? 0;
    line.refundAmount += quote.perItem[i] ?? 0;
  });
  o.refunded += quote.total;
  for (const p of refund.payments) {
    if (p.offline || p.providerId === 'custom' || p.providerId === 'storecredit') continue;
    recordTransaction(store, o, refundTransaction(o, p.providerId, p.amount));
  }
  afterRefund(store, o);
  store.fire('store/order/refund/created', { type: 'order', id: o.id, refund: { refund_id: refund.id } }, o.channelId);
  return refund;
}

function refundTransaction(o: Order, gateway: string, amount: Cents) {
  return {
    event: 'refund' as const,
    method: 'credit_card',
    amount,
    currency: o.defaultCurrencyCode,
    gateway,
    gatewayTransactionId: `re_${o.id}_${Date.now().toString(36)}`,
    status: 'ok' as const,
  };
}

/** The Refund object [BC-O3 `Refund`]: V3 amounts are numbers. */
export function refundJson(r: Refund): Record<string, unknown> {
  return {
    id: r.id,
    order_id: r.orderId,
    user_id: 0,
    created: rfc3339(r.created),
    reason: r.reason,
    total_amount: v3Money(r.total),
    total_tax: v3Money(r.tax),
    uses_merchant_override_values: false,
    items: r.items.map((it, i) => ({
      item_type: it.item_type,
      item_id: it.item_id,
      reason: it.reason ?? '',
      ...(it.quantity === undefined ? {} : { quantity: it.quantity }),
      requested_amount: v3Money(r.itemAmounts[i] ?? 0),
    })),
    payments: r.payments.map((p) => ({
      id: p.id,
      provider_id: p.providerId,
      amount: v3Money(p.amount),
      offline: p.offline,
      is_declined: false,
      declined_message: '',
    })),
  };
}
