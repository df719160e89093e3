import { OPPORTUNITY_INPUT_FIELDS } from './fields.ts';
import { salesforceId } from './ids.ts';
import { isActivated } from './order-reader.ts';
import { orderJob } from './order-relevance.ts';
import { PRODUCT_VAT_FIELD } from './product-reader.ts';
import { catalogDecision } from './product-relevance.ts';
import { type InvoiceObjects, invoicesFrom } from './settings.ts';
import type { ChangeEvent, StreamEvent } from './stream-events.ts';

/**
 * "Is this event worth a job?" — pure, so every rule is a one-line test. The listener reads the
 * two facts it needs from Postgres first (won stages, which records already have a ledger row)
 * and never calls Salesforce to decide: an UPDATE carries only the changed fields, and a job
 * re-reads the whole record anyway (payloads are ids).
 */

/** `price.sync` names a PricebookEntry; the processor turns it into its product's `article.sync`. */
export type ListenerJobName = 'customer.sync' | 'invoice.create' | 'invoice.amend' | 'article.sync' | 'price.sync';
export interface PlannedJob {
  name: ListenerJobName;
  recordId: string;
}
export type Entity = 'Account' | 'Opportunity' | 'Order' | 'Product2' | 'PricebookEntry';
const ENTITIES: ReadonlySet<string> = new Set<Entity>([
  'Account',
  'Opportunity',
  'Order',
  'Product2',
  'PricebookEntry',
]);
const isEntity = (name: string): name is Entity => ENTITIES.has(name);

export interface RelevanceContext {
  /** SALESFORCE_CLIENT_NAME: a `client=` of this name in changeOrigin marks our own write. */
  clientName: string;
  wonStages: readonly string[];
  /** Ids of records the ledger knows (customer rows for Accounts, invoice/order rows for Opportunities). */
  ledger: ReadonlySet<string>;
  /** Which objects make new documents (the connection setting); 'opportunities' when absent. */
  invoiceObjects?: InvoiceObjects;
}

export type Decision =
  | { kind: 'enqueue'; jobs: PlannedJob[]; reason: string }
  | { kind: 'ignore'; reason: string }
  /** Field values are missing or incomplete: re-read the records (by id, or by SystemModstamp since). */
  | { kind: 'reconcile'; entity: Entity; recordIds: string[] | undefined; since: Date | undefined; reason: string };

// Fields a Fortnox invoice is built from. Line-item edits roll up into Amount (and the quantity
// total, which moves even when a price change cancels the amount out); Description becomes the
// invoice remark; Name, Probability, NextStep, owner and forecast fields never reach Fortnox.
export const OPPORTUNITY_BILLING_FIELDS: ReadonlySet<string> = new Set([
  'Amount',
  'CloseDate',
  'CurrencyIsoCode',
  'AccountId',
  'Pricebook2Id',
  'Description',
  'HasOpportunityLineItem',
  'TotalOpportunityQuantity',
  // Routing: a deal parked because no company was chosen is sent once the rep chooses one.
  OPPORTUNITY_INPUT_FIELDS.company,
]);
// Fields of the Fortnox customer: name, addresses (CDC reports compound `BillingAddress.City`),
// organisation and VAT numbers, the invoice e-mail, phone and web site, and the customer's currency.
export const ACCOUNT_BILLING_FIELDS: ReadonlySet<string> = new Set([
  'Name',
  'BillingAddress',
  'BillingStreet',
  'BillingCity',
  'BillingState',
  'BillingPostalCode',
  'BillingCountry',
  'BillingStateCode',
  'BillingCountryCode',
  'ShippingAddress',
  'ShippingStreet',
  'ShippingCity',
  'ShippingState',
  'ShippingPostalCode',
  'ShippingCountry',
  'ShippingStateCode',
  'ShippingCountryCode',
  'Organisation_Number__c',
  'VAT_Number__c',
  'Invoice_Email__c',
  'Phone',
  'Website',
  'CurrencyIsoCode',
]);
// Changes no person makes: bookkeeping stamps that come along with every write.
const SYSTEM_FIELDS: ReadonlySet<string> = new Set(['LastModifiedDate', 'SystemModstamp', 'LastModifiedById']);
const OUR_FIELD = /^Fortnox_\w+__c$/;
// Fortnox_* fields people fill in (not ours to write back): their change is a real change.
const INPUT_FIELDS: ReadonlySet<string> = new Set([...Object.values(OPPORTUNITY_INPUT_FIELDS), PRODUCT_VAT_FIELD]);
const isOurs = (field: string): boolean => OUR_FIELD.test(field) && !INPUT_FIELDS.has(field);

