import { redact } from '../../core/redact.ts';
import type { Queryable } from '../../db/connection.ts';
import type { ConsoleRecord } from '../../db/console-records.repo.ts';

/** One record's history: its audit trail (sync_events) and the jobs that worked on it (pg-boss). */

export interface TimelineEvent {
  at: Date;
  correlationId: string;
  kind: string;
  fromState: string | null;
  toState: string | null;
  message: string | null;
  /** What was sent and what came back, redacted again on the way out (stored redacted too). */
  request: unknown;
  response: unknown;
}

export interface JobAttempt {
  id: string;
  name: string;
  state: string;
  retries: number;
  retryLimit: number;
  createdAt: Date;
  completedAt: Date | null;
  correlationId: string | null;
  reason: string | null;
  /** The failure's message, if the job failed (never its stack). */
  error: string | null;
}

export const TIMELINE_LIMIT = 200;

export async function timeline(db: Queryable, recordId: number): Promise<TimelineEvent[]> {
  const { rows } = await db.query<{
    created_at: Date;
    correlation_id: string;
    kind: string;
    from_state: string | null;
    to_state: string | null;
    message: string | null;
    request: unknown;
    response: unknown;
  }>(
    `SELECT created_at, correlation_id, kind, from_state, to_state, message, request, response
       FROM (SELECT * FROM sync_events WHERE sync_record_id = $1 ORDER BY id DESC LIMIT $2) latest ORDER BY id`,
    [recordId, TIMELINE_LIMIT],
  );
  return rows.map((r) => ({
    at: r.created_at,
    correlationId: r.correlation_id,
    kind: r.kind,
    fromState: r.from_state,
    toState: r.to_state,
    message: r.message === null ? null : (redact(r.message) as string),
    request: r.request === null ? undefined : redact(r.request),
    response: r.response === null ? undefined : redact(r.response),
  }));
}

const errorText = (output: unknown): string | null => {
  if (typeof output !== 'object' || output === null) return null;
  const message = (output as { message?: unknown }).message;
  return typeof message === 'string' ? (redact(message) as string).slice(0, 500) : null;
};

/** The jobs of the last days that carried this record's reference, newest first. */
export async function jobAttempts(
  db: Queryable,
  r: Pick<ConsoleRecord, 'system' | 'connection' | 'object' | 'sourceId' | 'kind'>,
): Promise<JobAttempt[]> {
  const name = r.kind === 'customer' ? 'customer.sync' : 'document.sync';
  const source = { system: r.system, connection: r.connection, object: r.object, id: r.sourceId };
  const { rows } = await db.query<{
    id: string;
    name: string;
    state: string;
    retry_count: number;
    retry_limit: number;
    created_on: Date;
    completed_on: Date | null;
    data: { correlationId?: unknown; reason?: unknown } | null;
    output: unknown;
  }>(
    `SELECT id, name, state::text AS state, retry_count, retry_limit, created_on, completed_on, data, output
       FROM pgboss.job WHERE name = $1 AND data->'source'->>'id' = $3 AND data @> jsonb_build_object('source', $2::jsonb)
      ORDER BY created_on DESC LIMIT 20`,
    // By id first (src/jobs/job-indexes.ts), then the whole reference: an id alone may repeat across sources.
    [name, JSON.stringify(source), source.id],
  );
  return rows.map((j) => ({
    id: j.id,
    name: j.name,
    state: j.state,
    retries: j.retry_count,
    retryLimit: j.retry_limit,
    createdAt: j.created_on,
    completedAt: j.completed_on,
    correlationId: typeof j.data?.correlationId === 'string' ? j.data.correlationId : null,
    reason: typeof j.data?.reason === 'string' ? j.data.reason : null,
    error: j.state === 'failed' || j.state === 'retry' ? errorText(j.output) : null,
  }));
}

/** The Fortnox customer number a document's customer record is linked to, in the document's company. */
export async function linkedCustomerNumber(db: Queryable, recordId: number): Promise<string | null> {
  const { rows } = await db.query<{ fortnox_number: string | null }>(
    `SELECT c.fortnox_number FROM sync_records d JOIN sync_records c
        ON c.document_kind = 'customer' AND c.source_system = d.source_system
       AND c.source_connection = d.source_connection AND c.tenant_id = d.tenant_id AND c.source_id = d.customer_source_id
      WHERE d.id = $1`,
    [recordId],
  );
  return rows[0]?.fortnox_number ?? null;
}
