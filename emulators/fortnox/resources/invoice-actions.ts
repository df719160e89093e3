import { stockholmDate } from '../clock.ts';
import { find, full, save } from '../crud.ts';
import { type ApiResult, ok } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { num, ocrFor, type Rec, round, str } from '../values.ts';
import { invoicePdf } from './invoice-pdf.ts';
import { invoices, recompute, rowsOf } from './invoices.ts';
import { predefinedAccount } from './predefined-accounts.ts';
import { addVoucher, type VoucherLine } from './vouchers.ts';

const OUTPUT_VAT: Record<number, string> = { 25: 'OUTVAT_MP1', 12: 'OUTVAT_MP2', 6: 'OUTVAT_MP3' };
const answer = (t: Tenant, rec: Rec): ApiResult => ok({ Invoice: full(invoices, t, rec) });
const today = (t: Tenant): string => stockholmDate(t.now());

/** Rewrites a stored invoice and stamps it for `lastmodified`. */
function store(t: Tenant, rec: Rec): void {
  t.invoices.put(str(rec.DocumentNumber), rec, t.now());
}

/**
 * The invoice voucher: debit receivables (CUSTCLAIM), credit each row's own account (so EU and export
 * rows land on 3108/3105…, not on Swedish sales), freight and fee on FREIGHT/ADMFEE, output VAT per
 * rate on OUTVAT_MP1..3, the rest on ROUNDOFF — all predefined accounts of the company.
 */
function bookingLines(t: Tenant, inv: Rec): VoucherLine[] {
  const rate = num(inv.CurrencyRate) || 1;
  const lines: VoucherLine[] = [];
  const add = (account: number, amount: number, side: 'debit' | 'credit'): void => {
    const sek = round(amount * rate);
    const flip = sek < 0;
    const s = flip ? (side === 'debit' ? 'credit' : 'debit') : side;
    lines.push({ account, debit: s === 'debit' ? Math.abs(sek) : 0, credit: s === 'credit' ? Math.abs(sek) : 0 });
  };
  add(predefinedAccount(t, 'CUSTCLAIM'), num(inv.Total), 'debit');
  const vat = new Map<number, number>([[25, num(inv.FreightVAT) + num(inv.AdministrationFeeVAT)]]);
  for (const row of rowsOf(inv)) {
    const excl = num(row.TotalExcludingVAT ?? row.Total);
    if (excl === 0) continue; // text rows and zero rows book nothing
    add(num(row.AccountNumber), excl, 'credit');
    vat.set(num(row.VAT), (vat.get(num(row.VAT)) ?? 0) + (excl * num(row.VAT)) / 100);
  }
  if (num(inv.Freight) !== 0) add(predefinedAccount(t, 'FREIGHT'), num(inv.Freight), 'credit');
  if (num(inv.AdministrationFee) !== 0) add(predefinedAccount(t, 'ADMFEE'), num(inv.AdministrationFee), 'credit');
  for (const [pct, amount] of vat) {
    const name = OUTPUT_VAT[pct];
    if (name && round(amount) !== 0) add(predefinedAccount(t, name), amount, 'credit');
  }
  // Whatever rounding left over (row-wise VAT, currency) lands on the round-off account.
  const diff = round(lines.reduce((s, l) => s + l.debit - l.credit, 0));
  if (diff !== 0) {
    lines.push({ account: predefinedAccount(t, 'ROUNDOFF'), debit: diff < 0 ? -diff : 0, credit: Math.max(diff, 0) });
  }
  return lines;
}

function settle(t: Tenant, inv: Rec, amount: number, date: string): void {
  const key = str(inv.DocumentNumber);
  t.settled.set(key, round((t.settled.get(key) ?? 0) + amount));
  recompute(t, inv);
  if (num(inv.Balance) === 0 && inv.FinalPayDate === null) inv.FinalPayDate = date;
}

