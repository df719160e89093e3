/**
 * What the contract suite asks of each source: one fixture per registered adapter, driving that
 * source's emulator the way its users would (win a deal, pay an order, refund it) and reading back
 * what the source shows. The scenarios in contract.test.ts are the same for every source.
 */

export type Rec = Record<string, unknown>;

export interface ContractWorld {
  /** A source record that should become one Fortnox document, not triggered yet; answers its id. */
  prepare(): Promise<string>;
  /** Makes it what the source invoices (won, paid, completed). */
  trigger(id: string): Promise<void>;
  /** The Fortnox documents carrying this record's reference. */
  documents(id: string): Rec[];
  /** Resolves once the record has its Fortnox document (and the ledger has stored it). */
  documented(id: string): Promise<Rec>;
  /** The same notification again, and every retained one replayed; answers when they are handled. */
  duplicate(id: string): Promise<void>;
  replayAll(): Promise<void>;
  /** A billing change (another quantity); resolves once Fortnox shows it. */
  change(id: string): Promise<void>;
  /** The source no longer wants it (lost, cancelled); resolves once handled. */
  cancel(id: string): Promise<void>;
  /** A refund of part of it; undefined when the source has no refunds. */
  refund?: (id: string) => Promise<Rec>;
  /** A record the pre-flight refuses; answers its id and a phrase the message must hold (in the source's words). */
  bad(): Promise<{ id: string; says: string }>;
  /** Resolves with the plain message the source shows for a parked record. */
  attention(id: string): Promise<string>;
  /** Finance books the document in Fortnox; resolves with what the source shows (its status wording). */
  bookInFortnox(id: string): Promise<string>;
  stop(): Promise<void>;
}

export interface ContractFixture {
  system: string;
  /** The `../shared/fixtures/` folder the refund scenario reads its example from (skipped when absent). */
  refundFixtures?: string;
  start(): Promise<ContractWorld>;
}
