import type pg from 'pg';
import { AppError } from '../../core/errors.ts';
import { canTransition } from '../../core/sync-state.ts';
import { withTransaction } from '../../db/connection.ts';
import { COLUMNS, fromRow, type Row, type SyncRecord, transition } from '../../db/sync-records.repo.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { enqueueRetry } from '../../jobs/retry-records.ts';
import { objectWord } from './links.ts';

/**
 * What a person can do to one record from its page. Each writes an audit row on the record naming
 * who did it and why; the web process only changes the ledger and enqueues — the worker does the work.
 */

type Deps = { pool: pg.Pool; queue: Pick<JobQueue<JobCatalog>, 'send'> };

const refused = (message: string, code = 'action_refused'): AppError =>
  new AppError(message, { code, category: 'validation', retryable: false, userMessage: message });

async function locked(client: pg.PoolClient, id: number): Promise<SyncRecord> {
  const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM sync_records WHERE id = $1 FOR UPDATE`, [id]);
  if (rows[0] === undefined)
    throw new AppError(`No sync record ${id}`, {
      code: 'not_found',
      category: 'not_found',
      retryable: false,
      userMessage: `There is no record ${id}; it may have been merged into another. Search for it on Records.`,
    });
  return fromRow(rows[0]);
}

const named = (r: SyncRecord): string =>
  `The ${objectWord(r.source.system, r.source.object)} ${r.label ? `“${r.label}”` : r.source.id}`;

/** Marks a record as deliberately not synced; a later change in the source that wants a document still sends it. */
export async function skipRecord(deps: Deps, id: number, reason: string, actor: string, correlationId: string) {
  const why = reason.trim().slice(0, 300);
  if (why === '') throw refused('Say why the record is skipped, so whoever looks at it later knows.');
  return withTransaction(deps.pool, async (client) => {
    const record = await locked(client, id);
    if (record.state === 'skipped') return `${named(record)} was already skipped.`;
    if (!canTransition(record.state, 'skipped'))
      throw refused(
        `${named(record)} already has a Fortnox document (${record.state.replace(/_/g, ' ')}); skipping applies only to records that are waiting or need attention. Cancel or credit it in Fortnox instead.`,
      );
    await transition(
      client,
      record,
      'skipped',
      { error: null },
      { correlationId, message: `skipped by ${actor}: ${why}` },
    );
    return `${named(record)} is skipped: ${why}`;
  });
}

/** Fortnox customer numbers are short codes of letters and digits (the API's CustomerNumber). */
const CUSTOMER_NUMBER = /^[A-Za-z0-9_-]{1,20}$/;

/**
 * Points a record's customer at another Fortnox customer (one the finance team already has), then
 * syncs it again: the customer sync matches by the stored number first, and the document follows.
 */
export async function relinkCustomer(
  deps: Deps,
  id: number,
  customerNumber: string,
  actor: string,
  correlationId: string,
): Promise<string> {
  const number = customerNumber.trim();
  if (!CUSTOMER_NUMBER.test(number))
    throw refused(`“${number.slice(0, 40)}” is not a Fortnox customer number (letters and digits, e.g. 1042).`);
  const { record, customer } = await withTransaction(deps.pool, async (client) => {
    const record = await locked(client, id);
    const target =
      record.kind === 'customer'
        ? record
        : await customerOf(client, record).then((c) => {
            if (c === undefined)
              throw refused(`${named(record)} has no customer record yet; retry it first, then re-link its customer.`);
            return c;
          });
    await transition(
      client,
      target,
      target.state,
      { fortnoxNumber: number, sourceHash: null },
      {
        correlationId,
        message: `re-linked by ${actor} from Fortnox customer ${target.fortnoxNumber ?? '(none)'} to ${number}`,
      },
    );
    return { record, customer: target };
  });
  // A document's sync ensures its customer first, so retrying the document redoes both.
  await enqueueRetry(deps.queue, record, correlationId, 'relink');
  return `${named(customer)} now points at Fortnox customer ${number}; it is synced again in a moment, and its documents follow.`;
}

async function customerOf(client: pg.PoolClient, record: SyncRecord): Promise<SyncRecord | undefined> {
  const { rows } = await client.query<Row>(
    `SELECT ${COLUMNS} FROM sync_records
      WHERE document_kind = 'customer' AND source_system = $1 AND source_connection = $2 AND tenant_id = $3
        AND source_id = (SELECT customer_source_id FROM sync_records WHERE id = $4) FOR UPDATE`,
    [record.source.system, record.source.connection, record.tenantId, record.id],
  );
  return rows[0] === undefined ? undefined : fromRow(rows[0]);
}
