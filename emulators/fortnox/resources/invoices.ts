import { stockholmDate } from '../clock.ts';
import { NOT_FOUND } from '../errors.ts';
import { B, D, E, given, RO, S, type Spec } from '../fields.ts';
import type { ResourceDef } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { isRec, type Json, luhnValid, num, ocrFor, type Rec, round, str } from '../values.ts';
import { copyCustomer, customerFor, documentRules, documentSearch, documentSpec, dueDate } from './document-common.ts';
import { buildRows, computeTotals } from './document-rows.ts';
import { blankInvoice as blank } from './invoice-blank.ts';

const spec: Spec = {
  ...documentSpec,
  DueDate: D,
  InvoiceDate: D,
  EDIInformation: {
    t: 'obj',
    spec: Object.fromEntries(
      [
        'EDIGlobalLocationNumber',
        'EDIGlobalLocationNumberDelivery',
        'EDIInvoiceExtra1',
        'EDIInvoiceExtra2',
        'EDIOurElectronicReference',
        'EDIYourElectronicReference',
        'EDIStatus',
      ].map((k) => [k, S()]),
    ),
  },
  EUQuarterlyReport: B,
  InvoiceType: E('INVOICE', 'AGREEMENTINVOICE', 'INTRESTINVOICE', 'SUMMARYINVOICE', 'CASHINVOICE'),
  OCR: S(25),
  PaymentWay: E('CASH', 'CARD', 'AG'),
  // Rows and labels are read by beforeSave (row update rules), not by the generic field parser.
  InvoiceRows: RO,
  Labels: RO,
};

export const rowsOf = (rec: Rec, key = 'InvoiceRows'): Rec[] =>
  (Array.isArray(rec[key]) ? (rec[key] as Json[]) : []).filter(isRec);

/** Recomputes totals and Balance (Total minus what payments/credits settled). */
export function recompute(t: Tenant, rec: Rec): void {
  Object.assign(rec, computeTotals(rowsOf(rec), rec, t.env.opts.quirks.roundTotals));
  rec.TotalToPay = rec.Total ?? 0;
  rec.Balance = round(num(rec.Total) - (t.settled.get(str(rec.DocumentNumber)) ?? 0));
}

function beforeSave(t: Tenant, rec: Rec, payload: Rec, created: boolean, previous: Rec | undefined): void {
  const env = t.env;
  if (previous?.Cancelled === true) throw env.err('cancelledDocument');
  // Booked invoices are locked; corrections go through /credit [reference §6]. [unverified which
  // fields stay editable: the emulator refuses every PUT]
  if (previous?.Booked === true) throw env.err('bookedCannotChange');
  const customer = customerFor(t, rec);
  if (created || str(previous?.CustomerNumber) !== str(rec.CustomerNumber)) copyCustomer(t, rec, payload, customer);
  documentRules(t, rec, payload, 'InvoiceDate', created);
  dueDate(rec, payload, created);
  if (created && !given(payload.OCR)) rec.OCR = ocrFor(str(rec.DocumentNumber));
  // [unverified] a supplied OCR must be digits with a valid Luhn check digit (as "426523791" is).
  if (given(payload.OCR) && !luhnValid(str(rec.OCR))) throw env.err('invalidValue', `OCR: ${str(rec.OCR)}`);
  rec.InvoiceRows = buildRows(t, 'invoice', payload.InvoiceRows, rowsOf(previous ?? {}), customer);
  // EUQuarterlyReport is only an input flag, obsolete since 2021-12-01 ("for invoices created
  // 2021-12-01 and later, this property will have no effect" [OAS createInvoice]); kept as sent.
  const euReverse = str(customer.VATType) === 'EUREVERSEDVAT';
  if (created && !given(payload.EUQuarterlyReport) && euReverse && env.opts.quirks.euQuarterlyReport !== 'as-sent')
    rec.EUQuarterlyReport = true;
  if (Array.isArray(payload.Labels)) rec.Labels = payload.Labels.filter(isRec).map((l) => ({ Id: num(l.Id) }));
  recompute(t, rec);
}

const LIST_KEYS = [
  'Balance',
  'Booked',
  'Cancelled',
  'CostCenter',
  'Currency',
  'CurrencyRate',
  'CurrencyUnit',
  'CustomerName',
  'CustomerNumber',
  'DocumentNumber',
  'DueDate',
  'ExternalInvoiceReference1',
  'ExternalInvoiceReference2',
  'InvoiceDate',
  'InvoiceType',
  'NoxFinans',
  'OCR',
  'VoucherNumber',
  'VoucherSeries',
  'VoucherYear',
  'WayOfDelivery',
  'TermsOfPayment',
  'Project',
  'Sent',
  'Total',
  'FinalPayDate',
] as const;

/** List items: a subset, with CurrencyRate as a string [VCR invoices/all]. */
function listItem(rec: Rec, t: Tenant): Rec {
  const out: Rec = { '@url': t.env.url(`invoices/${str(rec.DocumentNumber)}`) };
  for (const k of LIST_KEYS) out[k] = rec[k] ?? null;
  out.CurrencyRate = String(rec.CurrencyRate ?? 1);
  return out;
}

const today = (t: Tenant): string => stockholmDate(t.now());
const unpaid = (r: Rec): boolean => r.Cancelled !== true && r.Booked === true && num(r.Balance) !== 0;

export const invoices: ResourceDef = {
  path: 'invoices',
  single: 'Invoice',
  plural: 'Invoices',
  scope: 'invoice',
  table: (t) => t.invoices,
  key: 'DocumentNumber',
  spec,
  notFound: NOT_FOUND.invoices,
  blank,
  autoNumber: true,
  required: ['CustomerNumber'],
  keyImmutable: true,
  listKeys: LIST_KEYS,
  listItem,
  search: {
    ...documentSearch('InvoiceDate', 'InvoiceRows'),
    ocr: { field: 'OCR', how: 'substring' },
    invoicetype: { field: 'InvoiceType', how: 'exact' },
    credit: { field: 'Credit', how: 'bool' },
    fromfinalpaydate: { fn: (r, v) => given(r.FinalPayDate) && str(r.FinalPayDate) >= v },
    tofinalpaydate: { fn: (r, v) => given(r.FinalPayDate) && str(r.FinalPayDate) <= v },
  },
  // Filter semantics [inferred, reference §5]; fullypaid observed as Balance 0 + FinalPayDate.
  filters: {
    cancelled: (r) => r.Cancelled === true,
    fullypaid: (r) => r.Cancelled !== true && r.Booked === true && num(r.Balance) === 0 && given(r.FinalPayDate),
    unbooked: (r) => r.Booked !== true && r.Cancelled !== true,
    unpaid,
    unpaidoverdue: (r, t) => unpaid(r) && str(r.DueDate) < today(t),
  },
  sortable: {
    customername: 'CustomerName',
    customernumber: 'CustomerNumber',
    documentnumber: 'DocumentNumber',
    invoicedate: 'InvoiceDate',
    ocr: 'OCR',
    total: 'Total',
  },
  defaultSort: 'DocumentNumber',
  passiveParams: ['financialyear', 'financialyeardate'],
  deletable: false,
  beforeSave,
  afterSave: (t, rec, created) =>
    t.env.emit('invoices', created ? 'invoice-created-v1' : 'invoice-updated-v1', t.id, str(rec.DocumentNumber)),
  links: (t, key) => ({
    '@urlTaxReductionList': `${t.env.url('taxreductions')}?filter=invoices&referencenumber=${key}`,
  }),
};
