import type { ScopeStats } from '../../emulators/kit/stats.ts';
import type { Stack } from '../../scripts/stack.ts';

/**
 * What `npm run bench -- --source <system>` needs from one source system, beside the shared
 * machinery (stack, worker process, draft watch): its emulator, how an admin connects it, how a
 * customer places one document, and the emulator's request counters. One file per system in this
 * folder implements it; `source-bench.ts` runs every one the same way.
 */

export interface SourceDriver {
  /** The `--source` name and the key in latest.json. */
  readonly key: string;
  /** What one document is called in the figures: order, invoice, day. */
  readonly unit: string;
  /** How many documents the issue asks the burst to carry. */
  readonly defaultCount: number;
  /** What Fortnox gets per document: an invoice (draft) or a voucher. */
  readonly fortnoxDocument: 'invoices' | 'vouchers';
  /** The source's own request quota on one connection per minute, undefined when it has none we meet. */
  readonly sourceQuotaPerMin: number | undefined;
  /** Starts the emulator; answers the environment the app (web and worker alike) needs to reach it. */
  start(): Promise<Record<string, string>>;
  /** Once the stack listens and the worker runs: connect the store/project/account as an admin would. */
  connect(stack: Stack): Promise<void>;
  /** The warm-up documents' inputs (every customer and article once), placed one at a time. */
  warmUpCount(): number;
  /** One document placed by a customer now; answers the reference its Fortnox document will carry. */
  place(i: number, phase: 'warm-up' | 'light' | 'burst'): Promise<string> | string;
  /** For sources the worker does not learn of by itself in this bench (POS days are posted by the poll): queue these. */
  announce?(stack: Stack, references: readonly string[]): Promise<void>;
  /** What the app asked of the source so far (requests and 429s). */
  stats(): ScopeStats;
  resetStats(): void;
  /** Figures of the source's own beyond the common ones (a replay, deliveries). */
  extra?(stack: Stack): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}