export function bookkeep(t: Tenant, n: string): ApiResult {
  const inv = structuredClone(find(invoices, t, n));
  if (inv.Cancelled === true) throw t.env.err('cancelledDocument');
  if (inv.Booked === true) throw t.env.err('alreadyBooked');
  if (inv.NotCompleted === true) throw t.env.err('notCompleted'); // [inferred] reference §6
  const voucher = addVoucher(t, {
    series: t.settings.invoiceVoucherSeries,
    description: `Kundfaktura ${n}`,
    date: str(inv.InvoiceDate),
    referenceType: 'INVOICE',
    referenceNumber: n,
    lines: bookingLines(t, inv),
  });
  Object.assign(inv, {
    Booked: true,
    VoucherSeries: voucher.VoucherSeries ?? null,
    VoucherNumber: voucher.VoucherNumber ?? null,
    VoucherYear: voucher.Year ?? null,
  });
  // A booked invoice that owes nothing is fully paid at once (observed: Total 0 invoices got
  // FinalPayDate on booking) [VCR invoices/filter_hit].
  if (num(inv.Balance) === 0) inv.FinalPayDate = today(t);
  const original = inv.Credit === 'true' ? t.invoices.get(str(inv.InvoiceReference)) : undefined;
  if (original && t.env.opts.quirks.creditSettlesOriginal) {
    // [unverified] a booked credit settles the original's Balance and its own.
    const orig = structuredClone(original);
    settle(t, orig, -num(inv.Total), today(t));
    store(t, orig);
    settle(t, inv, num(inv.Total), today(t));
    t.env.emit('invoices', 'invoice-updated-v1', t.id, str(orig.DocumentNumber));
  }
  store(t, inv);
  t.env.emit('invoices', 'invoice-bookkeep-v1', t.id, n);
  return answer(t, inv);
}

/** One invoice action: copy, check and change (throwing refuses it), store, announce, answer. */
function act(t: Tenant, n: string, event: string, change: (inv: Rec) => void): ApiResult {
  const inv = structuredClone(find(invoices, t, n));
  change(inv);
  store(t, inv);
  t.env.emit('invoices', event, t.id, n);
  return answer(t, inv);
}

export function cancel(t: Tenant, n: string): ApiResult {
  return act(t, n, 'invoice-cancelled-v1', (inv) => {
    if (inv.Booked === true) throw t.env.err('bookedCannotCancel');
    if (inv.Cancelled === true) throw t.env.err('cancelledDocument');
    inv.Cancelled = true;
  });
}

/**
 * Credits a booked invoice once: a new unbooked invoice with Credit "true", InvoiceReference →
 * original and negated quantities; the original gets CreditInvoiceReference. Answers the
 * original [inferred from the OAS description].
 */
export function credit(t: Tenant, n: string): ApiResult {
  return act(t, n, 'invoice-updated-v1', (inv) => {
    if (inv.Cancelled === true) throw t.env.err('cancelledDocument');
    if (inv.Credit === 'true') throw t.env.err('creditOfCredit');
    if (inv.Booked !== true) throw t.env.err('notBookedCannotCredit');
    if (str(inv.CreditInvoiceReference) !== '0') throw t.env.err('alreadyCredited', str(inv.CreditInvoiceReference));
    const number = t.invoices.nextNumber();
    const date = today(t);
    const creditInv: Rec = {
      ...structuredClone(inv),
      DocumentNumber: number,
      OCR: ocrFor(number),
      InvoiceDate: date,
      DueDate: date,
      OutboundDate: date,
      Booked: false,
      Cancelled: false,
      Sent: false,
      Credit: 'true',
      InvoiceReference: n,
      CreditInvoiceReference: '0',
      Freight: -num(inv.Freight),
      AdministrationFee: -num(inv.AdministrationFee),
      VoucherNumber: null,
      VoucherSeries: null,
      VoucherYear: null,
      FinalPayDate: null,
      InvoiceRows: rowsOf(inv).map((r) => ({
        ...r,
        RowId: t.nextRowId(),
        DeliveredQuantity: String(-num(r.DeliveredQuantity)),
      })),
    };
    recompute(t, creditInv);
    save(invoices, t, creditInv, true);
    inv.CreditInvoiceReference = number;
  });
}

export function externalPrint(t: Tenant, n: string): ApiResult {
  return act(t, n, 'invoice-updated-v1', (inv) => {
    if (inv.Cancelled === true) throw t.env.err('cancelledDocument');
    inv.Sent = true;
  });
}

/** GET …/preview (Sent unchanged) and …/print (marks Sent) answer application/pdf. */
export function pdf(t: Tenant, n: string, markSent: boolean): ApiResult {
  const inv = find(invoices, t, n);
  if (markSent && inv.Sent !== true) externalPrint(t, n);
  return { status: 200, file: { contentType: 'application/pdf', data: invoicePdf(t, inv) } };
}
