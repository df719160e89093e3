import type pg from 'pg';
import type { SourceRef } from '../core/documents.ts';
import type { Logger } from '../core/logger.ts';
import type { SyncSettings } from '../core/settings.ts';
import type { SyncRecord } from '../db/sync-records.repo.ts';
import type { FortnoxPort } from './fortnox-port.ts';

/** What the source system is told after each outcome (Salesforce: fields on the Account/Opportunity). */
export interface SourceNotifier {
  customerSynced(source: SourceRef, customerNumber: string): Promise<void>;
  customerFailed(source: SourceRef, message: string): Promise<void>;
  /** The document's ledger record changed (state, number, amounts, error). */
  documentChanged(record: SyncRecord): Promise<void>;
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
  /** Today in Stockholm (YYYY-MM-DD); injectable so tests control the date. */
  today: () => string;
}

export function stockholmToday(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Serialises all work on one source record across workers and dynos: a session advisory lock held
 * on a dedicated connection for the duration of `work`. Two jobs for the same Opportunity (a
 * duplicate event, create racing amend) run one after the other, never side by side.
 */
export async function withSourceLock<T>(pool: pg.Pool, source: SourceRef, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const key = `${source.system}:${source.object}:${source.id}`;
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    }
  } finally {
    client.release();
  }
}
