import type pg from 'pg';
import type { SendOptions } from 'pg-boss';
import type { LedgerKind, SourceRef } from '../core/documents.ts';
import type { SyncSettings } from '../core/settings.ts';
import { UNROUTED_TENANT } from '../db/ledger-claim.repo.ts';
import type { JobCatalog } from './catalog.ts';
import type { JobQueue } from './queue.ts';

/**
 * Retrying parked records: the one place that knows which job redoes a record, and which fixes
 * release which parked records. A fix that happens outside the source system — connecting Fortnox,
 * choosing a default company, changing a mapping — must find the records it can help, or they would
 * wait for a person to press Retry on each.
 */

/** Parked because no Fortnox company could be used: connecting (or reconnecting) one can fix them. */
export const FIXED_BY_CONNECTING = ['fortnox_not_connected', 'tenant_ambiguous', 'fortnox_connection_revoked'] as const;

/** Parked because no Fortnox company was chosen: a routing rule can fix them too. */
export const FIXED_BY_ROUTING = ['tenant_ambiguous', 'fortnox_not_connected', 'fortnox_connection_revoked'] as const;

/** Which parked reasons a changed setting can fix. */
export const FIXED_BY_SETTING: Partial<Record<keyof SyncSettings, readonly string[]>> = {
  defaultTenantId: ['fortnox_not_connected', 'tenant_ambiguous', 'fortnox_connection_revoked'],
  shareCustomers: ['customer_shared', 'customer_needs_attention'],
  defaultArticleNumber: ['line_product_code_missing', 'article_missing', 'preflight_failed'],
  missingArticle: ['article_missing', 'preflight_failed'],
  defaultVatRate: ['preflight_failed'],
  documentKind: ['preflight_failed'],
  paymentModes: ['payment_method_unmapped', 'payment_modes_invalid', 'payment_mode_unknown'],
  repeatCredit: ['credit_repeat'],
  creditUnbooked: ['waiting_for_booking'],
};

type Queue = Pick<JobQueue<JobCatalog>, 'send'>;

/**
 * Sending in the caller's open transaction (pg-boss's `db`): the job exists exactly when what asked
 * for it is committed, so a failure half-way leaves neither a changed flag with records nobody will
 * redo nor jobs for a change that did not happen.
 */
const inTransaction = (client: pg.PoolClient | undefined): Pick<SendOptions, 'db'> =>
  client === undefined
    ? {}
    : { db: { executeSql: async (text: string, values?: unknown[]) => client.query(text, values) } };

/** Enqueues the job that redoes a record: a customer's sync, or its document's. */
export async function enqueueRetry(
  queue: Queue,
  record: { source: SourceRef; kind: LedgerKind },
  correlationId: string,
  reason = 'retry',
  transaction?: pg.PoolClient,
): Promise<void> {
  const job = record.kind === 'customer' ? 'customer.sync' : 'document.sync';
  await queue.send(job, { source: record.source, reason }, { correlationId, ...inTransaction(transaction) });
}

export interface ParkedFilter {
  codes: readonly string[];
  /** Only records of these tenants (the unrouted ones always count: a tenant may be theirs now). */
  tenantIds?: readonly string[];
  /** Only records of this source connection (resuming one connection is no fix for another's). */
  source?: { system: string; connection: string };
  /** Why, for the jobs' audit trail ('reconnect', 'settings'). */
  reason?: string;
}

/**
 * Retries every record parked for one of `codes`; answers how many were queued. Given a client in a
 * transaction, the records are read and their jobs sent in it.
 */
export async function retryParked(
  pool: pg.Pool,
  queue: Queue,
  filter: ParkedFilter,
  correlationId: string,
  transaction?: pg.PoolClient,
): Promise<number> {
  if (filter.codes.length === 0) return 0;
  const tenants = filter.tenantIds === undefined ? null : [...filter.tenantIds, UNROUTED_TENANT];
  const { rows } = await (transaction ?? pool).query<{
    source_system: string;
    source_connection: string;
    source_object: string;
    source_id: string;
    kind: LedgerKind;
  }>(
    `SELECT DISTINCT source_system, source_connection, source_object, source_id,
            CASE WHEN document_kind = 'customer' THEN 'customer' ELSE 'invoice' END AS kind
       FROM sync_records
      WHERE state = 'needs_attention' AND error_code = ANY($1) AND ($2::text[] IS NULL OR tenant_id = ANY($2))
        AND ($3::text IS NULL OR (source_system = $3 AND source_connection = $4))`,
    [filter.codes, tenants, filter.source?.system ?? null, filter.source?.connection ?? null],
  );
  for (const row of rows) {
    const source = {
      system: row.source_system,
      connection: row.source_connection,
      object: row.source_object,
      id: row.source_id,
    };
    await enqueueRetry(queue, { source, kind: row.kind }, correlationId, filter.reason ?? 'fixed', transaction);
  }
  return rows.length;
}

/** After settings were saved: retry what the changed keys can fix. */
export async function retryAfterSettings(
  pool: pg.Pool,
  queue: Queue,
  changed: readonly (keyof SyncSettings)[],
  correlationId: string,
): Promise<number> {
  const codes = [...new Set(changed.flatMap((key) => FIXED_BY_SETTING[key] ?? []))];
  return retryParked(pool, queue, { codes, reason: 'settings' }, correlationId);
}
