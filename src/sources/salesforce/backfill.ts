import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { JobCatalog } from '../../jobs/catalog.ts';
import { jobIdFor } from '../../jobs/job-ids.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { soqlDateTime } from './reconcile.ts';
import { type InvoiceObjects, invoicesFrom, ORG_CONNECTION } from './settings.ts';

/**
 * `npm run backfill`: the won Opportunities changed since a date (and their Accounts) become
 * `invoice.create` (and `customer.sync`) jobs — for deals won before the service was connected, or
 * while the stream was down longer than Salesforce keeps events. By the connection's settings also
 * the activated Orders changed since then (`invoiceObjects` orders or both) and the Products
 * (`syncProducts`): every active one — a price list is state, not events, so a product made years
 * ago is still one to sell — and those changed since (a deactivation).
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
  /** The `invoiceObjects` setting (default: Opportunities only). */
  invoiceObjects?: InvoiceObjects;
  /** The `syncProducts` setting (default off). */
  syncProducts?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface Counts {
  found: number;
  enqueued: number;
  alreadyQueued: number;
}

export interface BackfillSummary {
  opportunities: Counts;
  orders: Counts;
  accounts: Counts;
  products: Counts;
}

const ref = (object: 'Opportunity' | 'Order' | 'Account' | 'Product2', id: string) => ({
  system: 'salesforce',
  connection: ORG_CONNECTION,
  object,
  id,
});

const documentRow = z.object({ Id: z.string(), AccountId: z.string().nullish() }).loose();
const productRow = z.object({ Id: z.string(), SystemModstamp: z.string() }).loose();

/** A SOQL string literal: backslash and quote escaped (stage names are admin-defined text). */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function backfillQuery(since: Date, wonStages: readonly string[]): string {
  const won =
    wonStages.length === 0 ? 'IsWon = true' : `(IsWon = true OR StageName IN (${wonStages.map(literal).join(', ')}))`;
  return `SELECT Id, AccountId FROM Opportunity WHERE SystemModstamp >= ${soqlDateTime(since)} AND ${won} ORDER BY SystemModstamp`;
}

/** Activated Orders (StatusCode is the category behind the admin's Status picklist; order-reader.ts). */
export function orderBackfillQuery(since: Date): string {
  return `SELECT Id, AccountId FROM Order WHERE SystemModstamp >= ${soqlDateTime(since)} AND (StatusCode = 'Activated' OR Status = 'Activated') ORDER BY SystemModstamp`;
}

export function productBackfillQuery(since: Date): string {
  return `SELECT Id, SystemModstamp FROM Product2 WHERE IsActive = true OR SystemModstamp >= ${soqlDateTime(since)} ORDER BY SystemModstamp`;
}

export function backfillJobId(name: 'invoice.create' | 'customer.sync', recordId: string): string {
  return jobIdFor(`backfill|${name}|${recordId}`);
}

/** Keyed by the product's stamp too: a later run after the product changed syncs it again. */
export function productBackfillJobId(productId: string, systemModstamp: string): string {
  return jobIdFor(`backfill|article.sync|${productId}|${systemModstamp}`);
}

const counts = (): Counts => ({ found: 0, enqueued: 0, alreadyQueued: 0 });

/** Every record of a query, paged (Salesforce answers up to 2,000 records a page). */
async function eachRecord(
  conn: Connection,
  soql: string,
  visit: (record: Record<string, unknown>) => Promise<void>,
  onTotal: (total: number) => void,
): Promise<void> {
  let page = await conn.query<Record<string, unknown>>(soql);
  onTotal(page.totalSize);
  for (;;) {
    for (const record of page.records) await visit(record);
    if (page.done || page.nextRecordsUrl === undefined) return;
    page = await conn.queryMore<Record<string, unknown>>(page.nextRecordsUrl);
  }
}

/** Enqueues as it pages; progress counts every record found over all queries run. */
export async function backfill(options: BackfillOptions): Promise<BackfillSummary> {
  const { conn, queue } = options;
  const summary: BackfillSummary = {
    opportunities: counts(),
    orders: counts(),
    accounts: counts(),
    products: counts(),
  };
  const seenAccounts = new Set<string>();
  const progress = { done: 0, total: 0 };
  const onTotal = (n: number) => {
    progress.total += n;
    options.onProgress?.(progress.done, progress.total);
  };
  const send = async (
    into: Counts,
    name: 'document.sync' | 'customer.sync',
    source: ReturnType<typeof ref>,
    id: string,
  ) => {
    into.found++;
    if ((await queue.send(name, { source, reason: 'backfill' }, { id })) === null) into.alreadyQueued++;
    else into.enqueued++;
  };
  const documents = async (object: 'Opportunity' | 'Order', soql: string, into: Counts) =>
    eachRecord(
      conn,
      soql,
      async (record) => {
        const { Id, AccountId } = documentRow.parse(record);
        await send(into, 'document.sync', ref(object, Id), backfillJobId('invoice.create', Id));
        if (AccountId && !seenAccounts.has(AccountId)) {
          seenAccounts.add(AccountId);
          const id = backfillJobId('customer.sync', AccountId);
          await send(summary.accounts, 'customer.sync', ref('Account', AccountId), id);
        }
        options.onProgress?.(++progress.done, progress.total);
      },
      onTotal,
    );

  const settings = { invoiceObjects: options.invoiceObjects ?? 'opportunities' };
  if (invoicesFrom(settings, 'Opportunity'))
    await documents('Opportunity', backfillQuery(options.since, options.wonStages), summary.opportunities);
  if (invoicesFrom(settings, 'Order')) await documents('Order', orderBackfillQuery(options.since), summary.orders);
  if (options.syncProducts === true) {
    await eachRecord(
      conn,
      productBackfillQuery(options.since),
      async (record) => {
        const { Id, SystemModstamp } = productRow.parse(record);
        await send(summary.products, 'document.sync', ref('Product2', Id), productBackfillJobId(Id, SystemModstamp));
        options.onProgress?.(++progress.done, progress.total);
      },
      onTotal,
    );
  }
  return summary;
}
