import { createHash } from 'node:crypto';
import type { Voucher, VoucherRow } from '../core/documents.ts';
import { withTransaction } from '../db/connection.ts';
import { claimRecord } from '../db/ledger-claim.repo.ts';
import { noteFacts, voucherFacts } from '../db/record-facts.repo.ts';
import type { SyncRecord } from '../db/sync-records.repo.ts';
import { claimFeed } from '../db/voucher-feeds.repo.ts';
import { isPermanent, NeedsAttentionError, park } from './attention.ts';
import type { SinkContext } from './context.ts';
import { heldByPreview, holdForPreview, previewHash } from './preview.ts';
import { transitionNotified } from './record-outcome.ts';
import { withSourceLock } from './source-lease.ts';
import { balanceVoucher } from './voucher-balance.ts';
import { fieldsFor, type PendingFlag, postStep, voucherFlags, voucherName } from './voucher-post.ts';
import { forgetVoucherFrame, preflightVoucher } from './voucher-preflight.ts';

/**
 * The voucher sink: make Fortnox hold the voucher a source record (a closed POS day, an imported
 * verification) stands for — once. Ledger record kind 'voucher', keyed (tenant, source reference).
 * Vouchers cannot be changed in Fortnox, so a source record that changes after posting (a corrected
 * Z-report) gets a reversing voucher and a new one, each keyed, never a silent second posting.
 */

function hashOf(date: string, series: string, rows: readonly VoucherRow[]): string {
  return createHash('sha256').update(JSON.stringify({ date, series, rows })).digest('hex').slice(0, 32);
}

const reversedRows = (rows: readonly VoucherRow[]): VoucherRow[] =>
  rows.map((r) => ({ ...r, debitOre: r.creditOre, creditOre: r.debitOre }));

export async function syncVoucher(ctx: SinkContext, voucher: Voucher): Promise<SyncRecord> {
  return withSourceLock(ctx.pool, voucher.source, async () => {
    const key = { source: voucher.source, tenantId: ctx.tenantId, kind: 'voucher' as const };
    const { record, owner } = await withTransaction(ctx.pool, async (client) => {
      const claimed = await claimRecord(client, key, voucher.title);
      await noteFacts(client, claimed.id, voucherFacts(voucher));
      const other =
        voucher.location === undefined
          ? undefined
          : await claimFeed(client, ctx.tenantId, voucher.location, voucher.date, voucher.source);
      return { record: claimed, owner: other };
    });
    try {
      if (owner !== undefined)
        throw new NeedsAttentionError(
          `${voucher.date} of location “${voucher.location ?? ''}” is already booked from another input (${owner.system}, connection “${owner.connection}”). A location is fed by one input only — the register's API or SIE files, never both for the same dates — so nothing was posted. Post the day from that input, or reverse its voucher in Fortnox and remove it there first.`,
          'voucher_other_input',
        );
      const done = await post(ctx, voucher, record);
      if (done.updatedAt !== record.updatedAt) await ctx.notifier.documentChanged(done);
      return done;
    } catch (error) {
      if (!isPermanent(error)) throw error; // retried; a pending key is looked for before posting again
      forgetVoucherFrame(ctx.tenantId);
      const parked = await park(ctx, record, error);
      await ctx.notifier.documentChanged(parked);
      return parked;
    }
  });
}

