import type { Invoice } from './invoice-model.ts';
import { attemptPayment, finalize } from './payments.ts';
import type { StripeStore } from './store.ts';
import { renewSubscription } from './subscription-changes.ts';
import { periodEnd, type Subscription } from './subscriptions.ts';

/**
 * Billing moves with the emulator's clock, as with Stripe's test clocks: when the clock passes a
 * subscription's period end the next invoice is drafted; an hour later (`automatically_finalizes_at`)
 * it is finalized and charged; a declined renewal is tried again at `next_payment_attempt`. Each
 * piece of work runs stamped with the time it was due, earliest first.
 */

interface Due {
  at: number;
  run: () => void;
}

function nextDue(store: StripeStore, now: number): Due | undefined {
  const due: Due[] = [];
  for (const sub of store.all<Subscription>('subscription')) {
    if (!['active', 'past_due', 'trialing'].includes(sub.status)) continue;
    const end = periodEnd(sub);
    if (end > 0 && end <= now) due.push({ at: end, run: () => renewSubscription(store, sub) });
  }
  for (const inv of store.all<Invoice>('invoice')) {
    if (
      inv.status === 'draft' &&
      inv.auto_advance &&
      inv.automatically_finalizes_at !== null &&
      inv.automatically_finalizes_at <= now
    ) {
      due.push({
        at: inv.automatically_finalizes_at,
        run: () => {
          finalize(store, inv);
          if (inv.status === 'open' && inv.collection_method === 'charge_automatically') attemptPayment(store, inv);
        },
      });
    } else if (
      inv.status === 'open' &&
      inv.collection_method === 'charge_automatically' &&
      inv.attempt_count > 0 &&
      inv.next_payment_attempt !== null &&
      inv.next_payment_attempt <= now
    ) {
      due.push({ at: inv.next_payment_attempt, run: () => attemptPayment(store, inv) });
    }
  }
  return due.sort((a, b) => a.at - b.at)[0];
}

export function runDueBilling(store: StripeStore): number {
  let ran = 0;
  const now = Math.floor(store.clock.now() / 1000);
  for (let next = nextDue(store, now); next && ran < 5000; next = nextDue(store, now)) {
    const task = next;
    store.atTime(task.at * 1000, task.run);
    ran += 1;
  }
  return ran;
}

/** Runs due billing whenever the clock jumps; returns the unsubscribe. */
export function startBillingClock(store: StripeStore): () => void {
  return store.clock.onAdvance(() => {
    runDueBilling(store);
  });
}
