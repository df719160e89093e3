import type { Credit } from '../core/documents.ts';
import { AppError } from '../core/errors.ts';
import type { SyncRecord } from '../db/sync-records.repo.ts';
import { NeedsAttentionError } from './attention.ts';
import type { SinkContext } from './context.ts';
import { type CreditPlan, finish } from './credit-record.ts';
import { creditedRows } from './credit-rows.ts';
import type { FortnoxInvoiceChanges, FortnoxInvoiceDetail } from './fortnox-port.ts';

/**
 * Credits after an ambiguous outcome. A credit record that was ever in `creating` (still there after
 * a crash, or parked since by a step after the send that was refused) may already have its credit
 * invoice: found by ExternalInvoiceReference2 (exact match) when the attempt got that far; or, when it
 * stopped between the credit action and marking the credit invoice, as the original's credit invoice
 * that carries no reference yet — no other credit can own one in that state, since every credit marks
 * its invoice before its record is done, and the original's lease serialises them. A record that has
 * its credit invoice's number is only finished (resumeCredit), never credited again.
 */

/** What the interrupted attempt recorded it was about to do. */
async function sentPlan(ctx: SinkContext, record: SyncRecord): Promise<CreditPlan | undefined> {
  const { rows } = await ctx.pool.query<{ request: CreditPlan | null }>(
    `SELECT request FROM sync_events WHERE sync_record_id = $1 AND to_state = 'creating' AND request IS NOT NULL
      ORDER BY id DESC LIMIT 1`,
    [record.id],
  );
  return rows[0]?.request ?? undefined;
}

export async function adoptCredit(
  ctx: SinkContext,
  credit: Credit,
  original: SyncRecord,
  record: SyncRecord,
  reference: string,
): Promise<SyncRecord | undefined> {
  const state = { record };
  const plan = (await sentPlan(ctx, record)) ?? { how: 'credit_action', full: false, total: 0 };
  const found = (await ctx.fortnox.findInvoicesByReference2(reference))[0];
  if (found !== undefined) {
    ctx.logger.warn('adopting a credit invoice an earlier attempt created', { documentNumber: found.DocumentNumber });
    return finish(ctx, state, original, found, plan, `credit invoice ${found.DocumentNumber} (adopted)`);
  }
  if (plan.how !== 'credit_action') return undefined;
  const invoice = await ctx.fortnox.getInvoice(original.fortnoxNumber!);
  const creditNumber = invoice?.CreditInvoiceReference ?? null;
  if (creditNumber === null) return undefined;
  const unmarked = await ctx.fortnox.getInvoice(creditNumber);
  if (unmarked === undefined || unmarked.ExternalInvoiceReference2 !== '') return undefined;
  // Booked, it can no longer be marked or cut down; whose it is only a person can tell — and crediting
  // again (a negative invoice) could take the money back twice.
  if (unmarked.Booked) {
    throw new NeedsAttentionError(
      `Invoice ${original.fortnoxNumber} was credited by credit invoice ${creditNumber}, which is already booked and names no refund, so it cannot be told whether an earlier attempt for this refund made it. Nothing more was credited. Check credit invoice ${creditNumber} in Fortnox: if it is this refund's, skip this record; if not, make this refund by hand in Fortnox.`,
      'credit_unclear',
    );
  }
  ctx.logger.warn('adopting the credit invoice an interrupted credit action made', { documentNumber: creditNumber });
  const made = await finishCreditInvoice(ctx, credit, creditNumber, plan, reference);
  return finish(ctx, state, original, made, plan, `credit invoice ${creditNumber} (adopted)`);
}

/**
 * A parked record that has its credit invoice (booking it was refused, say): that invoice is read back,
 * stored, bookkept if invoices are, and the original marked — a retry never makes a second credit.
 */
export async function resumeCredit(
  ctx: SinkContext,
  original: SyncRecord,
  state: { record: SyncRecord },
): Promise<SyncRecord> {
  const number = state.record.fortnoxNumber!;
  const made = await ctx.fortnox.getInvoice(number);
  if (made === undefined || made.Cancelled) {
    throw new NeedsAttentionError(
      `Credit invoice ${number}, made for this refund earlier, ${made === undefined ? 'no longer exists' : 'was cancelled'} in Fortnox. The refund is not credited again by itself; credit it by hand in Fortnox if it is still owed.`,
      'credit_invoice_gone',
    );
  }
  const plan = (await sentPlan(ctx, state.record)) ?? { how: 'credit_action', full: false, total: 0 };
  return finish(ctx, state, original, made, plan, `credit invoice ${number} (made earlier)`);
}

/**
 * Marks the credit invoice the credit action made as this credit's (ExternalInvoiceReference2) and, for
 * a partial refund, cuts its rows down to what was refunded (rows not named are removed; RowIds from
 * the credit invoice itself, which are not the original's). Freight is only credited by a full credit.
 */
export async function finishCreditInvoice(
  ctx: SinkContext,
  credit: Credit,
  creditNumber: string,
  plan: CreditPlan,
  reference: string,
): Promise<FortnoxInvoiceDetail> {
  const changes: FortnoxInvoiceChanges = { ExternalInvoiceReference2: reference };
  if (!plan.full) {
    const creditInvoice = await ctx.fortnox.getInvoice(creditNumber);
    if (creditInvoice === undefined) {
      throw new AppError(`Credit invoice ${creditNumber} cannot be read back`, {
        code: 'credit_invoice_missing',
        category: 'unavailable',
        retryable: true,
      });
    }
    changes.Freight = 0;
    changes.Rows = creditedRows(credit, creditInvoice, ctx.words).map((r) => ({
      ...(r.base.RowId === null ? {} : { RowId: r.base.RowId }),
      Description: r.description,
      DeliveredQuantity: -r.quantity,
      Price: r.price,
    }));
  }
  return ctx.fortnox.updateInvoice(creditNumber, changes);
}
