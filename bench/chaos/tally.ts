import { setTimeout as delay } from 'node:timers/promises';
import type { FortnoxEvent, TenantStats } from '../../emulators/fortnox/index.ts';
import { OPPORTUNITY_FIELDS } from '../../src/sources/salesforce/fields.ts';
import type { ScenarioResult } from '../chaos/scenario.ts';
import { type ChaosStack, TENANTS } from './stack.ts';

/**
 * What every scenario counts, from the outside systems' own state (never from our ledger): invoices
 * per Opportunity or shop order in the Fortnox emulator (ExternalInvoiceReference1 names the deal,
 * or the order as `system:connection:id`) and the invoice number written back on each Opportunity
 * in the Salesforce emulator or on each order in its shop's emulator; and when the last
 * document appeared, for the recovery figure.
 */

/** Fortnox allows 25 requests per 5 s per (app, company) [Fortnox rate limits]. */
const REQUESTS_PER_SECOND_PER_TENANT = 5;

export class DocumentClock {
  lastDocumentAt = performance.now();
  readonly #stack: ChaosStack;
  readonly #on = (_event: FortnoxEvent): void => {
    this.lastDocumentAt = performance.now();
  };
  constructor(stack: ChaosStack) {
    this.#stack = stack;
    stack.fortnox.events.on('invoice-created-v1', this.#on);
  }
  stop(): void {
    this.#stack.fortnox.events.off('invoice-created-v1', this.#on);
  }
}

/** Invoices per Opportunity id across both companies. */
export function invoicesByDeal(stack: ChaosStack): Map<string, { tenantId: number; documentNumber: string }[]> {
  const found = new Map<string, { tenantId: number; documentNumber: string }[]>();
  for (const tenantId of TENANTS) {
    for (const [documentNumber, row] of stack.fortnox.tenant(tenantId).invoices.rows) {
      const reference = row.rec.ExternalInvoiceReference1;
      if (typeof reference !== 'string') continue;
      found.set(reference, [...(found.get(reference) ?? []), { tenantId, documentNumber }]);
    }
  }
  return found;
}

/**
 * The invoice number the source shows for a document: on the Opportunity for a deal, on the order
 * (meta, metadata, metafield) for a shop reference (`system:connection:id`).
 */
function writtenBack(stack: ChaosStack, reference: string): unknown {
  if (reference.includes(':')) return stack.shops.writtenBack(reference);
  return stack.salesforce.handle.get(reference)?.[OPPORTUNITY_FIELDS.invoiceNumber];
}

export interface Tally {
  expected: number;
  created: number;
  duplicated: number;
  missing: number;
  writebacksWrong: number;
}

export function tally(stack: ChaosStack, deals: readonly string[]): Tally {
  const invoices = invoicesByDeal(stack);
  let created = 0;
  let duplicated = 0;
  let writebacksWrong = 0;
  for (const deal of deals) {
    const mine = invoices.get(deal) ?? [];
    if (mine.length > 0) created++;
    duplicated += Math.max(0, mine.length - 1);
    const written = writtenBack(stack, deal);
    if (mine.length !== 1 || written !== mine[0]!.documentNumber) writebacksWrong++;
  }
  return { expected: deals.length, created, duplicated, missing: deals.length - created, writebacksWrong };
}

/** Waits until every deal has its invoice and its write-back (or the deadline passes). */
export async function settle(stack: ChaosStack, deals: readonly string[], timeoutMs: number): Promise<Tally> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const now = tally(stack, deals);
    if ((now.missing === 0 && now.writebacksWrong === 0) || performance.now() > deadline) return now;
    await delay(500);
  }
}

/** Documents each company still had to make, by tenant. */
export function leftByTenant(stack: ChaosStack, deals: readonly string[], companyOf: (deal: string) => number) {
  const invoices = invoicesByDeal(stack);
  const left = new Map<number, number>(TENANTS.map((t) => [t, 0]));
  for (const deal of deals) if (!invoices.has(deal)) left.set(companyOf(deal), (left.get(companyOf(deal)) ?? 0) + 1);
  return left;
}

/**
 * The bound: (documents still to do ÷ the company's rate ceiling) + 30 s, the ceiling being
 * Fortnox's request allowance over the requests one document took in this run. Companies run side
 * by side, so the slowest one bounds the whole.
 */
export function recoveryBound(stack: ChaosStack, left: Map<number, number>, _deals: readonly string[]): number {
  let worst = 0;
  for (const tenantId of TENANTS) {
    const stats = stack.fortnox.stats(tenantId) as TenantStats | undefined;
    // The company's requests so far (every scenario of the run) over every document it holds.
    const made = stack.fortnox.tenant(tenantId).invoices.rows.size;
    const perDocument = made > 0 && stats !== undefined ? stats.requests / made : 4;
    const ceiling = REQUESTS_PER_SECOND_PER_TENANT / Math.max(perDocument, 1);
    worst = Math.max(worst, (left.get(tenantId) ?? 0) / ceiling);
  }
  return Math.round((worst + 30) * 10) / 10;
}

/** A result from a tally, the secrets count and the scenario's own figures. */
export function resultOf(
  name: string,
  counts: Tally,
  stack: ChaosStack,
  figures: ScenarioResult['figures'],
  failures: string[],
  recovery?: { seconds: number; bound: number },
): ScenarioResult {
  if (counts.missing > 0) failures.push(`${counts.missing} of ${counts.expected} documents never appeared in Fortnox`);
  if (counts.duplicated > 0) failures.push(`${counts.duplicated} documents were made twice`);
  if (counts.writebacksWrong > 0)
    failures.push(`${counts.writebacksWrong} deals or orders carry a wrong or no invoice number`);
  return {
    name,
    ...counts,
    secretsFound: stack.secrets.found,
    ...(recovery === undefined ? {} : { recoverySeconds: recovery.seconds, recoveryBoundSeconds: recovery.bound }),
    figures,
    failures,
  };
}
