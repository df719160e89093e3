import type { LedgerKind, SourceRef } from '../../core/documents.ts';
import { AppError } from '../../core/errors.ts';
import { findRecordsForSource, type SyncRecord } from '../../db/sync-records.repo.ts';
import { NeedsAttentionError } from '../../sink/attention.ts';
import type { SinkContext } from '../../sink/context.ts';
import { syncCredit } from '../../sink/credit-sync.ts';
import { originalRecord, parkMoneyBefore, waitingError } from '../../sink/money-parking.ts';
import type { ParkingContext } from '../../sink/parking.ts';
import { syncPayment, waitingForBooking } from '../../sink/payment-sync.ts';
import { withSourceLock } from '../../sink/source-lease.ts';
import type { ObjectRole, ReadContext } from '../../sources/source.ts';
import type { OpenSource } from '../../sources/source-set.ts';
import type { JobContext } from '../queue.ts';
import { type SyncServices, tenantContext } from './services.ts';
import { syncVoucherObject } from './voucher-sync.job.ts';

/**
 * `document.sync` for objects that are not sales documents: the object's role (the adapter's
 * `objects`) picks the sink. Documents keep their own path in document-sync.job.ts; each entry here
 * reads the record as it is now, under its lease, and hands the canonical Credit, Payment or Voucher
 * to its sink: one entry per role in ROLE_SYNCS.
 */

export type MoneyRole = Extract<ObjectRole, 'credit' | 'payment' | 'voucher'>;

export function isMoneyRole(role: ObjectRole): role is MoneyRole {
  return role === 'credit' || role === 'payment' || role === 'voucher';
}

export type RoleSync = (services: SyncServices, job: JobContext, source: SourceRef, open: OpenSource) => Promise<void>;

export const ROLE_SYNCS: Readonly<Record<MoneyRole, RoleSync>> = {
  credit: creditSync,
  payment: paymentSync,
  voucher: async (services, job, source, open) => {
    const words = open.adapter.objects[source.object]!.words;
    const connection = await services.sources.connection(source);
    await syncVoucherObject(services, job, source, words, open.runtime, connection);
  },
};

export async function syncByRole(
  role: MoneyRole,
  services: SyncServices,
  job: JobContext,
  source: SourceRef,
  open: OpenSource,
): Promise<void> {
  const run = () => ROLE_SYNCS[role](services, job, source, open);
  await withSourceLock(services.pool, source, run);
}

function noReader(open: OpenSource, what: string): AppError {
  return new AppError(`${open.adapter.label} declares ${what} but cannot read them`, {
    code: 'source_reader_missing',
    category: 'internal',
    retryable: false,
    userMessage: `${open.adapter.label} cannot read ${what} in this release; this is a bug and has been logged.`,
  });
}

const parkingOf = (services: SyncServices, job: JobContext): ParkingContext => ({
  pool: services.pool,
  correlationId: job.correlationId,
  notifier: services.notifier,
});

async function readContext(services: SyncServices, job: JobContext, source: SourceRef): Promise<ReadContext> {
  return { connection: await services.sources.connection(source), logger: job.logger, signal: job.signal };
}

interface MoneyTarget {
  source: SourceRef;
  kind: LedgerKind;
  label: string;
  /** The sales document it is against. */
  original: SourceRef;
  /** "refund", "payment": for messages. */
  what: string;
}

/** The tenant a record already lives in (parked earlier), so parking again never makes a second row. */
async function knownTenant(services: SyncServices, source: SourceRef, kind: LedgerKind): Promise<string | undefined> {
  return (await findRecordsForSource(services.pool, source)).find((r) => r.kind === kind)?.tenantId;
}

const ready = (r: SyncRecord | undefined): r is SyncRecord => r?.fortnoxNumber != null && r.kind === 'invoice';

/**
 * Before reading a payment whose id names its document: when that document has no invoice yet, or
 * its invoice is still a draft (a payment needs a booked one), parks it waiting and answers true —
 * the wake-up (the invoice made, or booked) reads it once. A source's quota is not spent on reads
 * whose only outcome is "wait".
 */
async function waitsForOriginal(
  services: SyncServices,
  job: JobContext,
  open: OpenSource,
  target: MoneyTarget,
): Promise<boolean> {
  const parking = parkingOf(services, job);
  const early = (r: SyncRecord | undefined) => !ready(r) || r.state === 'draft';
  if (!early(await originalRecord(parking, target.original))) return false;
  let waits = false;
  await withSourceLock(services.pool, target.original, async () => {
    const original = await originalRecord(parking, target.original);
    // A document that became a Fortnox order is said once the payment is read (its real words).
    if (original?.kind === 'order' || !early(original)) return;
    if (!ready(original)) {
      await parkWaiting(services, job, open, target, original);
    } else {
      // Registered already (or its registration in doubt): the sink decides, with the payment read.
      const own = (await findRecordsForSource(services.pool, target.source)).find((r) => r.kind === 'payment');
      if (own !== undefined && (own.fortnoxNumber !== null || own.state === 'creating')) return;
      const number = String(original.fortnoxNumber);
      const parked = await parkMoneyBefore(
        parking,
        { ...target, tenantId: original.tenantId },
        waitingForBooking(number),
        target.original,
      );
      job.logger.info('payment waits for its invoice to be booked', { reason: parked.errorCode });
    }
    waits = true;
  });
  return waits;
}

