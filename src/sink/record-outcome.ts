import type { SyncState } from '../core/sync-state.ts';
import { withTransaction } from '../db/connection.ts';
import { type AuditEntry, type RecordUpdate, type SyncRecord, transition } from '../db/sync-records.repo.ts';
import type { SinkContext } from './context.ts';

/**
 * A ledger record's change and the source's write-back of it, in one transaction, then a flush.
 * Apart, a crash (or Postgres going away) between the two keeps the new state but loses the
 * write-back: the retry finds the record already up to date and the source never learns the
 * invoice number. `notify: false` moves the record without telling the source (flags only).
 */
export async function transitionNotified(
  ctx: SinkContext,
  record: SyncRecord,
  to: SyncState,
  update: RecordUpdate,
  audit: AuditEntry,
  notify = true,
): Promise<SyncRecord> {
  const updated = await withTransaction(ctx.pool, async (db) => {
    const moved = await transition(db, record, to, update, audit);
    if (notify) await ctx.notifier.documentChanged(moved, { db, flush: false });
    return moved;
  });
  if (notify) await ctx.notifier.flush(updated.source);
  return updated;
}
