import type { SourceRef } from '../core/documents.ts';
import { withTransaction } from '../db/connection.ts';
import { claimRecord } from '../db/ledger-claim.repo.ts';
import { noteFacts } from '../db/record-facts.repo.ts';
import type { SyncRecord } from '../db/sync-records.repo.ts';
import { isPermanent, NeedsAttentionError } from './attention.ts';
import type { SinkContext } from './context.ts';
import type { FortnoxInvoiceDetail } from './fortnox-port.ts';
import { parkMoney } from './money-parking.ts';
import { withSourceLock } from './source-lease.ts';

/** A credit's or payment's ledger row while it is worked on; `record` follows its transitions. */
export interface MoneyState {
  record: SyncRecord;
}

/**
 * The frame a credit or payment is sent in. Work is serialised on the original document's lease, so
 * two refunds or payments of one order never race for its invoice; the ledger row is claimed before
 * anything is sent; a permanent failure parks the row with its plain message, and anything else is
 * retried — the row then found in `creating` looks for what the interrupted attempt made.
 */
export async function withMoneyRecord(
  ctx: SinkContext,
  target: {
    original: SourceRef;
    source: SourceRef;
    kind: 'credit' | 'payment';
    label: string;
    /** What the console shows of it (number, amount), noted with the claim. */
    facts: Parameters<typeof noteFacts>[2];
  },
  work: (state: MoneyState) => Promise<SyncRecord>,
): Promise<SyncRecord> {
  return withSourceLock(ctx.pool, target.original, async () => {
    const key = { source: target.source, tenantId: ctx.tenantId, kind: target.kind };
    const claimed = await withTransaction(ctx.pool, async (c) => {
      const record = await claimRecord(c, key, target.label);
      await noteFacts(c, record.id, target.facts);
      return record;
    });
    const state = { record: claimed };
    try {
      return await work(state);
    } catch (error) {
      if (!isPermanent(error)) throw error;
      return parkMoney(ctx, state.record, error);
    }
  });
}

/** The invoice money is sent against, as it is now; gone or cancelled is said with what cannot be done. */
export async function liveInvoice(
  ctx: SinkContext,
  number: string,
  cannot: { what: string; code: string },
): Promise<FortnoxInvoiceDetail> {
  const invoice = await ctx.fortnox.getInvoice(number);
  if (invoice === undefined || invoice.Cancelled) {
    throw new NeedsAttentionError(
      `Invoice ${number} ${invoice === undefined ? 'no longer exists' : 'was cancelled'} in Fortnox, so ${cannot.what}`,
      cannot.code,
    );
  }
  return invoice;
}

/**
 * True when the record was ever in `creating`: an attempt was about to send, so Fortnox may have what
 * it sent even though the record has left `creating` since (parked by a later step that failed).
 */
export async function wasSending(ctx: Pick<SinkContext, 'pool'>, record: SyncRecord): Promise<boolean> {
  const { rows } = await ctx.pool.query(
    `SELECT 1 FROM sync_events WHERE sync_record_id = $1 AND to_state = 'creating' LIMIT 1`,
    [record.id],
  );
  return rows.length > 0;
}
