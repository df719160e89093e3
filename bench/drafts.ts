import { voucherKey } from '../emulators/fortnox/books.ts';
import type { FortnoxEmulator, FortnoxEvent } from '../emulators/fortnox/index.ts';
import type { SalesforceEmulator } from '../scripts/stack.ts';
import { OPPORTUNITY_FIELDS } from '../src/sources/salesforce/fields.ts';
import { within } from './timing.ts';

/**
 * Watches the Fortnox emulator for drafts: every `invoice-created-v1` event is stamped with
 * performance.now() (emulator and bench share a process, so the clock is the same one used when
 * the deal was marked won) and tied to its Opportunity through the invoice's
 * ExternalInvoiceReference1 — or, watching vouchers (a POS day), every voucher through the key the
 * sink puts on the first line of its Comments. Waiting is event-driven, with a deadline that fails loudly.
 */

type VoucherSeen = { tenantId: number; series: string; number: number; year: number };
const VOUCHER_KEY = /^fortnox-sync (\S+)/;

export class DraftWatch {
  readonly #fortnox: FortnoxEmulator;
  readonly #tenants: ReadonlySet<number>;
  readonly #createdAt = new Map<string, number>();
  readonly #waiters = new Set<() => void>();
  readonly #documents: 'invoices' | 'vouchers';
  /** Drafts for an Opportunity that already had one (invariant 1 broken); expected 0. */
  duplicates = 0;

  /** One tenant, or several (a deal drafted in two of them counts as a duplicate). */
  constructor(
    fortnox: FortnoxEmulator,
    tenants: number | readonly number[],
    documents: 'invoices' | 'vouchers' = 'invoices',
  ) {
    this.#fortnox = fortnox;
    this.#tenants = new Set(typeof tenants === 'number' ? [tenants] : tenants);
    this.#documents = documents;
    if (documents === 'invoices') fortnox.events.on('invoice-created-v1', this.#onCreated);
    else fortnox.events.on('voucher', this.#onVoucher);
  }

  #onCreated = (event: FortnoxEvent): void => {
    const at = performance.now();
    if (!this.#tenants.has(event.tenantId)) return;
    const reference = this.#fortnox.tenant(event.tenantId).invoices.get(event.entityId)?.ExternalInvoiceReference1;
    this.#seen(reference, at);
  };

  #onVoucher = (event: VoucherSeen): void => {
    const at = performance.now();
    if (!this.#tenants.has(event.tenantId)) return;
    const voucher = this.#fortnox
      .tenant(event.tenantId)
      .vouchers.get(voucherKey(event.year, event.series, event.number));
    this.#seen(VOUCHER_KEY.exec(String(voucher?.Comments ?? ''))?.[1], at);
  };

  #seen(reference: unknown, at: number): void {
    if (typeof reference !== 'string') return;
    if (this.#createdAt.has(reference)) this.duplicates++;
    else this.#createdAt.set(reference, at);
    for (const wake of this.#waiters) wake();
  }

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
    if (this.#documents === 'invoices') this.#fortnox.events.off('invoice-created-v1', this.#onCreated);
    else this.#fortnox.events.off('voucher', this.#onVoucher);
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
