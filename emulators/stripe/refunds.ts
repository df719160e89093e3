import { z } from 'zod';
import { balanceTransaction, type Charge } from './charges.ts';
import { invalid, noSuch } from './errors.ts';
import { expand, id, int, mergeMetadata, metadata, parseParams } from './params.ts';
import { type ApiObject, newId, type StripeStore } from './store.ts';

/**
 * Refunds of a charge (or of a PaymentIntent's latest charge): never more than is left, a charge
 * refunded in full is `refunded: true`. Since 2022-11-15 a charge no longer embeds its refunds (ask
 * with `expand[]=refunds`); since 2024-10-28 every refund sends `refund.created` beside
 * `charge.refunded` (docs.stripe.com/changelog).
 */

export const RefundParams = z.strictObject({
  charge: id.optional(),
  payment_intent: id.optional(),
  amount: int.optional(),
  reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
  metadata,
  expand,
});

const money = (amount: number, currency: string): string =>
  `${currency.toUpperCase()} ${(amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;

export function chargeFor(
  store: StripeStore,
  p: { charge?: string | undefined; payment_intent?: string | undefined },
): Charge {
  if (p.charge) {
    const c = store.get<Charge>(p.charge, 'charge');
    if (!c) throw noSuch('charge', p.charge, 'charge');
    return c;
  }
  if (p.payment_intent) {
    const pi = store.get<ApiObject>(p.payment_intent, 'payment_intent');
    if (!pi) throw noSuch('payment_intent', p.payment_intent, 'payment_intent');
    const c = typeof pi.latest_charge === 'string' ? store.get<Charge>(pi.latest_charge, 'charge') : undefined;
    if (c?.status === 'succeeded') return c;
    throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
      param: 'payment_intent',
    });
  }
  throw invalid('One of the following params should be provided for this request: payment_intent or charge.');
}

export function createRefund(store: StripeStore, input: unknown): ApiObject {
  const p = parseParams(RefundParams, input);
  const charge = chargeFor(store, p);
  if (charge.status !== 'succeeded') throw invalid(`Charge ${charge.id} has not succeeded.`, { param: 'charge' });
  const left = charge.amount - charge.amount_refunded;
  if (left <= 0) throw invalid(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = p.amount ?? left;
  if (amount <= 0) throw invalid('Invalid positive integer', { param: 'amount' });
  if (amount > left) {
    throw invalid(
      `Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(left, charge.currency)})`,
      {
        code: 'amount_too_large',
        param: 'amount',
      },
    );
  }
  const refund: ApiObject = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: store.unix(),
    currency: charge.currency,
    destination_details: { card: { type: 'refund' }, type: 'card' },
    metadata: mergeMetadata({}, p.metadata),
    payment_intent: charge.payment_intent,
    reason: p.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
    customer: charge.customer,
    customer_account: null,
    payment_method: charge.payment_method,
  };
  const bt = balanceTransaction(store, {
    amount: -amount,
    currency: charge.currency,
    source: refund.id,
    type: 'refund',
    description: 'REFUND FOR CHARGE',
  });
  refund.balance_transaction = bt.id;
  store.put(refund);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  store.emit('refund.created', refund);
  store.emit('charge.refunded', charge, previous);
  return refund;
}

export const refundsOf = (store: StripeStore, chargeId: string): ApiObject[] =>
  store.all<ApiObject>('refund').filter((r) => r.charge === chargeId);