/** Finds the original's invoice and runs `work` in its tenant; parks (waiting for it) while there is none. */
async function againstOriginal(
  services: SyncServices,
  job: JobContext,
  open: OpenSource,
  target: MoneyTarget,
  work: (ctx: SinkContext, original: SyncRecord) => Promise<SyncRecord>,
): Promise<void> {
  const parking = parkingOf(services, job);
  let original = await originalRecord(parking, target.original);
  if (!ready(original)) {
    // Decided again under the original's lease, which its document sync holds while it creates the
    // invoice and then sends what waits for it: a payment parked here is always found by that send.
    await withSourceLock(services.pool, target.original, async () => {
      original = await originalRecord(parking, target.original);
      if (!ready(original)) await parkWaiting(services, job, open, target, original);
    });
    if (!ready(original)) return;
  }
  const words = open.adapter.objects[target.source.object]!.words;
  const { ctx } = await tenantContext(services, job, target.source, words, original.tenantId);
  const record = await work(ctx, original);
  if (record.state === 'needs_attention')
    job.logger.warn(`${target.what} needs attention`, { reason: record.errorCode });
  else job.logger.info(`${target.what} synced`, { state: record.state, number: record.fortnoxNumber });
}

async function parkWaiting(
  services: SyncServices,
  job: JobContext,
  open: OpenSource,
  target: MoneyTarget,
  original: SyncRecord | undefined,
): Promise<void> {
  const parking = parkingOf(services, job);
  const originalWords = open.adapter.objects[target.original.object]?.words.document ?? 'order';
  const error =
    original?.kind === 'order'
      ? new NeedsAttentionError(
          `The ${originalWords} this ${target.what} belongs to became a Fortnox order, not an invoice; a ${target.what} needs an invoice. Create the invoice from order ${original.fortnoxNumber ?? ''} in Fortnox, then retry.`,
          'original_is_order',
        )
      : waitingError(
          'waiting_for_original',
          `The ${originalWords} this ${target.what} belongs to has no Fortnox invoice yet; the ${target.what} is sent by itself once that invoice is created.`,
        );
  const tenantId = original?.tenantId ?? (await knownTenant(services, target.source, target.kind));
  const parked = await parkMoneyBefore(parking, { ...target, tenantId }, error, target.original);
  job.logger.warn(`${target.what} waits`, { reason: parked.errorCode });
}

async function parkBlocked(
  services: SyncServices,
  job: JobContext,
  source: SourceRef,
  kind: LedgerKind,
  read: { title: string; code: string; message: string },
): Promise<void> {
  const tenantId = await knownTenant(services, source, kind);
  const error = new NeedsAttentionError(read.message, read.code);
  await parkMoneyBefore(parkingOf(services, job), { source, kind, tenantId, label: read.title }, error);
  job.logger.warn(`${kind} needs attention`, { reason: read.code });
}

async function creditSync(services: SyncServices, job: JobContext, source: SourceRef, open: OpenSource): Promise<void> {
  if (open.runtime.readCredit === undefined) throw noReader(open, 'refunds');
  const read = await open.runtime.readCredit(await readContext(services, job, source), source);
  if (read.kind === 'gone') return job.logger.info('refund no longer exists; nothing to do');
  if (read.kind === 'blocked') return parkBlocked(services, job, source, 'credit', read);
  const { credit } = read;
  const target = { source, kind: 'credit' as const, label: credit.title, original: credit.original, what: 'refund' };
  await againstOriginal(services, job, open, target, (ctx, original) => syncCredit(ctx, credit, original));
}

async function paymentSync(
  services: SyncServices,
  job: JobContext,
  source: SourceRef,
  open: OpenSource,
): Promise<void> {
  if (open.runtime.readPayment === undefined) throw noReader(open, 'payments');
  const document = open.adapter.objects[source.object]?.documentOf?.(source);
  if (document !== undefined) {
    const target = {
      source,
      kind: 'payment' as const,
      label: `payment ${source.id}`,
      original: document,
      what: 'payment',
    };
    if (await waitsForOriginal(services, job, open, target)) return;
  }
  const read = await open.runtime.readPayment(await readContext(services, job, source), source);
  if (read.kind === 'gone') return job.logger.info('payment no longer exists; nothing to do');
  if (read.kind === 'blocked') return parkBlocked(services, job, source, 'payment', read);
  const { payment } = read;
  const label = `payment ${payment.reference ?? payment.source.id}`;
  const target = { source, kind: 'payment' as const, label, original: payment.document, what: 'payment' };
  await againstOriginal(services, job, open, target, (ctx, original) => syncPayment(ctx, payment, original));
}
