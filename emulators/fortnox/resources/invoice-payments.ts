import { stockholmDate } from '../clock.ts';
import { find, full } from '../crud.ts';
import { FortnoxError, KNOWN, NOT_FOUND } from '../errors.ts';
import { D, given, I, N, RO, S, type Spec } from '../fields.ts';
import type { ResourceDef } from '../resource.ts';
import { type ApiResult, ok } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { isRec, num, type Rec, round, str } from '../values.ts';
import { recompute } from './invoices.ts';
import { predefinedAccount } from './predefined-accounts.ts';
import { addVoucher } from './vouchers.ts';

const spec: Spec = {
  Amount: N(2),
  AmountCurrency: N(2),
  CurrencyRate: N(4),
  InvoiceNumber: I,
  ModeOfPayment: S(),
  ModeOfPaymentAccount: I,
  PaymentDate: D,
  WriteOffs: RO,
};

function blank(): Rec {
  const n = null;
  return {
    Amount: 0,
    AmountCurrency: 0,
    Booked: false,
    Currency: 'SEK',
    CurrencyRate: 1,
    CurrencyUnit: 1,
    ExternalInvoiceReference1: '',
    ExternalInvoiceReference2: '',
    InvoiceCustomerName: '',
    InvoiceCustomerNumber: '',
    InvoiceDueDate: n,
    InvoiceNumber: 0,
    InvoiceOCR: '',
    InvoiceTotal: 0,
    ModeOfPayment: 'BG',
    ModeOfPaymentAccount: 1930,
    Number: n,
    PaymentDate: n,
    VoucherNumber: n,
    VoucherSeries: n,
    VoucherYear: n,
    Source: 'manual',
    WriteOffs: [],
  };
}

/** Moves the invoice Balance by `sign` × the payment; FinalPayDate is the date it reached 0. */
function apply(t: Tenant, pay: Rec, sign: 1 | -1): void {
  const key = str(pay.InvoiceNumber);
  const stored = t.invoices.get(key);
  if (!stored) return;
  const inv = structuredClone(stored);
  t.settled.set(key, round((t.settled.get(key) ?? 0) + sign * num(pay.AmountCurrency)));
  recompute(t, inv);
  inv.FinalPayDate = num(inv.Balance) === 0 ? (sign === 1 ? str(pay.PaymentDate) : (inv.FinalPayDate ?? null)) : null;
  t.invoices.put(key, inv, t.now());
  t.env.emit('invoices', 'invoice-updated-v1', t.id, key);
}

const applyOnCreate = (t: Tenant): boolean => t.env.opts.quirks.paymentAffectsBalanceOn === 'create';

function beforeSave(t: Tenant, rec: Rec, payload: Rec, created: boolean, previous: Rec | undefined): void {
  if (previous?.Booked === true) throw t.env.err('paymentBooked');
  const inv = t.invoices.get(str(rec.InvoiceNumber));
  if (!inv) throw new FortnoxError(400, NOT_FOUND.invoices.code, `${NOT_FOUND.invoices.message} (InvoiceNumber)`);
  if (inv.Cancelled === true) throw t.env.err('cancelledDocument');
  // [unverified] whether Fortnox refuses payments on unbooked invoices; switchable.
  if (inv.Booked !== true && t.env.opts.quirks.paymentRequiresBookedInvoice) throw t.env.err('paymentNeedsBooked');
  if (!given(payload.Amount) && !given(payload.AmountCurrency) && created) throw t.env.err('required', 'Amount');
  if (!t.accountExists(num(rec.ModeOfPaymentAccount))) {
    throw new FortnoxError(400, KNOWN.accountMissing.code, `${KNOWN.accountMissing.message} (ModeOfPaymentAccount)`);
  }
  rec.Currency = inv.Currency ?? 'SEK';
  if (!given(payload.CurrencyRate) && created) rec.CurrencyRate = num(inv.CurrencyRate) || 1;
  const rate = num(rec.CurrencyRate) || 1;
  // Amount is in SEK; AmountCurrency in the invoice currency (required when that is not SEK).
  if (rec.Currency === 'SEK') rec.AmountCurrency = rec.Amount ?? 0;
  else if (given(payload.AmountCurrency) && !given(payload.Amount)) rec.Amount = round(num(rec.AmountCurrency) * rate);
  else if (given(payload.Amount) && !given(payload.AmountCurrency)) rec.AmountCurrency = round(num(rec.Amount) / rate);
  if (!given(rec.PaymentDate)) rec.PaymentDate = stockholmDate(t.now());
  Object.assign(rec, {
    ExternalInvoiceReference1: inv.ExternalInvoiceReference1 ?? '',
    ExternalInvoiceReference2: inv.ExternalInvoiceReference2 ?? '',
    InvoiceCustomerName: inv.CustomerName ?? '',
    InvoiceCustomerNumber: inv.CustomerNumber ?? '',
    InvoiceDueDate: inv.DueDate ?? null,
    InvoiceOCR: inv.OCR ?? '',
    InvoiceTotal: inv.Total ?? 0,
  });
  if (previous && applyOnCreate(t)) apply(t, previous, -1);
}

