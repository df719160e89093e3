import type { Customer, SourceRef } from '../core/documents.ts';
import { redact } from '../core/redact.ts';
import type { Queryable } from '../db/connection.ts';
import { recordEvent, type SyncRecord, transition } from '../db/sync-records.repo.ts';
import type { SinkContext } from './context.ts';
import { payloadHash } from './payloads.ts';

/**
 * Preview mode (see migration 1763800035100): a connection in preview has its records prepared but
 * not posted — invoices and orders, new customers, credits, payments and vouchers alike. The
 * payload is kept as a 'preview' event, once per distinct payload, so the record's page shows
 * exactly what going live would send. Reads (matching, the original invoice, the financial year)
 * still happen: they are what makes the preview exact. A record that may already be in Fortnox
 * (`creating`) is never held: it goes through adoption as always.
 */

export const PREVIEW_MESSAGE = 'Preview mode: this is what would be sent to Fortnox; nothing was posted.';

export async function inPreview(db: Queryable, source: Pick<SourceRef, 'system' | 'connection'>): Promise<boolean> {
  const { rows } = await db.query<{ preview: boolean }>(
    'SELECT preview FROM source_connections WHERE system = $1 AND key = $2',
    [source.system, source.connection],
  );
  return rows[0]?.preview === true;
}

/** The customer number the document would carry: the linked customer's, or a placeholder naming who would be created. */
export async function previewCustomerNumber(ctx: SinkContext, customer: Customer): Promise<string> {
  const { rows } = await ctx.pool.query<{ fortnox_number: string | null }>(
    `SELECT fortnox_number FROM sync_records WHERE document_kind = 'customer' AND source_system = $1
        AND source_connection = $2 AND source_id = $3 AND tenant_id = $4`,
    [customer.source.system, customer.source.connection, customer.source.id, ctx.tenantId],
  );
  return rows[0]?.fortnox_number ?? `(new customer “${customer.name}”, created when live)`;
}

/**
 * Whether a record is held instead of sent: its connection is in preview and nothing of it can be
 * in Fortnox yet (a `creating` record may be, so it goes through adoption as always; one with a
 * Fortnox number is amended as usual).
 */
export async function heldByPreview(
  ctx: Pick<SinkContext, 'pool'>,
  source: Pick<SourceRef, 'system' | 'connection'>,
  record: Pick<SyncRecord, 'state' | 'fortnoxNumber'>,
): Promise<boolean> {
  if (record.state === 'creating' || record.fortnoxNumber !== null) return false;
  return inPreview(ctx.pool, source);
}

/** Keys in one order: the stored preview comes back from jsonb, which orders keys its own way. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((k) => [k, canonical(object[k])]),
  );
}

/** Any payload's hash for `holdForPreview` (documents bring their own, which ignores today's date). */
export const previewHash = (_ctx: SinkContext, fields: unknown): string => payloadHash(fields);

/**
 * Keeps `fields` — exactly what would be sent: a document, a customer, a credit, a payment, a
 * voucher — as the record's preview, once per distinct payload, and leaves the record waiting.
 */
export async function holdForPreview<T>(
  ctx: SinkContext,
  start: SyncRecord,
  fields: T,
  hashFor: (ctx: SinkContext, fields: T) => string,
): Promise<SyncRecord> {
  const { rows } = await ctx.pool.query<{ request: T }>(
    `SELECT request FROM sync_events WHERE sync_record_id = $1 AND kind = 'preview' ORDER BY id DESC LIMIT 1`,
    [start.id],
  );
  let record = start;
  // A record parked (or skipped, then won again) is ready now: it waits like any other.
  if (record.state === 'needs_attention' || record.state === 'skipped')
    record = await transition(
      ctx.pool,
      record,
      'pending',
      { error: null },
      {
        correlationId: ctx.correlationId,
        message: 'ready; held by preview mode',
      },
    );
  const previous = rows[0]?.request;
  // Compared as stored: redacted, keys in one order (jsonb gives them back in an order of its own).
  const asStored = (payload: T): string => hashFor(ctx, canonical(redact(payload)) as T);
  if (previous === undefined || asStored(previous) !== asStored(fields)) {
    await recordEvent(ctx.pool, record.id, {
      kind: 'preview',
      correlationId: ctx.correlationId,
      message: PREVIEW_MESSAGE,
      request: fields,
    });
    ctx.logger.info('held by preview mode', { recordId: record.id, kind: record.kind });
  }
  return record;
}