export function isOwnOrigin(changeOrigin: string | null | undefined, clientName: string): boolean {
  const match = /(?:^|[;,\s])client=([^;,\s]+)/.exec(changeOrigin ?? '');
  return match?.[1] === clientName;
}

/** True when an UPDATE touched nothing but our own Fortnox_*__c fields and system stamps. */
export function onlyOwnFields(changedFields: readonly string[]): boolean {
  return changedFields.length > 0 && changedFields.every((f) => SYSTEM_FIELDS.has(f) || isOurs(f));
}

const topField = (field: string) => field.split('.')[0] ?? field;

/** The records whose ledger rows `decide` needs, or undefined when it needs none (no DB read). */
export function ledgerLookup(event: StreamEvent, clientName: string): { entity: Entity; ids: string[] } | undefined {
  if (event.kind !== 'change') return undefined;
  const header = event.event.payload.ChangeEventHeader;
  const entity = header.entityName;
  if (!isEntity(entity) || header.changeType !== 'UPDATE') return undefined;
  // Products need no ledger to decide: their channels are open only while products sync.
  if (entity === 'Product2' || entity === 'PricebookEntry') return undefined;
  if (isOwnOrigin(header.changeOrigin, clientName) || onlyOwnFields(header.changedFields)) return undefined;
  return { entity, ids: header.recordIds };
}

export function decide(event: StreamEvent, ctx: RelevanceContext): Decision {
  return event.kind === 'sync_request' ? decideSyncRequest(event.event.payload) : decideChange(event.event, ctx);
}

function decideSyncRequest(payload: {
  Record_Id__c?: string | null | undefined;
  Action__c?: string | null | undefined;
}): Decision {
  const action = payload.Action__c?.trim().toLowerCase();
  if (action !== 'sync' && action !== 'retry')
    return { kind: 'ignore', reason: `sync_request:unknown_action:${payload.Action__c ?? ''}` };
  const id = payload.Record_Id__c?.trim() ?? '';
  if (!salesforceId.safeParse(id).success) return { kind: 'ignore', reason: 'sync_request:invalid_record_id' };
  if (id.startsWith('001'))
    return { kind: 'enqueue', jobs: [{ name: 'customer.sync', recordId: id }], reason: `sync_request:${action}` };
  // Key prefixes of Opportunity and Order (fixed for standard objects in every org).
  if (id.startsWith('01t'))
    return { kind: 'enqueue', jobs: [{ name: 'article.sync', recordId: id }], reason: `sync_request:${action}` };
  if (id.startsWith('006') || id.startsWith('801'))
    return { kind: 'enqueue', jobs: [{ name: 'invoice.create', recordId: id }], reason: `sync_request:${action}` };
  return { kind: 'ignore', reason: 'sync_request:unsupported_object' };
}

