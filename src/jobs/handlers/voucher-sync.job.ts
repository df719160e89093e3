import type { SourceRef } from '../../core/documents.ts';
import type { Vocabulary } from '../../core/preflight.ts';
import { NeedsAttentionError } from '../../sink/attention.ts';
import { parkBeforeDocument } from '../../sink/parking.ts';
import { syncVoucher } from '../../sink/voucher-sync.ts';
import type { SourceConnection, SourceRuntime } from '../../sources/source.ts';
import type { JobContext } from '../queue.ts';
import { routedContext, type SyncServices } from './services.ts';

/**
 * `document.sync` for objects of role 'voucher' (a closed POS day, an imported verification): read
 * the voucher as the source has it now and hand it to the voucher sink. A day that cannot be read
 * into a voucher yet (an unmapped payment method) is parked with the adapter's plain message.
 */
export async function syncVoucherObject(
  services: SyncServices,
  job: JobContext,
  source: SourceRef,
  words: Vocabulary,
  runtime: SourceRuntime,
  connection: SourceConnection,
): Promise<void> {
  if (runtime.readVoucher === undefined) throw new Error(`${source.system} has vouchers but no readVoucher`);
  const read = await runtime.readVoucher({ connection, logger: job.logger, signal: job.signal }, source);
  if (read.kind === 'gone') {
    job.logger.info('source record no longer exists; nothing to do');
    return;
  }
  const parking = { pool: services.pool, correlationId: job.correlationId, notifier: services.notifier };
  const facts = { source, country: undefined, currency: 'SEK', fields: {} };
  let routed: Awaited<ReturnType<typeof routedContext>>;
  try {
    routed = await routedContext(services, job, source, words, facts);
  } catch (error) {
    if (!(error instanceof NeedsAttentionError)) throw error;
    const title = read.kind === 'voucher' ? read.voucher.title : read.title;
    await parkBeforeDocument(parking, { source, kind: 'voucher', tenantId: undefined, label: title }, error);
    return;
  }
  if (read.kind === 'blocked') {
    const target = { source, kind: 'voucher' as const, tenantId: routed.ctx.tenantId, label: read.title };
    await parkBeforeDocument(parking, target, new NeedsAttentionError(read.message, read.code));
    job.logger.warn('voucher needs attention', { reason: read.code });
    return;
  }
  const record = await syncVoucher(routed.ctx, read.voucher);
  if (record.state === 'needs_attention') job.logger.warn('voucher needs attention', { reason: record.errorCode });
  else job.logger.info('voucher synced', { state: record.state, voucher: record.fortnoxNumber });
}
