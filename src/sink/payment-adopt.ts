import type { SyncRecord } from '../db/sync-records.repo.ts';
import type { SinkContext } from './context.ts';
import type { FortnoxPaymentFields, FortnoxPaymentRecord } from './fortnox-port.ts';

/**
 * A payment record found in `creating`: the interrupted attempt may have registered it. Fortnox
 * payments carry no reference of ours, so the invoice's payments are matched on amount, date and
 * mode of payment, leaving out every payment another ledger record already owns — two equal payments
 * on one day are two records, each adopting at most one.
 */
export async function adoptPayment(
  ctx: SinkContext,
  record: SyncRecord,
  fields: FortnoxPaymentFields,
): Promise<FortnoxPaymentRecord | undefined> {
  const payments = await ctx.fortnox.invoicePayments(String(fields.InvoiceNumber));
  if (payments.length === 0) return undefined;
  const { rows } = await ctx.pool.query<{ fortnox_number: string }>(
    `SELECT fortnox_number FROM sync_records WHERE tenant_id = $1 AND document_kind = 'payment' AND id <> $2
        AND fortnox_number = ANY($3)`,
    [record.tenantId, record.id, payments.map((p) => p.Number)],
  );
  const owned = new Set(rows.map((r) => r.fortnox_number));
  const amount = fields.Amount ?? fields.AmountCurrency;
  const found = payments.find(
    (p) =>
      !owned.has(p.Number) &&
      (fields.Amount === undefined ? p.AmountCurrency : p.Amount) === amount &&
      p.PaymentDate === fields.PaymentDate &&
      p.ModeOfPayment === fields.ModeOfPayment,
  );
  if (found !== undefined)
    ctx.logger.warn('adopting a payment an earlier attempt registered', { number: found.Number });
  return found;
}