function decideChange(event: ChangeEvent, ctx: RelevanceContext): Decision {
  const { payload } = event;
  const header = payload.ChangeEventHeader;
  const entity = header.entityName;
  if (!isEntity(entity)) return { kind: 'ignore', reason: `entity:${entity}` };
  const since = typeof header.commitTimestamp === 'number' ? new Date(header.commitTimestamp) : undefined;
  const type = header.changeType;
  if (type === 'GAP_OVERFLOW')
    return { kind: 'reconcile', entity, recordIds: undefined, since, reason: 'overflow_event' };
  if (type === 'GAP_DELETE' || type === 'DELETE') return { kind: 'ignore', reason: type.toLowerCase() };
  const wildcard = header.recordIds.some((id) => id.includes('*'));
  if (type.startsWith('GAP_')) {
    return {
      kind: 'reconcile',
      entity,
      recordIds: wildcard ? undefined : header.recordIds,
      since,
      reason: 'gap_event',
    };
  }
  if (type === 'UNDELETE') return { kind: 'ignore', reason: 'undelete' };
  if (isOwnOrigin(header.changeOrigin, ctx.clientName)) return { kind: 'ignore', reason: 'echo:own_client' };
  if (type === 'UPDATE' && onlyOwnFields(header.changedFields)) return { kind: 'ignore', reason: 'echo:own_fields' };
  if (wildcard) return { kind: 'reconcile', entity, recordIds: undefined, since, reason: 'wildcard_record_ids' };
  if (entity === 'Product2' || entity === 'PricebookEntry') return catalogDecision(entity, type, header);

  const job =
    entity === 'Opportunity'
      ? opportunityJob(type, payload, header.changedFields, ctx)
      : entity === 'Order'
        ? orderJob(type, payload, header.changedFields)
        : accountJob(type, header.changedFields, ctx);
  if (job.name === undefined) return { kind: 'ignore', reason: job.reason };
  const name = job.name;
  // Amending or re-syncing only makes sense for what was synced before; reaching won needs no
  // history — unless the connection does not invoice this object (its existing documents still amend).
  const creates = name === 'invoice.create' && createsFrom(entity, ctx);
  const jobs = header.recordIds.filter((id) => creates || ctx.ledger.has(id)).map((recordId) => ({ name, recordId }));
  return jobs.length > 0
    ? { kind: 'enqueue', jobs, reason: job.reason }
    : { kind: 'ignore', reason: `${job.reason}:not_in_ledger` };
}

type JobChoice = { name: ListenerJobName | undefined; reason: string };

function opportunityJob(
  type: string,
  payload: Record<string, unknown>,
  changed: readonly string[],
  ctx: RelevanceContext,
): JobChoice {
  const stageTouched = type === 'CREATE' || changed.includes('StageName') || changed.includes('IsWon');
  const stage = typeof payload.StageName === 'string' ? payload.StageName : undefined;
  const won = (stage !== undefined && ctx.wonStages.includes(stage)) || payload.IsWon === true;
  if (stageTouched && won) return { name: 'invoice.create', reason: 'opportunity:won' };
  if (type !== 'UPDATE') return { name: undefined, reason: 'opportunity:created_not_won' };
  if (stageTouched) return { name: 'invoice.amend', reason: 'opportunity:left_won_stages' };
  if (changed.some((f) => OPPORTUNITY_BILLING_FIELDS.has(topField(f))))
    return { name: 'invoice.amend', reason: 'opportunity:billing_changed' };
  return { name: undefined, reason: 'opportunity:no_billing_change' };
}

function accountJob(type: string, changed: readonly string[], _ctx: RelevanceContext): JobChoice {
  // A new Account becomes a Fortnox customer with its first invoice, not on its own.
  if (type !== 'UPDATE') return { name: undefined, reason: 'account:created' };
  if (changed.some((f) => ACCOUNT_BILLING_FIELDS.has(topField(f))))
    return { name: 'customer.sync', reason: 'account:billing_changed' };
  return { name: undefined, reason: 'account:no_billing_change' };
}

function createsFrom(entity: Entity, ctx: RelevanceContext): boolean {
  return invoicesFrom({ invoiceObjects: ctx.invoiceObjects ?? 'opportunities' }, entity);
}

/** Reconciliation has the record, not the change: act on what is true now. */
export function decideReconciled(
  entity: Entity,
  record: {
    Id: string;
    StageName?: unknown;
    IsWon?: unknown;
    Status?: unknown;
    StatusCode?: unknown;
    Product2Id?: unknown;
  },
  ctx: RelevanceContext,
): PlannedJob | undefined {
  if (entity === 'Account')
    return ctx.ledger.has(record.Id) ? { name: 'customer.sync', recordId: record.Id } : undefined;
  if (entity === 'Product2') return { name: 'article.sync', recordId: record.Id };
  if (entity === 'PricebookEntry')
    return typeof record.Product2Id === 'string' ? { name: 'article.sync', recordId: record.Product2Id } : undefined;
  const won =
    entity === 'Order'
      ? isActivated(record)
      : record.IsWon === true || (typeof record.StageName === 'string' && ctx.wonStages.includes(record.StageName));
  // invoice.create is idempotent: for an already invoiced deal it finds the ledger row and stops.
  if (won && !ctx.ledger.has(record.Id) && createsFrom(entity, ctx))
    return { name: 'invoice.create', recordId: record.Id };
  if (ctx.ledger.has(record.Id)) return { name: 'invoice.amend', recordId: record.Id };
  return undefined;
}
