import { FortnoxNotFoundError, type InvoiceListItem } from '../fortnox/index.ts';
import { applySignals, type Outcome, type StatusJob, type WatchedRow } from './status-apply.ts';
import { flushDue } from './status-deps.ts';
import { readCheckpoint, saveCheckpoint, watchedInvoice, watchedInvoices } from './status-ledger.ts';
import { signalsOf } from './status-model.ts';

/**
 * One poll of one tenant: `GET /3/invoices?lastmodified=…` from the stored checkpoint, 500 per
 * page, applied to the invoices we watch. An idle cycle is exactly one request.
 *
 * - `lastmodified` has minute resolution in Stockholm time (reference §5), and our clock and
 *   Fortnox's may disagree by a little: each poll starts OVERLAP before the previous poll began.
 *   Seeing a change twice is harmless (the second sighting is 'unchanged'); missing one is not.
 * - List items lack CreditInvoiceReference. A credit shows up as a *new* invoice carrying the
 *   original's ExternalInvoiceReference1 (the reference we stored); then, and only then, the original is read
 *   in full. Everything else is decided from the list item alone.
 */

export const OVERLAP_MS = 2 * 60_000;

export interface PollResult {
  listed: number;
  watched: number;
  fullReads: number;
  outcomes: Record<Outcome, number>;
}

function creditSuspects(
  items: readonly InvoiceListItem[],
  watched: Map<string, WatchedRow>,
  bySource: Map<string, WatchedRow>,
): Set<WatchedRow> {
  const suspects = new Set<WatchedRow>();
  for (const item of items) {
    if (watched.has(item.DocumentNumber)) continue;
    const original = bySource.get(item.ExternalInvoiceReference1);
    if (original !== undefined) suspects.add(original);
  }
  return suspects;
}

export async function pollTenant(caller: StatusJob, tenantId: string, signal?: AbortSignal): Promise<PollResult> {
  const job: StatusJob = { ...caller, batch: true };
  const { deps } = job;
  const startedAt = deps.now();
  const result: PollResult = {
    listed: 0,
    watched: 0,
    fullReads: 0,
    outcomes: { changed: 0, unchanged: 0, alerted: 0, skipped: 0 },
  };
  const { rows, oldest } = await watchedInvoices(deps.pool, tenantId);
  result.watched = rows.length;
  const stored = await readCheckpoint(deps.pool, 'fortnox-poll', tenantId);
  const from = stored !== undefined ? new Date(stored) : oldest;
  if (rows.length === 0 || from === undefined) {
    // Nothing to watch: nothing to ask. A record that becomes watched later starts from its own state.
    await saveCheckpoint(deps.pool, 'fortnox-poll', tenantId, startedAt.toISOString());
    return result;
  }
  const client = deps.fortnox.client(tenantId, job.logger);
  const items: InvoiceListItem[] = [];
  for await (const item of client.invoices.list(
    { lastModified: new Date(from.getTime() - OVERLAP_MS) },
    { limit: 500, ...(signal ? { signal } : {}) },
  )) {
    items.push(item);
  }
  result.listed = items.length;

  const watched = new Map(rows.map((r) => [r.fortnoxNumber, r]));
  const bySource = new Map(rows.filter((r) => r.reference !== null).map((r) => [r.reference!, r]));
  const suspects = creditSuspects(items, watched, bySource);
  const seen = new Map(items.filter((i) => watched.has(i.DocumentNumber)).map((i) => [i.DocumentNumber, i]));
  for (const row of suspects) seen.delete(row.fortnoxNumber);

  for (const item of seen.values()) {
    result.outcomes[await applySignals(job, watched.get(item.DocumentNumber)!, signalsOf(item))]++;
  }
  for (const row of suspects) {
    const invoice = await client.invoices.get(row.fortnoxNumber, signal ? { signal } : {});
    result.fullReads++;
    result.outcomes[await applySignals(job, row, signalsOf(invoice))]++;
  }
  // Only after every change is applied: a crash above repeats this window instead of skipping it.
  await saveCheckpoint(deps.pool, 'fortnox-poll', tenantId, startedAt.toISOString());
  // One flush for the whole poll: a thousand changes leave in five composite calls, not dozens.
  if (result.outcomes.changed > 0) await flushDue(deps);
  return result;
}

/**
 * A WebSocket nudge: read the one invoice an event names (for a payment event, the payment first,
 * to learn its invoice). Invoices we do not watch cost no invoice read. A payment that is gone
 * (invoicepayment-deleted-v1) cannot name its invoice, so the tenant is polled instead.
 */
export async function readInvoice(
  job: StatusJob,
  tenantId: string,
  ref: { documentNumber?: string | undefined; paymentNumber?: string | undefined },
  signal?: AbortSignal,
): Promise<Outcome | 'not_ours' | 'polled'> {
  const { deps } = job;
  const client = deps.fortnox.client(tenantId, job.logger);
  const call = signal ? { signal } : {};
  let documentNumber = ref.documentNumber;
  if (documentNumber === undefined && ref.paymentNumber !== undefined) {
    try {
      documentNumber = (await client.invoicePayments.get(ref.paymentNumber, call)).InvoiceNumber;
    } catch (error) {
      if (!(error instanceof FortnoxNotFoundError)) throw error;
      await deps.queue.send('status.poll', { tenantId }, { singletonKey: tenantId, correlationId: job.correlationId });
      return 'polled';
    }
  }
  const row = documentNumber === undefined ? undefined : await watchedInvoice(deps.pool, tenantId, documentNumber);
  if (row === undefined) return 'not_ours';
  return applySignals(job, row, signalsOf(await client.invoices.get(row.fortnoxNumber, call)));
}
