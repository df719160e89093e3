import type { SalesDocument } from '../core/documents.ts';
import { withTransaction } from '../db/connection.ts';
import { claimRecord, linkCustomer } from '../db/ledger-claim.repo.ts';
import { noteSourceFacts } from '../db/record-facts.repo.ts';
import { findRecord, type SyncRecord } from '../db/sync-records.repo.ts';
import type { SinkContext } from './context.ts';
import { amendDocument } from './document-amend.ts';
import { createDocument } from './document-create.ts';
import { releaseUnsent } from './parking.ts';
import { withSourceLock } from './source-lease.ts';

/**
 * The one entry of the document sink: make Fortnox match a sales document as the source has it now.
 * Work on one source record is serialised by its lease; the ledger decides whether this is a first
 * creation or an amendment (an update, a cancel, a credit).
 */

export const HAS_DOCUMENT = new Set(['draft', 'booked', 'sent', 'partially_paid', 'paid', 'overdue']);

/** Makes Fortnox match the deal; undefined when the deal is not won and was never sent. */
export async function syncDocument(ctx: SinkContext, doc: SalesDocument): Promise<SyncRecord | undefined> {
  return withSourceLock(ctx.pool, doc.source, async () => {
    const key = { source: doc.source, tenantId: ctx.tenantId, kind: ctx.settings.documentKind };
    if (!doc.active) {
      // A deal that is not won gets no ledger row, and one parked before anything reached Fortnox is
      // released: there is nothing to create, and nothing to undo.
      await releaseUnsent(ctx, doc.source, 'the deal is no longer won');
      const existing = await findRecord(ctx.pool, key);
      if (existing === undefined || existing.fortnoxNumber === null) return undefined;
    }
    const record = await withTransaction(ctx.pool, async (client) => {
      const claimed = await claimRecord(client, key, doc.title);
      await noteSourceFacts(client, claimed.id, doc);
      return claimed;
    });
    await linkCustomer(ctx.pool, record.id, doc.customer.source.id);
    const hasDocument =
      HAS_DOCUMENT.has(record.state) ||
      (record.fortnoxNumber !== null && record.state !== 'cancelled' && record.state !== 'credited');
    if (hasDocument || !doc.active) return amendDocument(ctx, doc, record);
    return createDocument(ctx, doc, record);
  });
}
