import type { SourceRef } from '../core/documents.ts';
import type { Logger } from '../core/logger.ts';
import { canTransition, type SyncState, WATCHED_STATES } from '../core/sync-state.ts';
import { withTransaction } from '../db/connection.ts';
import { getRecord, type RecordUpdate, recordEvent, type SyncRecord, transition } from '../db/sync-records.repo.ts';
import { retryWaiting } from '../jobs/waiting-records.ts';
import { withSourceLock } from '../sink/source-lease.ts';
import type { StatusDeps } from './status-deps.ts';
import { type InvoiceSignals, readInvoiceStatus } from './status-model.ts';

/**
 * Applies what Fortnox says about one invoice to its ledger record, the one way every status path
 * (poller, WebSocket nudge, overdue job) changes a record: under the record's lease (the
 * sync engine may be amending it), through `transition()` (the state table), with the write-back
 * queued in the same transaction. A reading that maps to no state, or a move the table forbids,
 * is an alert — logged at error and written to the audit trail — and the record keeps its state.
 */

export type Outcome = 'changed' | 'unchanged' | 'alerted' | 'skipped';

export interface StatusJob {
  deps: StatusDeps;
  logger: Logger;
  correlationId: string;
  /** Which path saw the change, for the audit trail. */
  via: 'poll' | 'websocket' | 'overdue';
  /** The caller asks for one flush after many changes (a poll, the overdue run) instead of one per change. */
  batch?: boolean;
}

/** A watched ledger row as the status queries return it: enough to lock and re-read it. */
export interface WatchedRow {
  id: number;
  source: SourceRef;
  fortnoxNumber: string;
  /** The ExternalInvoiceReference1 the invoice carries (a credit invoice carries it too). */
  reference: string | null;
}

const WATCHED = new Set<SyncState>(WATCHED_STATES);

async function alert(job: StatusJob, record: SyncRecord, reason: string, seen: unknown): Promise<Outcome> {
  job.logger.error('fortnox invoice status alert; record keeps its state', {
    recordId: record.id,
    documentNumber: record.fortnoxNumber,
    state: record.state,
    reason,
  });
  await recordEvent(job.deps.pool, record.id, {
    correlationId: job.correlationId,
    kind: 'alert',
    message: `status alert (${job.via}): ${reason}`,
    response: seen,
  });
  return 'alerted';
}

const same = (a: number | string | null, b: number | string | null | undefined): boolean => b === undefined || a === b;

function unchanged(record: SyncRecord, update: RecordUpdate): boolean {
  return (
    same(record.fortnoxTotal, update.fortnoxTotal) &&
    same(record.fortnoxBalance, update.fortnoxBalance) &&
    same(record.dueDate, update.dueDate) &&
    same(record.paidDate, update.paidDate)
  );
}

/** Moves `record` (already locked and re-read) to `to`; queues the write-back only when something changed. */
export async function commitStatus(
  job: StatusJob,
  record: SyncRecord,
  to: SyncState,
  update: RecordUpdate,
  message: string,
  seen: unknown,
): Promise<Outcome> {
  if (to === record.state && unchanged(record, update)) return 'unchanged';
  if (!canTransition(record.state, to))
    return alert(job, record, `Fortnox says ${to}, but a record in ${record.state} may not move there`, seen);
  const { deps } = job;
  await withTransaction(deps.pool, async (client) => {
    const updated = await transition(
      client,
      record,
      to,
      { ...update, synced: true },
      { correlationId: job.correlationId, message: `${job.via}: ${message}`, response: seen },
    );
    // Queued in the transaction of the state change: a crash keeps both or neither.
    await deps.notifier.documentChanged(updated, { db: client, flush: false });
    // A payment or credit waiting for this invoice to be booked is tried again (it parks again if still
    // early) — queued in this transaction too: sent after the commit, a crash in between left it waiting
    // for good, since the re-run finds the state already applied.
    if (to !== record.state)
      await retryWaiting(deps.pool, deps.queue, record.source, job.correlationId, undefined, client);
  });
  if (job.batch !== true) await deps.requestFlush(record.source.system, record.source.connection);
  job.logger.info('invoice status changed', {
    recordId: record.id,
    documentNumber: record.fortnoxNumber,
    from: record.state,
    to,
  });
  return 'changed';
}

/** Runs `work` on the current version of a watched record, under its lock; 'skipped' if it is no longer watched. */
export async function withWatched(
  job: StatusJob,
  row: WatchedRow,
  work: (record: SyncRecord) => Promise<Outcome>,
): Promise<Outcome> {
  return withSourceLock(job.deps.pool, row.source, async () => {
    const record = await getRecord(job.deps.pool, row.id);
    if (record === undefined || !WATCHED.has(record.state) || record.fortnoxNumber !== row.fortnoxNumber)
      return 'skipped';
    return work(record);
  });
}

/** Fortnox's view of one invoice → the record's state, amounts and dates. */
export async function applySignals(job: StatusJob, row: WatchedRow, signals: InvoiceSignals): Promise<Outcome> {
  return withWatched(job, row, async (record) => {
    const reading = readInvoiceStatus(signals, job.deps.today());
    if (reading.kind === 'unmapped') return alert(job, record, reading.reason, signals);
    const update: RecordUpdate = {
      fortnoxTotal: signals.total,
      fortnoxBalance: signals.balance,
      dueDate: signals.dueDate,
      paidDate: signals.finalPayDate,
    };
    return commitStatus(job, record, reading.status, update, reading.because, signals);
  });
}
