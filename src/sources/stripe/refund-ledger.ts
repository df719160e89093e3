import type pg from 'pg';
import type { SourceRef } from '../../core/documents.ts';
import { findRecordsForSource } from '../../db/sync-records.repo.ts';
import { withSourceLock } from '../../sink/source-lease.ts';

/**
 * Whether a refund has its own Fortnox credit: made, or an attempt at one may have made it (a row
 * in `creating` is finished by the refund's next run), or settled by cancelling the unbooked invoice
 * (`skipped`). A refund parked before anything was sent (waiting for its invoice, too large) has none.
 *
 * A refund made first (Dashboard, API) is credited on its own; a credit note linking it later must
 * then credit only the rest, and the refund, read again, keeps its credit. Asked under the refund's
 * lease, which its own sync holds from its read to its credit: the answer cannot change until the
 * credit note is sent — a refund read after this sees the credit note (it exists: it is being read)
 * and, with no credit of its own, leaves the money to it.
 */
export async function refundCredited(pool: pg.Pool, refund: SourceRef): Promise<boolean> {
  return withSourceLock(pool, refund, async () => {
    const records = await findRecordsForSource(pool, refund);
    return records.some(
      (r) => r.kind === 'credit' && (r.fortnoxNumber !== null || r.state === 'creating' || r.state === 'skipped'),
    );
  });
}
