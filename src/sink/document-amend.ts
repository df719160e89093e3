import type { SalesDocument } from '../core/documents.ts';
import { type SyncRecord, transition } from '../db/sync-records.repo.ts';
import { isPermanent, NeedsAttentionError, park } from './attention.ts';
import type { SinkContext } from './context.ts';
import { createDocument } from './document-create.ts';
import { hashFor, prepare } from './document-prepare.ts';
import { createdState, storeDocument } from './document-record.ts';
import type { FortnoxDocumentRecord } from './fortnox-port.ts';

/**
 * A deal that already has a Fortnox document changed, or left the won stages. Drafts are updated
 * in place; booked invoices cannot be changed in Fortnox, so they are credited and invoiced again,
 * or handed to a person — by setting. Fortnox is read first: finance may have booked the draft
 * since we last looked.
 */

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
    const live = await current(ctx, record);
    if (!doc.active) return await undo(ctx, doc, record, live);
    if (record.state === 'cancelled' || record.state === 'credited' || live.Cancelled)
      return await createDocument(ctx, doc, record);

    const fields = await prepare(ctx, doc);
    const hash = hashFor(ctx, fields);
    const back = record.state === 'needs_attention' ? (record.previousState ?? createdState(live)) : record.state;
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
      return await storeDocument(
        ctx,
        record,
        createdState(updated),
        updated,
        doc,
        hash,
        `updated ${label(ctx)} ${live.DocumentNumber}`,
        fields,
      );
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
