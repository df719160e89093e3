import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { JobCatalog } from '../../jobs/catalog.ts';
import { jobIdFor } from '../../jobs/job-ids.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { soqlDateTime } from './reconcile.ts';
import { ORG_CONNECTION } from './settings.ts';

/**
 * `npm run backfill`: the won Opportunities changed since a date (and their Accounts) become
 * `invoice.create` (and `customer.sync`) jobs — for deals won before the service was connected, or
 * while the stream was down longer than Salesforce keeps events.
 *
 * Which date: SystemModstamp, not CloseDate or LastModifiedDate. CloseDate is a sales forecast
 * (often edited after the fact, or in the future) and says nothing about when a deal was won;
 * LastModifiedDate misses changes made by the system (roll-ups, automation), and SystemModstamp is
 * indexed, so the query stays selective in a large org. It is also what the stream's own
 * reconciliation reads, so both paths agree on "changed since".
 *
 * Running it again creates nothing new: each job id is derived from the record id, so pg-boss
 * ignores a second insert of the same job (counted as "already queued"), whether the first one is
 * still waiting or already done. A deal the stream already invoiced gets a job with another id;
 * its handler finds the ledger row and sends nothing, so that is harmless too.
 */

export interface BackfillOptions {
  conn: Connection;
  queue: JobQueue<JobCatalog>;
  since: Date;
  /** The `wonStages` setting; IsWon = true always counts as won. */
  wonStages: readonly string[];
  onProgress?: (done: number, total: number) => void;
}

export interface Counts {
  found: number;
  enqueued: number;
  alreadyQueued: number;
}

export interface BackfillSummary {
  opportunities: Counts;
  accounts: Counts;
}

const ref = (object: 'Opportunity' | 'Account', id: string) => ({
  system: 'salesforce',
  connection: ORG_CONNECTION,
  object,
  id,
});

const opportunityRow = z.object({ Id: z.string(), AccountId: z.string().nullish() }).loose();

/** A SOQL string literal: backslash and quote escaped (stage names are admin-defined text). */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function backfillQuery(since: Date, wonStages: readonly string[]): string {
  const won =
    wonStages.length === 0 ? 'IsWon = true' : `(IsWon = true OR StageName IN (${wonStages.map(literal).join(', ')}))`;
  return `SELECT Id, AccountId FROM Opportunity WHERE SystemModstamp >= ${soqlDateTime(since)} AND ${won} ORDER BY SystemModstamp`;
}

export function backfillJobId(name: 'invoice.create' | 'customer.sync', recordId: string): string {
  return jobIdFor(`backfill|${name}|${recordId}`);
}

/** Pages through the query (Salesforce answers up to 2,000 records a page) and enqueues as it goes. */
export async function backfill(options: BackfillOptions): Promise<BackfillSummary> {
  const { conn, queue } = options;
  const opportunities: Counts = { found: 0, enqueued: 0, alreadyQueued: 0 };
  const accounts: Counts = { found: 0, enqueued: 0, alreadyQueued: 0 };
  const seenAccounts = new Set<string>();
  const count = (counts: Counts, id: string | null): void => {
    if (id === null) counts.alreadyQueued++;
    else counts.enqueued++;
  };

  let page = await conn.query<Record<string, unknown>>(backfillQuery(options.since, options.wonStages));
  const total = page.totalSize;
  options.onProgress?.(0, total);
  for (;;) {
    for (const record of page.records) {
      const { Id, AccountId } = opportunityRow.parse(record);
      opportunities.found++;
      count(
        opportunities,
        await queue.send(
          'document.sync',
          { source: ref('Opportunity', Id), reason: 'backfill' },
          { id: backfillJobId('invoice.create', Id) },
        ),
      );
      if (AccountId && !seenAccounts.has(AccountId)) {
        seenAccounts.add(AccountId);
        accounts.found++;
        count(
          accounts,
          await queue.send(
            'customer.sync',
            { source: ref('Account', AccountId), reason: 'backfill' },
            { id: backfillJobId('customer.sync', AccountId) },
          ),
        );
      }
      options.onProgress?.(opportunities.found, total);
    }
    if (page.done || page.nextRecordsUrl === undefined) break;
    page = await conn.queryMore<Record<string, unknown>>(page.nextRecordsUrl);
  }
  return { opportunities, accounts };
}
