import type { SalesDocument } from '../core/documents.ts';
import { type SyncRecord, transition } from '../db/sync-records.repo.ts';
import { isPermanent, NeedsAttentionError, park } from './attention.ts';
import type { SinkContext } from './context.ts';
import { bookkeepIfWanted, createDocument } from './document-create.ts';
import { hashFor, prepare } from './document-prepare.ts';
import { createdState, storeDocument } from './document-record.ts';
import type { FortnoxDocumentFields, FortnoxDocumentRecord } from './fortnox-port.ts';
import { TOTAL_HELD, totalHold } from './total-hold.ts';

/**
 * A deal that already has a Fortnox document changed, or left the won stages. Drafts are updated
 * in place; booked invoices cannot be changed in Fortnox, so they are credited and invoiced again,
 * or handed to a person — by setting. Fortnox is read first: finance may have booked the draft
 * since we last looked.
 */

/** States whose document is as we left it unless the status side says otherwise. */
const UNCHANGED_SKIPS_READ = new Set(['draft', 'booked', 'sent', 'partially_paid', 'paid', 'overdue']);

function label(ctx: SinkContext): string {
  return ctx.settings.documentKind === 'order' ? 'order' : 'invoice';
}

async function current(ctx: SinkContext, record: SyncRecord): Promise<FortnoxDocumentRecord> {
  const found = await ctx.fortnox.getDocument(ctx.settings.documentKind, record.fortnoxNumber!);
  if (!found)
    throw new NeedsAttentionError(
      `${label(ctx)} ${record.fortnoxNumber} no longer exists in Fortnox. Press retry to create a new one.`,
      'document_missing',
    );
  return found;
}

async function undo(
  ctx: SinkContext,
  doc: SalesDocument,
  record: SyncRecord,
  live: FortnoxDocumentRecord,
): Promise<SyncRecord> {
  const number = live.DocumentNumber;
  if (live.Cancelled || record.state === 'cancelled' || record.state === 'credited') return record;
  if (!live.Booked) {
    if (ctx.settings.onUnwon === 'needs_attention') {
      throw new NeedsAttentionError(
        `The deal is no longer won, but ${label(ctx)} ${number} is still a draft in Fortnox. Cancel it in Fortnox, or move the deal back to won.`,
        'unwon_draft',
      );
    }
    const cancelled = await ctx.fortnox.cancelDocument(ctx.settings.documentKind, number);
    return storeDocument(
      ctx,
      record,
      'cancelled',
      cancelled,
      doc,
      record.sourceHash ?? '',
      `cancelled ${label(ctx)} ${number}: the deal left the won stages`,
    );
  }
  if (ctx.settings.onUnwon !== 'cancel_or_credit' || ctx.settings.documentKind !== 'invoice') {
    throw new NeedsAttentionError(
      `The deal is no longer won, but invoice ${number} is already booked in Fortnox. Credit it in Fortnox if the deal is lost.`,
      'unwon_booked',
    );
  }
  const credited = await ctx.fortnox.creditInvoice(number);
  return storeDocument(
    ctx,
    record,
    'credited',
    credited,
    doc,
    record.sourceHash ?? '',
    `credited invoice ${number} (credit invoice ${credited.CreditInvoiceReference ?? '?'}): the deal left the won stages`,
  );
}

export async function amendDocument(ctx: SinkContext, doc: SalesDocument, start: SyncRecord): Promise<SyncRecord> {
  let record = start;
  try {
    if (record.fortnoxNumber === null) return doc.active ? await createDocument(ctx, doc, record) : record;
    let prepared: FortnoxDocumentFields | undefined;
    if (doc.active && UNCHANGED_SKIPS_READ.has(record.state)) {
      // The source sends many events for one unchanged record (a paid subscription invoice: finalized, paid,
      // payment succeeded, our own metadata). Nothing to send needs no look at Fortnox: what finance
      // does there reaches the ledger through the status side, and the next real change reads it.
      prepared = await prepare(ctx, doc);
      if (hashFor(ctx, prepared) === record.sourceHash) return record;
    }
    const live = await current(ctx, record);
    if (!doc.active) return await undo(ctx, doc, record, live);
    if (record.state === 'cancelled' || record.state === 'credited' || live.Cancelled)
      return await createDocument(ctx, doc, record);

    const fields = prepared ?? (await prepare(ctx, doc));
    const hash = hashFor(ctx, fields);
    const wasHeld = record.state === 'needs_attention' && record.errorCode === TOTAL_HELD;
    const back = wasHeld
      ? createdState(live)
      : record.state === 'needs_attention'
        ? (record.previousState ?? createdState(live))
        : record.state;
    if (hash === record.sourceHash && wasHeld) {
      // Held for its total: released only once Fortnox's total agrees (finance corrected the rows).
      const still = totalHold(doc, live);
      if (still !== undefined) throw still;
      const released = await transition(
        ctx.pool,
        record,
        back,
        { error: null, fortnoxTotal: live.Total },
        { correlationId: ctx.correlationId, message: 'the Fortnox total now agrees with the source' },
      );
      await ctx.notifier.documentChanged(released);
      return await bookkeepIfWanted(ctx, released, doc, hash);
    }
    if (hash === record.sourceHash) {
      // Nothing to send; a retried needs_attention record just returns to where it was.
      return back === record.state
        ? record
        : await transition(
            ctx.pool,
            record,
            back,
            { error: null },
            { correlationId: ctx.correlationId, message: 'no change to send' },
          );
    }
    if (!live.Booked) {
      const updated = await ctx.fortnox.updateDocument(ctx.settings.documentKind, live.DocumentNumber, fields);
      record = await storeDocument(
        ctx,
        record,
        createdState(updated),
        updated,
        doc,
        hash,
        `updated ${label(ctx)} ${live.DocumentNumber}`,
        fields,
      );
      const held = totalHold(doc, updated);
      if (held !== undefined) throw held;
      return wasHeld ? await bookkeepIfWanted(ctx, record, doc, hash) : record;
    }
    if (ctx.settings.onBookedChange !== 'credit_and_reinvoice' || ctx.settings.documentKind !== 'invoice') {
      throw new NeedsAttentionError(
        `Invoice ${live.DocumentNumber} is already booked in Fortnox, so the change to the deal was not applied. Credit the invoice in Fortnox and press retry, or allow "credit and re-invoice" in the dashboard.`,
        'booked_changed',
      );
    }
    const credited = await ctx.fortnox.creditInvoice(live.DocumentNumber);
    record = await storeDocument(
      ctx,
      record,
      'credited',
      credited,
      doc,
      record.sourceHash ?? '',
      `credited invoice ${live.DocumentNumber} to re-invoice the changed deal`,
    );
    return await createDocument(ctx, doc, record);
  } catch (error) {
    if (!isPermanent(error)) throw error;
    const parked = await park(ctx, record, error);
    await ctx.notifier.documentChanged(parked);
    return parked;
  }
}