async function post(ctx: SinkContext, voucher: Voucher, start: SyncRecord): Promise<SyncRecord> {
  let record = start;
  const series = voucher.series ?? ctx.settings.voucherSeries;
  const rules = {
    toleranceOre: Math.round(ctx.settings.voucherTolerance * 100),
    roundingAccount: ctx.settings.roundingAccount,
  };
  const balanced = balanceVoucher(voucher, rules);
  const hash = hashOf(voucher.date, series, balanced.rows);
  const comments = `${voucher.title}`;
  let flags = voucherFlags(record);

  // An interrupted reversal is finished first (its rows are the posted voucher's, not today's data).
  if (flags.pending?.kind === 'reverse') record = await reverse(ctx, record, flags.pending, comments);
  flags = voucherFlags(record);
  const pendingPost = flags.pending?.kind === 'post' ? flags.pending : undefined;
  if (pendingPost !== undefined && pendingPost.hash !== hash) {
    // The source changed while a post was in doubt: settle the doubt first (adopt or post the old one).
    record = await postStep(ctx, record, pendingPost, comments, 'creating', postedAs(pendingPost));
    flags = voucherFlags(record);
  }
  const posted = flags.posted;
  if (posted?.hash === hash) {
    if (record.state !== 'booked') record = await settle(ctx, record, 'booked', 'voucher already in Fortnox');
    return record;
  }
  if (balanced.rows.length === 0 && posted === undefined) {
    if (record.state === 'skipped') return record;
    return settle(ctx, record, 'skipped', `nothing to post: ${voucher.title} has no amounts`);
  }
  // Checked before a correction reverses anything, so a correction never stops half-way for a fixable reason.
  const yearId = await preflightVoucher(ctx, voucher.date, series, balanced.rows);
  const revision = posted === undefined ? (flags.reversed?.length ?? 0) : posted.revision + 1;
  if (posted !== undefined) {
    await preflightVoucher(ctx, posted.date, posted.series, posted.rows);
    const reversal: PendingFlag = {
      kind: 'reverse',
      key: `${posted.key}#rev`,
      series: posted.series,
      yearId: posted.yearId,
      revision: posted.revision,
      hash: posted.hash,
      date: posted.date,
      description: `Rättelse: återföring av ${voucherName(posted)} (${posted.description})`,
      rows: reversedRows(posted.rows),
    };
    record = await reverse(ctx, record, reversal, comments);
  }
  if (balanced.rows.length === 0) return record; // corrected to nothing: the reversal is all there is
  const step: PendingFlag = {
    kind: 'post',
    key: revision === 0 ? voucher.key : `${voucher.key}#${revision}`,
    series,
    yearId,
    revision,
    hash,
    date: voucher.date,
    description: revision === 0 ? voucher.description : `${voucher.description} (rättad ${revision})`,
    rows: balanced.rows,
  };
  // A correction of a posted voucher goes ahead (it is in Fortnox already); a first posting is held in preview.
  if (posted === undefined && (await heldByPreview(ctx, voucher.source, record)))
    return holdForPreview(ctx, record, fieldsFor(step, comments), previewHash);
  return postStep(ctx, record, step, comments, 'creating', postedAs(step));
}

function postedAs(step: PendingFlag) {
  return (v: { series: string; number: number; yearId: number }, flags: ReturnType<typeof voucherFlags>) => ({
    state: 'booked' as const,
    flags: {
      ...flags,
      posted: { ...step, number: v.number, yearId: v.yearId, series: v.series },
    },
    message: `posted voucher ${voucherName(v)} (${step.key})`,
  });
}

async function reverse(ctx: SinkContext, record: SyncRecord, step: PendingFlag, comments: string): Promise<SyncRecord> {
  const waitIn = record.state === 'needs_attention' || record.state === 'creating' ? 'booked' : record.state;
  return postStep(ctx, record, step, comments, waitIn, (v, flags) => {
    const { posted, ...rest } = flags;
    const was = posted === undefined ? step.key : voucherName(posted);
    return {
      state: 'credited',
      flags: { ...rest, reversed: [...(flags.reversed ?? []), `${was} reversed by ${voucherName(v)}`] },
      message: `reversed voucher ${was} with ${voucherName(v)} (${step.key})`,
    };
  });
}

async function settle(ctx: SinkContext, record: SyncRecord, to: 'booked' | 'skipped', message: string) {
  const updated = await transitionNotified(
    ctx,
    record,
    to,
    { error: null },
    { correlationId: ctx.correlationId, message },
  );
  return updated;
}
