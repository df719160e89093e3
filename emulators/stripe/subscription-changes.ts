import { z } from 'zod';
import type { Price } from './catalog.ts';
import { invalid } from './errors.ts';
import { bool, expand, id, mergeMetadata, metadata, parseParams, str } from './params.ts';
import type { Json, StripeStore } from './store.ts';
import { addInterval, billingInvoice, periodEnd, type Subscription } from './subscriptions.ts';

/**
 * What happens to a subscription after it starts: metadata, the default card and
 * `cancel_at_period_end` change (`customer.subscription.updated` with `previous_attributes`), it is
 * cancelled (`customer.subscription.deleted`), or its period ends and the next one is billed.
 */

export const SubscriptionUpdateParams = z.strictObject({
  metadata,
  cancel_at_period_end: bool.optional(),
  default_payment_method: id.optional(),
  description: str.optional(),
  expand,
});

export function updateSubscription(store: StripeStore, sub: Subscription, input: unknown): Subscription {
  const p = parseParams(SubscriptionUpdateParams, input);
  const previous: Json = {};
  if (p.metadata !== undefined) {
    previous.metadata = sub.metadata;
    sub.metadata = mergeMetadata(sub.metadata, p.metadata);
  }
  if (p.cancel_at_period_end !== undefined) {
    previous.cancel_at_period_end = sub.cancel_at_period_end;
    sub.cancel_at_period_end = p.cancel_at_period_end;
    sub.cancel_at = p.cancel_at_period_end ? periodEnd(sub) : null;
  }
  if (p.default_payment_method !== undefined) {
    previous.default_payment_method = sub.default_payment_method;
    sub.default_payment_method = p.default_payment_method;
  }
  if (p.description !== undefined) sub.description = p.description;
  store.emit('customer.subscription.updated', sub, previous);
  return sub;
}

export function cancelSubscription(store: StripeStore, sub: Subscription): Subscription {
  if (sub.status === 'canceled') throw invalid(`No such subscription: '${sub.id}'`, { code: 'resource_missing' });
  sub.status = 'canceled';
  sub.canceled_at = store.unix();
  sub.ended_at = store.unix();
  sub.cancellation_details = { comment: null, feedback: null, reason: 'cancellation_requested' };
  store.emit('customer.subscription.deleted', sub);
  return sub;
}

/** The period end has come: the next period starts and its invoice is drafted (or the subscription ends). */
export function renewSubscription(store: StripeStore, sub: Subscription): void {
  if (sub.cancel_at_period_end) {
    sub.status = 'canceled';
    sub.ended_at = periodEnd(sub);
    sub.canceled_at = periodEnd(sub);
    store.emit('customer.subscription.deleted', sub);
    return;
  }
  const before = structuredClone(sub);
  const old = { start: Number(sub.items.data[0]?.current_period_start), end: periodEnd(sub) };
  for (const item of sub.items.data) {
    const price = item.price as Price;
    item.current_period_start = item.current_period_end;
    item.current_period_end = addInterval(
      Number(item.current_period_end),
      price.recurring?.interval ?? 'month',
      price.recurring?.interval_count ?? 1,
    );
  }
  billingInvoice(store, sub, 'subscription_cycle', old);
  store.emit('customer.subscription.updated', sub, { items: before.items, latest_invoice: before.latest_invoice });
}
