import type { PgBoss } from 'pg-boss';
import { activeTenants } from '../fortnox/auth/connections.ts';
import { commitStatus, type StatusJob, withWatched } from './status-apply.ts';
import { flushDue, type StatusDeps } from './status-deps.ts';
import { dueInvoices } from './status-ledger.ts';

/**
 * The poller's clock (aesthetics P11: a scheduled fan-out, not a loop). pg-boss cron is minute
 * granular and STATUS_POLL_INTERVAL_SECONDS may be shorter, so the interval is a self-rescheduling
 * chain: each `status.tick` fans out one `status.poll` per connected tenant and queues the next
 * tick `startAfter` the interval. Both queues are `stately` with a fixed singleton key, so however
 * many workers run there is at most one tick waiting and one poll waiting per tenant — polls never
 * pile up behind a slow tenant. A once-a-minute cron sends a tick too; while the chain is alive the
 * policy refuses it, and if the chain ever breaks (a tick dead-lettered) it restarts it.
 */

export const TICK_KEY = 'tick';

export interface TickResult {
  tenants: number;
}

export async function tick(deps: StatusDeps, correlationId: string): Promise<TickResult> {
  const tenants = await activeTenants(deps.pool);
  for (const tenantId of tenants) {
    await deps.queue.send('status.poll', { tenantId }, { singletonKey: tenantId, correlationId });
    // The safety net under the `articles` events: a job that asks Fortnox nothing unless a source wants stock.
    await deps.queue.send('stock.sync', { tenantId }, { singletonKey: tenantId, correlationId });
  }
  // Write-backs deferred after UNABLE_TO_LOCK_ROW or an API limit wait for a flush; this is their clock.
  await flushDue(deps);
  await deps.queue.send('status.tick', {}, { singletonKey: TICK_KEY, startAfter: deps.pollIntervalSeconds });
  return { tenants: tenants.length };
}

/** Starts the chain now (a no-op when one is already waiting) and installs the two crons; idempotent. */
export async function startStatusSchedules(boss: PgBoss, deps: StatusDeps): Promise<void> {
  await deps.queue.send('status.tick', {}, { singletonKey: TICK_KEY });
  await boss.schedule('status.tick', '* * * * *', {}, { singletonKey: TICK_KEY });
  // Due dates are Swedish calendar dates: run just after midnight in Stockholm.
  await boss.schedule('status.overdue', '5 0 * * *', {}, { tz: 'Europe/Stockholm', singletonKey: 'overdue' });
}

/**
 * An invoice becomes overdue when its due date passes, which changes nothing in Fortnox — no
 * `lastmodified`, no WebSocket event — so neither the poller nor the stream would ever notice.
 * A daily job (and anyone who asks) moves open invoices past their due date to `overdue` from what
 * the ledger knows; a later payment seen by the poller or the stream moves them on as usual.
 */

export interface OverdueResult {
  candidates: number;
  moved: number;
}

export async function markOverdue(caller: StatusJob, today: string): Promise<OverdueResult> {
  const job: StatusJob = { ...caller, batch: true };
  const rows = await dueInvoices(job.deps.pool, today);
  let moved = 0;
  for (const row of rows) {
    const outcome = await withWatched(job, row, async (record) => {
      // Re-checked under the lock: a payment may have landed since the query.
      const open = record.fortnoxBalance !== null && record.fortnoxBalance !== 0;
      const late = record.dueDate !== null && record.dueDate < today;
      const from = record.state === 'booked' || record.state === 'sent' || record.state === 'partially_paid';
      if (!open || !late || !from) return 'skipped';
      return commitStatus(
        job,
        record,
        'overdue',
        {},
        `due date ${record.dueDate} passed with ${record.fortnoxBalance} open (as of ${today})`,
        { dueDate: record.dueDate, today },
      );
    });
    if (outcome === 'changed') moved++;
  }
  if (moved > 0) {
    await flushDue(job.deps);
    job.logger.info('invoices became overdue', { moved, candidates: rows.length, today });
  }
  return { candidates: rows.length, moved };
}
