import type { Credit, Customer, Payment, SalesDocument, Voucher } from '../core/documents.ts';
import type { Queryable } from './connection.ts';

/**
 * What the console shows of a source record beside its name — the number people know it by and
 * what the source says it is worth — kept on the ledger row so a list of a million records never
 * asks a source system. Refreshed on every claim; `updated_at` is left alone, because a new copy of
 * the same facts is not a change anyone should see in "last change".
 */
export async function noteSourceFacts(db: Queryable, recordId: number, doc: SalesDocument): Promise<void> {
  await noteFacts(db, recordId, {
    number: doc.yourOrderNumber ?? null,
    net: doc.expectedNet ?? null,
    total: doc.expectedTotal ?? null,
    currency: doc.currency,
  });
}

/** A payment's amount and the provider's reference (the transaction id people search by). */
export const paymentFacts = (p: Payment) => ({
  number: p.reference ?? null,
  net: null,
  total: p.amount,
  currency: p.currency,
});
/**
 * A customer's number as finance knows it: the organisation number (a private person's personal
 * number is never kept here), else the VAT number. A customer has no amount.
 */
export const customerFacts = (c: Customer) => ({
  number: (c.kind === 'company' ? c.organisationNumber : undefined) ?? c.vatNumber ?? null,
  net: null,
  total: null,
  currency: null,
});
/** A refund's amount when the source gives one (a line-by-line credit's total is Fortnox's to compute). */
export const creditFacts = (c: Credit) => ({ number: null, net: null, total: c.amount ?? null, currency: c.currency });
/** A voucher's turnover: the sum of its debit rows, in kronor (vouchers are always SEK). */
export const voucherFacts = (v: Voucher) => ({
  number: v.key,
  net: null,
  total: v.rows.reduce((sum, r) => sum + r.debitOre, 0) / 100,
  currency: 'SEK',
});

export async function noteFacts(
  db: Queryable,
  recordId: number,
  f: { number: string | null; net: number | null; total: number | null; currency: string | null },
): Promise<void> {
  const doc = { yourOrderNumber: f.number, expectedNet: f.net, expectedTotal: f.total, currency: f.currency };
  await db.query(
    `UPDATE sync_records SET source_number = $2, source_net = $3, source_total = $4, source_currency = $5
      WHERE id = $1 AND (source_number, source_net, source_total, source_currency)
        IS DISTINCT FROM ($2::text, $3::numeric, $4::numeric, $5::text)`,
    [recordId, doc.yourOrderNumber ?? null, doc.expectedNet ?? null, doc.expectedTotal ?? null, doc.currency],
  );
}
