import type { SourceRef } from '../core/documents.ts';
import { defined } from '../core/optional.ts';
import type { Queryable } from '../db/connection.ts';
import type { SyncRecord } from '../db/sync-records.repo.ts';
import type { RequestFlush } from '../jobs/flush-requests.ts';
import type { SourceNotifier } from '../sink/context.ts';
import type { LinkSigner } from '../status/invoice-link.ts';
import { queueWriteback } from '../status/writeback-queue.ts';
import type { SourceAdapter } from './source.ts';

/**
 * The sink's and the status side's one way of telling a source about outcomes: the adapter says
 * which of its fields an outcome sets (pure), this queues them in `source_writebacks` — in the
 * caller's transaction when it passes one — and asks for a flush of that connection.
 */

export interface NotifierDeps {
  pool: Queryable;
  adapterOf(system: string): SourceAdapter | undefined;
  links: LinkSigner;
  now: () => Date;
  requestFlush: RequestFlush;
}

export function sourceNotifier(deps: NotifierDeps): SourceNotifier {
  const deliver = async (
    source: SourceRef,
    fields: Record<string, unknown> | undefined,
    options: { db?: Queryable; flush?: boolean },
  ) => {
    if (fields === undefined) return;
    await queueWriteback(options.db ?? deps.pool, source, fields as never);
    if (options.flush ?? true) await deps.requestFlush(source.system, source.connection);
  };
  const pdfUrl = (record: SyncRecord, at: Date): string | undefined =>
    record.kind === 'invoice' && record.fortnoxNumber !== null
      ? deps.links.linkFor({ tenantId: record.tenantId, documentNumber: record.fortnoxNumber }, at)
      : undefined;
  return {
    customerSynced: async (source, customerNumber, options = {}) => {
      const at = deps.now();
      const fields = deps.adapterOf(source.system)?.customerFields({ kind: 'linked', source, customerNumber, at });
      await deliver(source, fields, options);
    },
    customerFailed: async (source, message, options = {}) => {
      const at = deps.now();
      const fields = deps.adapterOf(source.system)?.customerFields({ kind: 'failed', source, message, at });
      await deliver(source, fields, options);
    },
    documentChanged: async (record, options = {}) => {
      const at = deps.now();
      const url = pdfUrl(record, at);
      const outcome = { record, at, ...defined({ pdfUrl: url }) };
      await deliver(record.source, deps.adapterOf(record.source.system)?.documentFields(outcome), options);
    },
    flush: (source) => deps.requestFlush(source.system, source.connection),
  };
}
