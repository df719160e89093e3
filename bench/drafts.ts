import type { FortnoxEmulator, FortnoxEvent } from '../emulators/fortnox/index.ts';
import type { SalesforceEmulator } from '../scripts/stack.ts';
import { OPPORTUNITY_FIELDS } from '../src/sources/salesforce/fields.ts';
import { within } from './timing.ts';

/**
 * Watches the Fortnox emulator for drafts: every `invoice-created-v1` event is stamped with
 * performance.now() (emulator and bench share a process, so the clock is the same one used when
 * the deal was marked won) and tied to its Opportunity through the invoice's
 * ExternalInvoiceReference1. Waiting is event-driven, with a deadline that fails loudly.
 */

export class DraftWatch {
  readonly #fortnox: FortnoxEmulator;
  readonly #tenantId: number;
  readonly #createdAt = new Map<string, number>();
  readonly #waiters = new Set<() => void>();
  /** Drafts for an Opportunity that already had one (invariant 1 broken); expected 0. */
  duplicates = 0;

  constructor(fortnox: FortnoxEmulator, tenantId: number) {
    this.#fortnox = fortnox;
    this.#tenantId = tenantId;
    fortnox.events.on('invoice-created-v1', this.#onCreated);
  }

  #onCreated = (event: FortnoxEvent): void => {
    const at = performance.now();
    if (event.tenantId !== this.#tenantId) return;
    const reference = this.#fortnox.tenant(this.#tenantId).invoices.get(event.entityId)?.ExternalInvoiceReference1;
    if (typeof reference !== 'string') return;
    if (this.#createdAt.has(reference)) this.duplicates++;
    else this.#createdAt.set(reference, at);
    for (const wake of this.#waiters) wake();
  };

  /** When the draft of each Opportunity appeared, once all of them have one. */
  async waitFor(opportunityIds: readonly string[], timeoutMs: number, what: string): Promise<number[]> {
    const missing = (): number => opportunityIds.filter((id) => !this.#createdAt.has(id)).length;
    if (missing() > 0) {
      let wake = (): void => undefined;
      const all = new Promise<void>((resolve) => {
        wake = () => {
          if (missing() === 0) resolve();
        };
        this.#waiters.add(wake);
      });
      try {
        await within(
          all,
          timeoutMs,
          () => `${what} (${opportunityIds.length - missing()}/${opportunityIds.length} drafts so far)`,
        );
      } finally {
        this.#waiters.delete(wake);
      }
    }
    return opportunityIds.map((id) => this.#createdAt.get(id)!);
  }

  stop(): void {
    this.#fortnox.events.off('invoice-created-v1', this.#onCreated);
  }
}

/**
 * Resolves once every Opportunity carries its Fortnox invoice number, i.e. the worker's write-back
 * reached Salesforce. Woken by each Opportunity change event (our write-backs raise them too).
 */
export async function awaitWritebacks(
  h: SalesforceEmulator['handle'],
  opportunityIds: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const pending = new Set(opportunityIds);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    for (const id of pending) if (h.get(id)?.[OPPORTUNITY_FIELDS.invoiceNumber]) pending.delete(id);
    if (pending.size === 0) return;
    const left = deadline - performance.now();
    await within(
      h.nextEvent('/data/OpportunityChangeEvent'),
      Math.max(left, 0),
      () => `Salesforce write-backs (${pending.size} of ${opportunityIds.length} still missing)`,
    );
  }
}
