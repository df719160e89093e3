import type { VoucherRow } from '../core/documents.ts';
import { defined } from '../core/optional.ts';
import type { SyncState } from '../core/sync-state.ts';
import { type SyncRecord, transition } from '../db/sync-records.repo.ts';
import type { SinkContext } from './context.ts';
import { beginSending } from './document-record.ts';
import type { PostedVoucher, VoucherFields } from './voucher-port.ts';

/**
 * Posting one keyed voucher exactly once. Fortnox has no idempotency key and ReferenceNumber is
 * read-only, so the key travels as the first line of Comments. Before the POST the ledger record
 * names the key as pending and that is committed; a later attempt that finds a pending key lists the
 * series' vouchers of the year and adopts the exact match instead of posting again.
 */

export const KEY_PREFIX = 'fortnox-sync ';

/** What the ledger record remembers of a voucher it posted (enough to reverse it later). */
export interface PostedFlag {
  key: string;
  series: string;
  number: number;
  yearId: number;
  date: string;
  description: string;
  hash: string;
  revision: number;
  rows: VoucherRow[];
}

export interface PendingFlag {
  kind: 'post' | 'reverse';
  key: string;
  series: string;
  yearId: number;
  revision: number;
  hash: string;
  date: string;
  description: string;
  rows: VoucherRow[];
}

export interface VoucherFlags {
  posted?: PostedFlag;
  pending?: PendingFlag;
  /** Vouchers reversed by corrections, oldest first ("A 12 reversed by A 31"). */
  reversed?: string[];
}

export function voucherFlags(record: SyncRecord): VoucherFlags {
  return record.flags as VoucherFlags;
}

export const voucherName = (v: { series: string; number: number }): string => `${v.series} ${v.number}`;

export function fieldsFor(step: PendingFlag, comments: string): VoucherFields {
  return {
    Description: step.description.slice(0, 200),
    Comments: `${KEY_PREFIX}${step.key}\n${comments}`.slice(0, 1000),
    TransactionDate: step.date,
    VoucherSeries: step.series,
    VoucherRows: step.rows.map((r) => ({
      Account: r.account,
      Debit: r.debitOre / 100,
      Credit: r.creditOre / 100,
      ...defined({ CostCenter: r.costCenter, Project: r.project, TransactionInformation: r.text }),
    })),
  };
}

/** The voucher carrying exactly this key, if an earlier attempt posted it. */
export async function findKeyed(ctx: SinkContext, step: PendingFlag): Promise<PostedVoucher | undefined> {
  const all = await ctx.fortnox.vouchers.listSeries(step.series, step.yearId);
  return all.find((v) => (v.comments ?? '').split('\n')[0] === `${KEY_PREFIX}${step.key}`);
}

/**
 * Posts `step` (or adopts it when `record` already names it pending and Fortnox has it), then moves
 * the record to `done` through `onPosted`'s flags. `pendingState` is the state the record waits in.
 */
export async function postStep(
  ctx: SinkContext,
  start: SyncRecord,
  step: PendingFlag,
  comments: string,
  pendingState: SyncState,
  done: (posted: PostedVoucher, flags: VoucherFlags) => { state: SyncState; flags: VoucherFlags; message: string },
): Promise<SyncRecord> {
  let record = start;
  const flags = voucherFlags(record);
  const fields = fieldsFor(step, comments);
  let posted: PostedVoucher | undefined;
  if (flags.pending?.key === step.key) {
    posted = await findKeyed(ctx, step);
    if (posted) ctx.logger.warn('adopting a voucher an earlier attempt posted', { voucher: voucherName(posted) });
  }
  if (posted === undefined) {
    record = await beginSending(
      ctx,
      record,
      pendingState,
      { flags: { ...flags, pending: step } as Record<string, unknown>, error: null },
      { message: `posting voucher ${step.key} to Fortnox`, request: fields },
      'the day has sales again',
    );
    posted = await ctx.fortnox.vouchers.create(fields, step.yearId);
  }
  const { pending: _pending, ...settled } = voucherFlags(record);
  const next = done(posted, settled);
  return transition(
    ctx.pool,
    record,
    next.state,
    {
      flags: { ...next.flags },
      fortnoxTotal: step.rows.reduce((sum, r) => sum + r.debitOre, 0) / 100,
      fortnoxNumber: voucherName(posted),
      fortnoxReference: step.key,
      currency: 'SEK',
      synced: true,
      countAttempt: true,
      error: null,
    },
    {
      correlationId: ctx.correlationId,
      message: next.message,
      response: { VoucherSeries: posted.series, VoucherNumber: posted.number, Year: posted.yearId },
    },
  );
}
