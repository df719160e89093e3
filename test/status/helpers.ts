import type { StackOptions } from '../../scripts/stack.ts';
import { DEMO_TENANT } from '../../scripts/stack.ts';
import type { TopicsSignal } from '../../src/status/topics-subscriber.ts';
import { SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from '../sync/harness.ts';

/**
 * The status side through both emulators: a won deal with its Fortnox draft, the finance team's
 * moves in "Fortnox", and awaiting what a sales rep sees on the Opportunity — events, never sleeps.
 */

type Rec = Record<string, unknown>;

export class TopicSignals {
  readonly seen: TopicsSignal[] = [];
  readonly #waiters: { match: (s: TopicsSignal) => boolean; resolve: () => void }[] = [];
  readonly observe = (signal: TopicsSignal): void => {
    this.seen.push(signal);
    for (const w of [...this.#waiters])
      if (w.match(signal)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  waitFor(match: (s: TopicsSignal) => boolean, fromIndex = 0): Promise<void> {
    if (this.seen.slice(fromIndex).some(match)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }
}

export interface StatusHarness extends SyncHarness {
  topics: TopicSignals;
  /** A won deal with its Fortnox draft written back; resolves with ids and the invoice number. */
  invoicedDeal(price?: number): Promise<{ opportunityId: string; invoiceNumber: string }>;
  finance(action: 'bookkeep' | 'cancel' | 'credit' | 'payment', invoiceNumber: string, amount?: number): void;
  /** Resolves with the Opportunity once Fortnox_Status__c shows `label`. */
  status(opportunityId: string, label: string): Promise<Rec>;
}

let seq = 0;

export async function startStatusHarness(options: StackOptions = {}): Promise<StatusHarness> {
  const topics = new TopicSignals();
  const h = await startSyncHarness({ observeTopics: topics.observe, ...options });
  const wsOn = h.stack.config.FORTNOX_WS_ENABLED;
  if (wsOn) await topics.waitFor((s) => s.type === 'subscribed');
  const accountId = h.account({ ...SWEDISH_ACCOUNT, Name: `Status Kund ${process.pid} AB` });
  return {
    ...h,
    topics,
    invoicedDeal: async (price = 1000) => {
      const entry = h.product(`ST-${process.pid}-${seq++}`, 'Konsulttimme', price);
      const opportunityId = h.deal(accountId, [{ entry, quantity: 1, unitPrice: price }]);
      h.win(opportunityId);
      const draft = await h.draftFor(opportunityId);
      await h.writtenBack(opportunityId, 'Fortnox_Status__c', (v) => v === 'Draft');
      return { opportunityId, invoiceNumber: String(draft.DocumentNumber) };
    },
    finance: (action, invoiceNumber, amount) => {
      const out = h.stack.fortnox.finance(
        Number(DEMO_TENANT),
        action,
        invoiceNumber,
        amount === undefined ? {} : { amount },
      );
      if (!out.ok) throw new Error(`finance ${action} refused: ${out.message ?? out.status}`);
    },
    status: (opportunityId, label) => h.writtenBack(opportunityId, 'Fortnox_Status__c', (v) => v === label),
  };
}

/** Resolves when `check` holds, re-checking on a short timer (a condition, not a fixed sleep). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
