import type pg from 'pg';
import type { SourceRef } from '../core/documents.ts';
import type { Logger } from '../core/logger.ts';
import type { Vocabulary } from '../core/preflight.ts';
import type { SyncSettings } from '../core/settings.ts';
import type { Queryable } from '../db/connection.ts';
import type { SyncRecord } from '../db/sync-records.repo.ts';
import type { FortnoxPort } from './fortnox-port.ts';

/** Where an outcome's write-back is queued: the caller's transaction, and whether to ask for a flush now. */
export interface NotifyOptions {
  db?: Queryable;
  /** Default true; false when the caller asks for one flush after many changes (a poll). */
  flush?: boolean;
}

/** What the source system is told after each outcome (fields on the record, order notes, metadata …). */
export interface SourceNotifier {
  customerSynced(source: SourceRef, customerNumber: string, options?: NotifyOptions): Promise<void>;
  customerFailed(source: SourceRef, message: string, options?: NotifyOptions): Promise<void>;
  /** The document's ledger record changed (state, number, amounts, error). */
  documentChanged(record: SyncRecord, options?: NotifyOptions): Promise<void>;
  /** Asks for a flush of the record's connection (after a transaction that queued with `flush: false`). */
  flush(source: SourceRef): Promise<void>;
}

/** Everything one sync operation needs; built per job, so it carries the job's logger and correlation id. */
export interface SinkContext {
  pool: pg.Pool;
  fortnox: FortnoxPort;
  tenantId: string;
  settings: SyncSettings;
  logger: Logger;
  correlationId: string;
  notifier: SourceNotifier;
  /** How the source words its records in messages ("order", "customer", "line"). */
  words: Vocabulary;
  /** The ExternalInvoiceReference1 a document of this source carries (exact match on adoption). */
  reference(source: SourceRef): string;
  /** Today in Stockholm (YYYY-MM-DD); injectable so tests control the date. */
  today: () => string;
}

export function stockholmToday(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
