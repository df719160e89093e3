// How a real Opportunity behaves: stage drives IsWon/IsClosed/Probability/forecast category,
// products (OpportunityLineItem) drive Amount, and a line's price fields derive from its
// PricebookEntry and Product2.

import { OPPORTUNITY_STAGES } from '../schema/standard-objects.ts';
import type { SRecord } from '../schema/types.ts';
import type { Database } from './database.ts';
import { sfError } from './sf-error.ts';
import type { Transaction } from './transaction.ts';

const round2 = (n: number): number => Math.round(n * 100) / 100;
const has = (input: Record<string, unknown>, field: string): boolean =>
  Object.keys(input).some((k) => k.toLowerCase() === field.toLowerCase());

export function opportunityBeforeWrite(
  next: SRecord,
  before: SRecord | undefined,
  input: Record<string, unknown>,
  system: boolean,
): void {
  const stage = OPPORTUNITY_STAGES.find((s) => s.name === next.StageName);
  if (stage && (!before || before.StageName !== next.StageName)) {
    next.IsClosed = stage.closed;
    next.IsWon = stage.won;
    if (!has(input, 'Probability')) next.Probability = stage.probability;
    if (!has(input, 'ForecastCategoryName')) next.ForecastCategoryName = stage.forecast;
  }
  next.ForecastCategory = next.ForecastCategoryName ?? null;
  // [unverified] With products the Amount is the roll-up; a written Amount is not kept.
  if (before?.HasOpportunityLineItem && !system) next.Amount = before.Amount ?? null;
  if (!before) next.HasOpportunityLineItem = false;
  const amount = typeof next.Amount === 'number' ? next.Amount : null;
  const probability = typeof next.Probability === 'number' ? next.Probability : 0;
  next.ExpectedRevenue = amount === null ? null : round2((amount * probability) / 100);
}

function entryFor(db: Database, next: SRecord, opportunity: SRecord): SRecord {
  if (typeof next.PricebookEntryId === 'string') {
    const entry = db.store.get(next.PricebookEntryId);
    if (entry?.type !== 'PricebookEntry') throw sfError.crossReference('PricebookEntryId');
    return entry.rec;
  }
  if (typeof next.Product2Id !== 'string') throw sfError.requiredMissing(['PricebookEntryId']);
  const pricebookId = opportunity.Pricebook2Id ?? standardPricebookId(db);
  for (const row of db.store.rows('PricebookEntry')) {
    if (row.rec.Product2Id === next.Product2Id && row.rec.Pricebook2Id === pricebookId) return row.rec;
  }
  throw sfError.integrity(
    'field integrity exception: PricebookEntryId, unknown (no price book entry for this product)',
    ['PricebookEntryId'],
  );
}

export function standardPricebookId(db: Database): string | null {
  for (const row of db.store.rows('Pricebook2')) if (row.rec.IsStandard === true) return String(row.rec.Id);
  return null;
}

export function lineItemBeforeWrite(
  db: Database,
  tx: Transaction,
  next: SRecord,
  before: SRecord | undefined,
  input: Record<string, unknown>,
): void {
  const opportunity = db.store.get(String(next.OpportunityId))?.rec;
  if (!opportunity) throw sfError.crossReference('OpportunityId');
  if (!before) {
    if (has(input, 'UnitPrice') && has(input, 'TotalPrice')) {
      throw sfError.integrity(
        'field integrity exception: TotalPrice (only one of unit price or total price may be specified)',
        ['TotalPrice'],
      );
    }
    if (!has(input, 'UnitPrice') && !has(input, 'TotalPrice')) {
      throw sfError.integrity('field integrity exception: TotalPrice (total price must be specified)', ['TotalPrice']);
    }
    const entry = entryFor(db, next, opportunity);
    if (entry.IsActive !== true)
      throw sfError.integrity('field integrity exception: PricebookEntryId (pricebook entry is inactive)', [
        'PricebookEntryId',
      ]);
    if (opportunity.Pricebook2Id && opportunity.Pricebook2Id !== entry.Pricebook2Id) {
      throw sfError.integrity(
        'field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the opportunity)',
        ['PricebookEntryId'],
      );
    }
    if (!opportunity.Pricebook2Id)
      db.update(tx, 'Opportunity', String(opportunity.Id), { Pricebook2Id: entry.Pricebook2Id }, { system: true });
    const product = db.store.get(String(entry.Product2Id))?.rec;
    next.PricebookEntryId = entry.Id ?? null;
    next.Product2Id = entry.Product2Id ?? null;
    next.ProductCode = product?.ProductCode ?? null;
    next.Name = `${String(opportunity.Name)} ${String(product?.Name ?? '')}`.trim();
    next.ListPrice = entry.UnitPrice ?? null;
    next.CurrencyIsoCode = opportunity.CurrencyIsoCode ?? null;
  }
  const quantity = Number(next.Quantity);
  if (!quantity)
    throw sfError.integrity('field integrity exception: Quantity (quantity must be non-zero)', ['Quantity']);
  const factor = 1 - Number(next.Discount ?? 0) / 100;
  if (has(input, 'TotalPrice') && !has(input, 'UnitPrice') && typeof next.TotalPrice === 'number') {
    next.UnitPrice = round2(next.TotalPrice / (quantity * (factor || 1)));
  }
  const subtotal = round2(quantity * Number(next.UnitPrice ?? 0));
  next.Subtotal = subtotal;
  next.TotalPrice = round2(subtotal * factor);
}

/** Recomputes the Opportunity roll-ups after one of its lines changed. */
export function rollUpOpportunity(db: Database, tx: Transaction, opportunityId: string): void {
  const row = db.store.get(opportunityId);
  if (row?.type !== 'Opportunity' || db.deleting.has(String(row.rec.Id))) return;
  let amount = 0;
  let quantity = 0;
  let count = 0;
  for (const line of db.store.rows('OpportunityLineItem')) {
    if (line.rec.OpportunityId !== row.rec.Id) continue;
    amount += Number(line.rec.TotalPrice ?? 0);
    quantity += Number(line.rec.Quantity ?? 0);
    count++;
  }
  const next = {
    Amount: round2(amount),
    TotalOpportunityQuantity: count ? quantity : null,
    HasOpportunityLineItem: count > 0,
  };
  if (
    row.rec.Amount === next.Amount &&
    row.rec.TotalOpportunityQuantity === next.TotalOpportunityQuantity &&
    row.rec.HasOpportunityLineItem === next.HasOpportunityLineItem
  )
    return;
  db.update(tx, 'Opportunity', opportunityId, next, { system: true });
}