/** PUT /3/invoicepayments/{n}/bookkeep: voucher in series C, debit bank, credit receivables. */
export function bookkeepPayment(t: Tenant, n: string): ApiResult {
  const pay = structuredClone(find(invoicePayments, t, n));
  if (pay.Booked === true) throw t.env.err('paymentBooked');
  const voucher = addVoucher(t, {
    series: t.settings.paymentVoucherSeries,
    description: `Inbetalning faktura ${str(pay.InvoiceNumber)}`,
    date: str(pay.PaymentDate),
    referenceType: 'INVOICEPAYMENT',
    referenceNumber: n,
    lines: [
      { account: num(pay.ModeOfPaymentAccount), debit: num(pay.Amount), credit: 0 },
      { account: predefinedAccount(t, 'CUSTCLAIM'), debit: 0, credit: num(pay.Amount) },
    ],
  });
  Object.assign(pay, {
    Booked: true,
    VoucherNumber: voucher.VoucherNumber ?? null,
    VoucherSeries: voucher.VoucherSeries ?? null,
    VoucherYear: voucher.Year ?? null,
  });
  t.invoicepayments.put(n, pay, t.now());
  if (!applyOnCreate(t)) apply(t, pay, 1);
  t.env.emit('invoices', 'invoicepayment-bookkeep-v1', t.id, n);
  return ok({ InvoicePayment: full(invoicePayments, t, pay) });
}

export const invoicePayments: ResourceDef = {
  path: 'invoicepayments',
  single: 'InvoicePayment',
  plural: 'InvoicePayments',
  scope: 'payment',
  table: (t) => t.invoicepayments,
  key: 'Number',
  spec,
  notFound: NOT_FOUND.invoicepayments,
  blank,
  autoNumber: true,
  required: ['InvoiceNumber'],
  keyImmutable: true,
  listKeys: [
    'Amount',
    'Booked',
    'Currency',
    'CurrencyRate',
    'CurrencyUnit',
    'InvoiceNumber',
    'Number',
    'PaymentDate',
    'Source',
  ],
  listItem: (rec, t) => ({
    '@url': t.env.url(`invoicepayments/${str(rec.Number)}`),
    Amount: rec.Amount ?? 0,
    Booked: rec.Booked ?? false,
    Currency: rec.Currency ?? 'SEK',
    CurrencyRate: rec.CurrencyRate ?? 1,
    CurrencyUnit: rec.CurrencyUnit ?? 1,
    InvoiceNumber: rec.InvoiceNumber ?? 0,
    Number: rec.Number ?? '',
    PaymentDate: rec.PaymentDate ?? null,
    Source: rec.Source ?? 'manual',
    WriteOffExist: Array.isArray(rec.WriteOffs) && rec.WriteOffs.some(isRec),
  }),
  search: { invoicenumber: { field: 'InvoiceNumber', how: 'exact' } },
  sortable: { paymentdate: 'PaymentDate', number: 'Number' },
  defaultSort: 'PaymentDate',
  deletable: true,
  beforeSave,
  afterSave: (t, rec) => {
    if (applyOnCreate(t)) apply(t, rec, 1);
  },
};

/** DELETE only while unbooked; the payment's effect on the invoice is undone. */
export function deletePayment(t: Tenant, n: string): ApiResult {
  const pay = find(invoicePayments, t, n);
  if (pay.Booked === true) throw t.env.err('paymentBooked');
  if (applyOnCreate(t)) apply(t, pay, -1);
  t.invoicepayments.delete(n);
  return { status: 204 };
}
