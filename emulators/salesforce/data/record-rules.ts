// Per-object behaviour hooked into every write: derived fields before the write, roll-ups
// after it, and which children a delete takes with it (Salesforce cascades master-detail-like
// relationships: Account → Opportunities/Contacts, Opportunity → line items).

import type { SRecord } from '../schema/types.ts';
import type { Database } from './database.ts';
import {
  lineItemBeforeWrite,
  opportunityBeforeWrite,
  rollUpOpportunity,
  standardPricebookId,
} from './opportunity-rules.ts';
import { orderBeforeWrite, orderItemBeforeWrite, rollUpOrder } from './order-rules.ts';
import { sfError } from './sf-error.ts';
import type { Row } from './store.ts';
import type { Transaction } from './transaction.ts';

function fullName(rec: SRecord): void {
  rec.Name = [rec.FirstName, rec.LastName].filter((part) => typeof part === 'string' && part !== '').join(' ');
}

function pricebookEntryBeforeWrite(db: Database, next: SRecord, before: SRecord | undefined): void {
  if (before) return;
  const product = db.store.get(String(next.Product2Id))?.rec;
  next.Name = product?.Name ?? null;
  next.ProductCode = product?.ProductCode ?? null;
  const standardId = standardPricebookId(db);
  if (next.Pricebook2Id === standardId) return;
  const hasStandard = [...db.store.rows('PricebookEntry')].some(
    (row) => row.rec.Product2Id === next.Product2Id && row.rec.Pricebook2Id === standardId,
  );
  if (!hasStandard) throw sfError.integrity('No standard price defined for this product', ['UnitPrice']);
}

export function beforeWrite(
  db: Database,
  tx: Transaction,
  type: string,
  next: SRecord,
  before: SRecord | undefined,
  input: Record<string, unknown>,
  system: boolean,
): void {
  switch (type) {
    case 'Opportunity':
      return opportunityBeforeWrite(next, before, input, system);
    case 'OpportunityLineItem':
      return lineItemBeforeWrite(db, tx, next, before, input);
    case 'PricebookEntry':
      return pricebookEntryBeforeWrite(db, next, before);
    case 'Order':
      return orderBeforeWrite(db, next, before);
    case 'OrderItem':
      return orderItemBeforeWrite(db, tx, next, before);
    case 'Contact':
    case 'User':
      return fullName(next);
    default:
      return undefined;
  }
}

export function afterWrite(
  db: Database,
  tx: Transaction,
  type: string,
  after: SRecord | undefined,
  before: SRecord | undefined,
): void {
  if (type === 'OrderItem') {
    const orderId = after?.OrderId ?? before?.OrderId;
    if (typeof orderId === 'string') rollUpOrder(db, tx, orderId);
    return;
  }
  if (type !== 'OpportunityLineItem') return;
  const opportunityId = after?.OpportunityId ?? before?.OpportunityId;
  if (typeof opportunityId === 'string') rollUpOpportunity(db, tx, opportunityId);
}

const CASCADES: Record<string, Array<{ type: string; field: string }>> = {
  Account: [
    { type: 'Opportunity', field: 'AccountId' },
    { type: 'Contact', field: 'AccountId' },
    { type: 'Order', field: 'AccountId' },
  ],
  Opportunity: [{ type: 'OpportunityLineItem', field: 'OpportunityId' }],
  Order: [{ type: 'OrderItem', field: 'OrderId' }],
  Product2: [{ type: 'PricebookEntry', field: 'Product2Id' }],
};

export function cascadeChildren(db: Database, type: string, id: string): Row[] {
  const rows: Row[] = [];
  for (const { type: childType, field } of CASCADES[type] ?? []) {
    for (const row of db.store.rows(childType)) if (row.rec[field] === id) rows.push(row);
  }
  return rows;
}
