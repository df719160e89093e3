import type { SalesDocument } from '../core/documents.ts';
import type { SyncRecord } from '../db/sync-records.repo.ts';
import { isPermanent, park } from './attention.ts';
import type { SinkContext } from './context.ts';
import { hashFor, prepare } from './document-prepare.ts';
import { beginSending, createdState, storeDocument } from './document-record.ts';
import type { FortnoxDocumentFields } from './fortnox-port.ts';
import { holdForPreview, inPreview } from './preview.ts';
import { forgetReferenceData } from './reference-data.ts';
import { totalHold } from './total-hold.ts';

/**
 * Creates the Fortnox document for a won deal — exactly once per source record and tenant:
 * 1. the ledger row is claimed under a per-record lock (two workers serialise here);
 * 2. it moves to `creating` and that is committed *before* the POST;
 * 3. a record found in `creating` means an earlier attempt may have reached Fortnox: search by
 *    ExternalInvoiceReference1 (exact match) and adopt what is found instead of posting again.
 */

/** The hash of what the interrupted attempt sent, so an adopted document is not "changed" at once. */
async function sentHash(ctx: SinkContext, record: SyncRecord): Promise<string> {
  const { rows } = await ctx.pool.query<{ request: FortnoxDocumentFields }>(
    `SELECT request FROM sync_events WHERE sync_record_id = $1 AND to_state = 'creating' AND request IS NOT NULL
      ORDER BY id DESC LIMIT 1`,
    [record.id],
  );
  const sent = rows[0]?.request;
  return sent === undefined ? '' : hashFor(ctx, sent);
}

/** Books a fresh draft invoice when the tenant books invoices at once. */
export async function bookkeepIfWanted(
  ctx: SinkContext,
  record: SyncRecord,
  doc: SalesDocument,
  hash: string,
): Promise<SyncRecord> {
  if (ctx.settings.documentKind !== 'invoice' || !ctx.settings.bookkeep || record.state !== 'draft') return record;
  const number = record.fortnoxNumber!;
  const booked = await ctx.fortnox.bookkeepInvoice(number);
  return storeDocument(ctx, record, 'booked', booked, doc, hash, `bookkept invoice ${number}`);
}

export async function createDocument(ctx: SinkContext, doc: SalesDocument, start: SyncRecord): Promise<SyncRecord> {
  // Credited (or, as a draft, cancelled) for the source's own refunds (credit-record.ts): the invoice still
  // stands for the document and its credits are the refunds', so a later change must not invoice it again.
  if ((start.state === 'credited' || start.state === 'cancelled') && start.flags.creditedByRefund === true) {
    ctx.logger.info('invoice was credited by refunds; the document keeps it', { documentNumber: start.fortnoxNumber });
    return start;
  }
  const kind = ctx.settings.documentKind;
  let record = start;
  try {
    if (record.state === 'creating') {
      // A replaced (credited or cancelled) predecessor carries the same reference; it is not ours to adopt.
      const found = (await ctx.fortnox.findDocumentsByReference(kind, ctx.reference(doc.source))).find(
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
          await sentHash(ctx, record),
          `adopted ${kind} ${found.DocumentNumber} created by an earlier attempt`,
        );
      }
    }
    const preview = record.state !== 'creating' && (await inPreview(ctx.pool, doc.source));
    const fields = await prepare(ctx, doc, { preview });
    if (preview) return await holdForPreview(ctx, record, fields, hashFor);
    if (record.state !== 'creating') {
      record = await beginSending(
        ctx,
        record,
        'creating',
        { error: null },
        { message: `creating ${kind} in Fortnox`, request: fields },
        'deal is won again',
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
    // Checked on what Fortnox computed, before booking: a held document stays an unbooked draft.
    const held = totalHold(doc, created);
    if (held !== undefined) {
      const parked = await park(ctx, record, held);
      await ctx.notifier.documentChanged(parked);
      return parked;
    }
    return await bookkeepIfWanted(ctx, record, doc, hash);
  } catch (error) {
    if (!isPermanent(error)) throw error; // retried by pg-boss; a `creating` record searches before posting again
    // Fortnox refused: perhaps an article or currency we had cached was removed; look again next time.
    forgetReferenceData(ctx.tenantId);
    const parked = await park(ctx, record, error);
    await ctx.notifier.documentChanged(parked);
    return parked;
  }
}
