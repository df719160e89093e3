import type { SourceRef } from '../../core/documents.ts';
import type { Queryable } from '../../db/connection.ts';
import type { SyncRecord } from '../../db/sync-records.repo.ts';
import type { SourceNotifier } from '../../sink/context.ts';
import { ACCOUNT_FIELDS, OPPORTUNITY_FIELDS, STATUS_LABELS, SYNC_ERROR_MAX } from './fields.ts';

/**
 * Tells Salesforce about outcomes by queueing field updates in `source_writebacks`; the
 * `salesforce.writeback` job sends them in batches (writeback-flush.ts). Queueing instead of calling
 * Salesforce inline keeps sync jobs independent of Salesforce's availability and lets many changes
 * to one Opportunity collapse into one update.
 */

export type FieldValues = Record<string, string | number | null>;

export async function queueWriteback(db: Queryable, source: SourceRef, fields: FieldValues): Promise<void> {
  await db.query(
    `INSERT INTO source_writebacks (source_system, source_object, source_id, fields) VALUES ($1, $2, $3, $4)`,
    [source.system, source.object, source.id, JSON.stringify(fields)],
  );
}

function errorText(message: string | null): string | null {
  if (message === null) return null;
  return message.length <= SYNC_ERROR_MAX ? message : `${message.slice(0, SYNC_ERROR_MAX - 1)}…`;
}

/** The Opportunity fields that describe a document's ledger record. */
export function opportunityFields(record: SyncRecord, now = new Date()): FieldValues {
  const status = record.state in STATUS_LABELS ? STATUS_LABELS[record.state as keyof typeof STATUS_LABELS] : null;
  const fields: FieldValues = {
    [OPPORTUNITY_FIELDS.status]: status,
    [OPPORTUNITY_FIELDS.syncError]: errorText(record.errorMessage),
    [OPPORTUNITY_FIELDS.syncedAt]: now.toISOString(),
  };
  if (record.fortnoxNumber !== null) {
    Object.assign(fields, {
      [OPPORTUNITY_FIELDS.invoiceNumber]: record.fortnoxNumber,
      [OPPORTUNITY_FIELDS.total]: record.fortnoxTotal,
      [OPPORTUNITY_FIELDS.balance]: record.fortnoxBalance,
      [OPPORTUNITY_FIELDS.dueDate]: record.dueDate,
      [OPPORTUNITY_FIELDS.paidDate]: record.paidDate,
    });
  }
  return fields;
}

export function salesforceNotifier(db: Queryable, requestFlush: () => Promise<void>): SourceNotifier {
  const queue = async (source: SourceRef, fields: FieldValues) => {
    await queueWriteback(db, source, fields);
    await requestFlush();
  };
  return {
    customerSynced: (source, customerNumber) =>
      queue(source, { [ACCOUNT_FIELDS.customerNumber]: customerNumber, [ACCOUNT_FIELDS.syncError]: null }),
    customerFailed: (source, message) => queue(source, { [ACCOUNT_FIELDS.syncError]: errorText(message) }),
    documentChanged: (record) => queue(record.source, opportunityFields(record)),
  };
}
