import type { Connection } from 'jsforce';
import { z } from 'zod';
import { isSalesforceId } from './ids.ts';
import { PRODUCT_VAT_FIELD } from './product-reader.ts';
import type { Decision, PlannedJob } from './relevance.ts';
import type { ChangeEventHeader } from './stream-events.ts';

/**
 * When a Product or price book entry change is worth a product sync. The channels are subscribed
 * only while the connection syncs products, so no setting is read here. A product is re-read
 * whole by its job; a price book entry's change (UPDATE events carry only the changed fields, not
 * the product) names its product by one SOQL query before the job is enqueued.
 */

// What the article is made of (product-reader.ts); Family, Description and the like never reach it.
export const PRODUCT_ARTICLE_FIELDS: ReadonlySet<string> = new Set([
  'Name',
  'ProductCode',
  'IsActive',
  'QuantityUnitOfMeasure',
  PRODUCT_VAT_FIELD,
]);
export const PRICE_FIELDS: ReadonlySet<string> = new Set(['UnitPrice', 'IsActive', 'UseStandardPrice']);

export function catalogDecision(
  entity: 'Product2' | 'PricebookEntry',
  type: string,
  header: ChangeEventHeader,
): Decision {
  const product = entity === 'Product2';
  const what = product ? 'product' : 'price';
  if (type === 'UPDATE') {
    const fields = product ? PRODUCT_ARTICLE_FIELDS : PRICE_FIELDS;
    if (!header.changedFields.some((f) => fields.has(f)))
      return { kind: 'ignore', reason: `${what}:no_article_change` };
  } else if (type !== 'CREATE') {
    return { kind: 'ignore', reason: `${what}:${type.toLowerCase()}` };
  }
  const name = product ? 'article.sync' : 'price.sync';
  const jobs: PlannedJob[] = header.recordIds.map((recordId) => ({ name, recordId }));
  return { kind: 'enqueue', jobs, reason: `${what}:${type === 'CREATE' ? 'created' : 'changed'}` };
}

const entryRow = z.object({ Id: z.string(), Product2Id: z.string() }).loose();

/** Turns `price.sync` jobs (price book entry ids) into their products' `article.sync`, one per product. */
export async function resolvePriceJobs(conn: Connection, jobs: readonly PlannedJob[]): Promise<PlannedJob[]> {
  const entryIds = jobs.filter((j) => j.name === 'price.sync' && isSalesforceId(j.recordId)).map((j) => j.recordId);
  const others = jobs.filter((j) => j.name !== 'price.sync');
  if (entryIds.length === 0) return others;
  const list = entryIds.map((id) => `'${id}'`).join(', ');
  const result = await conn.query(`SELECT Id, Product2Id FROM PricebookEntry WHERE Id IN (${list})`);
  const products = new Set(result.records.map((r) => entryRow.parse(r).Product2Id));
  const known = new Set(others.map((j) => j.recordId));
  const resolved = [...products]
    .filter((id) => !known.has(id))
    .map((recordId) => ({ name: 'article.sync' as const, recordId }));
  return [...others, ...resolved];
}
