import type { SalesDocument } from '../core/documents.ts';
import { preflight } from '../core/preflight.ts';
import { withTransaction } from '../db/connection.ts';
import { claimRecord, linkCustomer } from '../db/ledger-claim.repo.ts';
import { findRecord, type SyncRecord, transition } from '../db/sync-records.repo.ts';
import { isPermanent, park, problemsError } from './attention.ts';
import { type SinkContext, withSourceLock } from './context.ts';
import { ensureCustomer, parkCustomer } from './customer-sync.ts';
import { amendDocument } from './document-amend.ts';
import { createdState, storeDocument } from './document-record.ts';
import type { FortnoxDocumentFields } from './fortnox-port.ts';
import { releaseUnsent } from './parking.ts';
import { documentFields, payloadHash } from './payloads.ts';
import { enabledCurrencies, forgetReferenceData, resolveArticles } from './reference-data.ts';

/**
 * Creates the Fortnox document for a won deal — exactly once per source record and tenant:
 * 1. the ledger row is claimed under a per-record lock (two workers serialise here);
 * 2. it moves to `creating` and that is committed *before* the POST;
 * 3. a record found in `creating` means an earlier attempt may have reached Fortnox: search by
 *    ExternalInvoiceReference1 (exact match) and adopt what is found instead of posting again.
 */

export const HAS_DOCUMENT = new Set(['draft', 'booked', 'sent', 'partially_paid', 'paid', 'overdue']);

export function hashFor(ctx: SinkContext, fields: FortnoxDocumentFields): string {
  // With "invoice date = today" the date changes daily without the deal changing.
  const { DocumentDate, ...rest } = fields;
  return payloadHash(ctx.settings.invoiceDate === 'today' ? rest : { DocumentDate, ...rest });
}

/** Makes Fortnox match the deal; undefined when the deal is not won and was never sent. */
export async function syncDocument(ctx: SinkContext, doc: SalesDocument): Promise<SyncRecord | undefined> {
  return withSourceLock(
    ctx.pool,
    doc.source,
    async () => {
      const key = { source: doc.source, tenantId: ctx.tenantId, kind: ctx.settings.documentKind };
      if (!doc.active) {
        // A deal that is not won gets no ledger row, and one parked before anything reached Fortnox is
        // released: there is nothing to create, and nothing to undo.
        await releaseUnsent(ctx, doc.source, 'the deal is no longer won');
        const existing = await findRecord(ctx.pool, key);
        if (existing === undefined || existing.fortnoxNumber === null) return undefined;
      }
      const record = await withTransaction(ctx.pool, (client) => claimRecord(client, key, doc.title));
      await linkCustomer(ctx.pool, record.id, doc.customer.source.id);
      const hasDocument =
        HAS_DOCUMENT.has(record.state) ||
        (record.fortnoxNumber !== null && record.state !== 'cancelled' && record.state !== 'credited');
      if (hasDocument || !doc.active) return amendDocument(ctx, doc, record);
      return createDocument(ctx, doc, record);
    },
    ctx.correlationId,
  );
}

export async function prepare(ctx: SinkContext, doc: SalesDocument): Promise<FortnoxDocumentFields> {
  const checked = preflight(doc, ctx.settings, await enabledCurrencies(ctx));
  if (checked.problems.length > 0) {
    // The customer's own record is parked too, so that fixing the Account retries this document.
    await parkCustomer(
      ctx,
      doc.customer,
      checked.problems.filter((p) => p.code.startsWith('customer_')),
    );
    throw problemsError(checked.problems);
  }
  // The customer is shared by the Account's deals and its own sync: one at a time creates or updates it.
  const customer = checked.document.customer;
  const customerNumber = await withSourceLock(
    ctx.pool,
    customer.source,
    () => ensureCustomer(ctx, customer),
    ctx.correlationId,
  );
  const fields = documentFields(checked.document, customerNumber, ctx.settings, ctx.today());
  return { ...fields, Rows: await resolveArticles(ctx, fields.Rows) };
}

export async function createDocument(ctx: SinkContext, doc: SalesDocument, start: SyncRecord): Promise<SyncRecord> {
  const kind = ctx.settings.documentKind;
  let record = start;
  try {
    if (record.state === 'creating') {
      // A replaced (credited or cancelled) predecessor carries the same reference; it is not ours to adopt.
      const found = (await ctx.fortnox.findDocumentsByReference(kind, doc.source.id)).find(
        (d) => d.DocumentNumber !== record.fortnoxNumber,
      );
      if (found) {
        ctx.logger.warn('adopting a document an earlier attempt created', { documentNumber: found.DocumentNumber });
        return await storeDocument(
          ctx,
          record,
          createdState(found),
          found,
          doc,
          '',
          `adopted ${kind} ${found.DocumentNumber} created by an earlier attempt`,
        );
      }
    }
    const fields = await prepare(ctx, doc);
    if (record.state !== 'creating') {
      if (record.state === 'skipped')
        record = await transition(
          ctx.pool,
          record,
          'pending',
          {},
          { correlationId: ctx.correlationId, message: 'deal is won again' },
        );
      record = await transition(
        ctx.pool,
        record,
        'creating',
        { error: null },
        { correlationId: ctx.correlationId, message: `creating ${kind} in Fortnox`, request: fields },
      );
    }
    const created = await ctx.fortnox.createDocument(kind, fields);
    const hash = hashFor(ctx, fields);
    // Stored before anything else can fail, so the number is never lost.
    record = await storeDocument(
      ctx,
      record,
      createdState(created),
      created,
      doc,
      hash,
      `created ${kind} ${created.DocumentNumber}`,
      fields,
    );
    if (kind === 'invoice' && ctx.settings.bookkeep && record.state === 'draft') {
      const booked = await ctx.fortnox.bookkeepInvoice(created.DocumentNumber);
      record = await storeDocument(
        ctx,
        record,
        'booked',
        booked,
        doc,
        hash,
        `bookkept invoice ${created.DocumentNumber}`,
      );
    }
    return record;
  } catch (error) {
    if (!isPermanent(error)) throw error; // retried by pg-boss; a `creating` record searches before posting again
    // Fortnox refused: perhaps an article or currency we had cached was removed; look again next time.
    forgetReferenceData(ctx.tenantId);
    const parked = await park(ctx, record, error);
    await ctx.notifier.documentChanged(parked);
    return parked;
  }
}
