import type { Connection } from 'jsforce';
import { z } from 'zod';
import { isSalesforceId } from './ids.ts';
import { decideReconciled, type Entity, type RelevanceContext } from './relevance.ts';
import type { KeyedJob, StreamStore } from './stream-store.ts';

/**
 * When the stream cannot be trusted to have told us everything (replay id expired, gap or overflow
 * events), re-read Salesforce instead of skipping: one SOQL query per entity on SystemModstamp (or
 * on the ids a gap event named) and decide on what is true now. Job ids are keyed by record and
 * SystemModstamp, so running the same reconciliation twice enqueues nothing new, while a later
 * change (a newer stamp) still does.
 */

/** Clocks drift and commits land late; re-reading a few extra minutes is cheap, missing one is not. */
export const RECONCILE_MARGIN_MS = 5 * 60_000;
const ID_BATCH = 200;

const record = z
  .object({
    Id: z.string(),
    SystemModstamp: z.string(),
    StageName: z.string().nullish(),
    IsWon: z.boolean().nullish(),
    Status: z.string().nullish(),
    StatusCode: z.string().nullish(),
    Product2Id: z.string().nullish(),
  })
  .loose();
type ReconciledRecord = z.infer<typeof record>;

export interface ReconcileRequest {
  entity: Entity;
  /** Re-read exactly these records … */
  recordIds?: readonly string[] | undefined;
  /** … or everything modified after this instant (the margin is subtracted here). */
  since?: Date | undefined;
}

export interface ReconcileResult {
  jobs: KeyedJob[];
  recordsRead: number;
  since: Date | undefined;
}

/** SOQL datetime literals take no quotes and no milliseconds. */
export function soqlDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function fieldsFor(entity: Entity): string {
  if (entity === 'Opportunity') return 'Id, StageName, IsWon, SystemModstamp';
  if (entity === 'PricebookEntry') return 'Id, Product2Id, SystemModstamp';
  return entity === 'Order' ? 'Id, Status, StatusCode, SystemModstamp' : 'Id, SystemModstamp';
}

export function reconcileQueries(request: ReconcileRequest): { queries: string[]; since: Date | undefined } {
  const select = `SELECT ${fieldsFor(request.entity)} FROM ${request.entity}`;
  if (request.recordIds !== undefined) {
    const ids = request.recordIds.filter(isSalesforceId);
    const queries: string[] = [];
    for (let i = 0; i < ids.length; i += ID_BATCH) {
      queries.push(
        `${select} WHERE Id IN (${ids
          .slice(i, i + ID_BATCH)
          .map((id) => `'${id}'`)
          .join(', ')})`,
      );
    }
    return { queries, since: undefined };
  }
  const since = new Date((request.since?.getTime() ?? Date.now()) - RECONCILE_MARGIN_MS);
  return { queries: [`${select} WHERE SystemModstamp > ${soqlDateTime(since)} ORDER BY SystemModstamp`], since };
}

async function* readAll(conn: Connection, soql: string): AsyncGenerator<ReconciledRecord[]> {
  let page = await conn.query<Record<string, unknown>>(soql);
  for (;;) {
    yield page.records.map((r) => record.parse(r));
    if (page.done || page.nextRecordsUrl === undefined) return;
    page = await conn.queryMore<Record<string, unknown>>(page.nextRecordsUrl);
  }
}

export async function reconcile(
  conn: Connection,
  store: StreamStore,
  request: ReconcileRequest,
  context: Omit<RelevanceContext, 'ledger'>,
): Promise<ReconcileResult> {
  const { queries, since } = reconcileQueries(request);
  const jobs: KeyedJob[] = [];
  let recordsRead = 0;
  for (const soql of queries) {
    for await (const records of readAll(conn, soql)) {
      recordsRead += records.length;
      const ledger = await store.ledger(
        request.entity,
        records.map((r) => r.Id),
      );
      for (const rec of records) {
        const job = decideReconciled(request.entity, rec, { ...context, ledger });
        if (job !== undefined) jobs.push({ ...job, key: `reconcile|${job.name}|${rec.Id}|${rec.SystemModstamp}` });
      }
    }
  }
  return { jobs, recordsRead, since };
}
