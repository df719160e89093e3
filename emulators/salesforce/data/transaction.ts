// One DML transaction: an undo journal (so allOrNone and failed records roll back cleanly) and
// the list of committed changes that CDC turns into events, all sharing one transactionKey.
import { randomBytes } from 'node:crypto';
import type { SRecord } from '../schema/types.ts';

export type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';

export type Change = {
  readonly entity: string;
  readonly id: string;
  readonly changeType: ChangeType;
  /** Fields whose value changed (UPDATE), in schema order. */
  readonly changedFields: string[];
  readonly after: SRecord;
};

export type PublishedEvent = { readonly eventType: string; readonly record: SRecord };

export type CallContext = {
  /** User the change runs as (commitUser, CreatedById...). */
  readonly userId: string;
  /** CDC changeOrigin, e.g. com/salesforce/api/rest/64.0;client=fortnox-sync. */
  readonly origin: string;
};

export type CommittedTransaction = {
  readonly ctx: CallContext;
  readonly transactionKey: string;
  readonly commitTimestamp: number;
  readonly changes: readonly Change[];
  readonly events: readonly PublishedEvent[];
};

export class Transaction {
  readonly ctx: CallContext;
  readonly transactionKey: string;
  readonly changes: Change[] = [];
  readonly events: PublishedEvent[] = [];
  readonly #undo: Array<() => void> = [];

  constructor(ctx: CallContext) {
    this.ctx = ctx;
    const hex = randomBytes(16).toString('hex');
    this.transactionKey = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  onRollback(undo: () => void): void {
    this.#undo.push(undo);
  }

  savepoint(): { undo: number; changes: number; events: number } {
    return { undo: this.#undo.length, changes: this.changes.length, events: this.events.length };
  }

  rollbackTo(sp: { undo: number; changes: number; events: number }): void {
    while (this.#undo.length > sp.undo) this.#undo.pop()?.();
    this.changes.length = sp.changes;
    this.events.length = sp.events;
  }
}
