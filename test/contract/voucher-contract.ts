import { silentLogger } from '../../src/core/logger.ts';
import { documentSyncHandler } from '../../src/jobs/handlers/document-sync.job.ts';
import type { SyncServices } from '../../src/jobs/handlers/services.ts';
import { fortnoxPort } from '../../src/sink/fortnox-adapter.ts';
import type { SourceAdapter, SourceServices } from '../../src/sources/source.ts';
import { openSources } from '../../src/sources/source-set.ts';
import type { VoucherWorld } from '../sink/voucher-helpers.ts';

/**
 * What the voucher contract asks of a source whose records are journal entries (a POS day, an SIE
 * verification): the same scenarios for each, driven through the real `document.sync` handler.
 */
export type Rec = Record<string, unknown>;

export interface VoucherContractWorld {
  /** A record that will become one voucher, not ready yet (the day still open, the file not imported). */
  prepare(): Promise<string>;
  /** Makes it ready (closes the day, imports the file) and runs what the source queues. */
  trigger(id: string): Promise<void>;
  /** The same notification again (a repeated poll, the same file imported again). */
  duplicate(id: string): Promise<void>;
  /** A late change to the record (a refund on a closed day, a re-exported file), handled. */
  change(id: string): Promise<void>;
  /** A record the pre-flight or mapping refuses: its id and a phrase the message must hold. */
  bad(): Promise<{ id: string; says: string }>;
  /** Vouchers in Fortnox carrying this record's key (first line of Comments), oldest first. */
  vouchers(id: string): Rec[];
  attention(id: string): Promise<string>;
  stop(): Promise<void>;
}

export interface VoucherContractFixture {
  system: string;
  start(): Promise<VoucherContractWorld>;
}

/** `document.sync` as the worker runs it, over the world's Fortnox emulator and the given adapters. */
export function syncRunner(w: VoucherWorld, services: SourceServices, adapters: readonly SourceAdapter[]) {
  const fortnox = w.h.fortnox();
  const sync: SyncServices = {
    pool: w.h.db.pool,
    logger: silentLogger,
    queue: services.queue,
    fortnoxFor: (tenantId, _logger, signal) => fortnoxPort(fortnox.client(tenantId), signal),
    notifier: w.ctx().notifier,
    sources: openSources(services, adapters),
  };
  const handler = documentSyncHandler(sync);
  let n = 0;
  return (source: { system: string; connection: string; object: string; id: string }) =>
    handler(
      { source },
      {
        jobId: `job-${++n}`,
        attempt: 1,
        correlationId: `contract-${n}`,
        logger: silentLogger,
        signal: new AbortController().signal,
      },
    );
}

export function keyed(w: VoucherWorld, key: string): Rec[] {
  return w.vouchers().filter((v) => {
    const first = String(v.Comments).split('\n')[0] ?? '';
    return first === `fortnox-sync ${key}` || first.startsWith(`fortnox-sync ${key}#`);
  });
}

export async function ledgerMessage(w: VoucherWorld, system: string, id: string): Promise<string> {
  const { rows } = await w.h.db.pool.query<{ error_message: string | null }>(
    `SELECT error_message FROM sync_records WHERE source_system = $1 AND source_id = $2 AND document_kind = 'voucher'`,
    [system, id],
  );
  return rows[0]?.error_message ?? '';
}
