// How an Order behaves: Status drives its category StatusCode and ActivatedDate, Order Products
// take their product and list price from the price book entry, and TotalAmount is their sum.
// [unverified] A real org refuses product changes on an activated Order (deactivate, edit,
// reactivate); the emulator allows them so amendments can be tested either way.

import type { SRecord } from '../schema/types.ts';
import type { Database } from './database.ts';
import { standardPricebookId } from './opportunity-rules.ts';
import { sfError } from './sf-error.ts';
import type { Transaction } from './transaction.ts';

const round2 = (n: number): number => Math.round(n * 100) / 100;
const number = (prefix: string, n: number): string => `${prefix}${String(n).padStart(8, '0')}`;

export function orderBeforeWrite(db: Database, next: SRecord, before: SRecord | undefined): void {
  if (!before) {
    next.OrderNumber = number('', 100 + [...db.store.rows('Order')].length);
    next.TotalAmount = 0;
  }
  next.StatusCode = next.Status === 'Activated' ? 'Activated' : 'Draft';
  if (next.StatusCode === 'Activated' && before?.StatusCode !== 'Activated')
    next.ActivatedDate = new Date(db.clock.now()).toISOString();
  if (next.StatusCode !== 'Activated') next.ActivatedDate = null;
}

function entryFor(db: Database, next: SRecord, order: SRecord): SRecord {
  if (typeof next.PricebookEntryId === 'string') {
    const entry = db.store.get(next.PricebookEntryId);
    if (entry?.type !== 'PricebookEntry') throw sfError.crossReference('PricebookEntryId');
    return entry.rec;
  }
  if (typeof next.Product2Id !== 'string') throw sfError.requiredMissing(['PricebookEntryId']);
  const pricebookId = order.Pricebook2Id ?? standardPricebookId(db);
  for (const row of db.store.rows('PricebookEntry'))
    if (row.rec.Product2Id === next.Product2Id && row.rec.Pricebook2Id === pricebookId) return row.rec;
  throw sfError.integrity('field integrity exception: PricebookEntryId (no price book entry for this product)', [
    'PricebookEntryId',
  ]);
}

export function orderItemBeforeWrite(db: Database, tx: Transaction, next: SRecord, before: SRecord | undefined): void {
  const order = db.store.get(String(next.OrderId))?.rec;
  if (!order) throw sfError.crossReference('OrderId');
  if (!before) {
    const entry = entryFor(db, next, order);
    if (order.Pricebook2Id && order.Pricebook2Id !== entry.Pricebook2Id)
      throw sfError.integrity(
        'field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the order)',
        ['PricebookEntryId'],
      );
    if (!order.Pricebook2Id)
      db.update(tx, 'Order', String(order.Id), { Pricebook2Id: entry.Pricebook2Id }, { system: true });
    next.PricebookEntryId = entry.Id ?? null;
    next.Product2Id = entry.Product2Id ?? null;
    next.ListPrice = entry.UnitPrice ?? null;
    next.CurrencyIsoCode = order.CurrencyIsoCode ?? null;
    next.OrderItemNumber = number('', 1 + [...db.store.rows('OrderItem')].length);
  }
  const quantity = Number(next.Quantity);
  if (!quantity)
    throw sfError.integrity('field integrity exception: Quantity (quantity must be non-zero)', ['Quantity']);
  next.TotalPrice = round2(quantity * Number(next.UnitPrice ?? 0));
}

/** Recomputes the Order's TotalAmount after one of its products changed. */
export function rollUpOrder(db: Database, tx: Transaction, orderId: string): void {
  const row = db.store.get(orderId);
  if (row?.type !== 'Order' || db.deleting.has(String(row.rec.Id))) return;
  let amount = 0;
  for (const line of db.store.rows('OrderItem'))
    if (line.rec.OrderId === row.rec.Id) amount += Number(line.rec.TotalPrice ?? 0);
  if (row.rec.TotalAmount === round2(amount)) return;
  db.update(tx, 'Order', orderId, { TotalAmount: round2(amount) }, { system: true });
}
