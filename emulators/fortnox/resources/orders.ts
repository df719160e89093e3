import { stockholmDate } from '../clock.ts';
import { create, find, full } from '../crud.ts';
import { NOT_FOUND } from '../errors.ts';
import { B, D, E, RO, S, type Spec } from '../fields.ts';
import type { ResourceDef } from '../resource.ts';
import { type ApiResult, ok } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { type Rec, str } from '../values.ts';
import { copyCustomer, customerFor, documentRules, documentSearch, documentSpec } from './document-common.ts';
import { buildRows, computeTotals } from './document-rows.ts';
import { invoices, rowsOf } from './invoices.ts';

const spec: Spec = {
  ...documentSpec,
  OrderDate: D,
  CopyRemarks: B,
  DeliveryState: E('registration', 'reservation', 'delivery'),
  StockPointCode: S(),
  StockPointId: S(),
  OrderRows: RO,
  Labels: RO,
};

/** A new order in the recorded key order [VCR orders/save_with_nested_model]. */
function blank(): Rec {
  const n = null;
  return {
    AdministrationFee: 0,
    AdministrationFeeVAT: 0,
    Address1: '',
    Address2: '',
    BasisTaxReduction: 0,
    Cancelled: false,
    City: '',
    Comments: '',
    ContributionPercent: 0,
    ContributionValue: 0,
    CopyRemarks: false,
    Country: '',
    CostCenter: '',
    Currency: 'SEK',
    CurrencyRate: 1,
    CurrencyUnit: 1,
    CustomerName: '',
    CustomerNumber: '',
    DeliveryState: 'delivery',
    DeliveryAddress1: '',
    DeliveryAddress2: '',
    DeliveryCity: '',
    DeliveryCountry: '',
    DeliveryDate: n,
    DeliveryName: '',
    DeliveryZipCode: '',
    DocumentNumber: n,
    EmailInformation: {
      EmailAddressFrom: n,
      EmailAddressTo: '',
      EmailAddressCC: n,
      EmailAddressBCC: n,
      EmailSubject: 'Order {no} bifogas',
      EmailBody: ' ',
    },
    ExternalInvoiceReference1: '',
    ExternalInvoiceReference2: '',
    Freight: 0,
    FreightVAT: 0,
    Gross: 0,
    HouseWork: false,
    InvoiceReference: '0',
    Labels: [],
    Language: 'SV',
    Net: 0,
    NotCompleted: false,
    OfferReference: '0',
    OrderDate: n,
    OrderRows: [],
    OrderType: 'Order',
    OrganisationNumber: '',
    OurReference: '',
    Phone1: '',
    Phone2: '',
    PriceList: 'A',
    PrintTemplate: 'oc',
    Project: '',
    WarehouseReady: true,
    OutboundDate: n,
    Remarks: '',
    RoundOff: 0,
    Sent: false,
    TaxReduction: n,
    TermsOfDelivery: '',
    TermsOfPayment: '',
    TimeBasisReference: n,
    Total: 0,
    TotalToPay: 0,
    TotalVAT: 0,
    VATIncluded: false,
    WayOfDelivery: '',
    YourReference: '',
    YourOrderNumber: '',
    ZipCode: '',
    StockPointCode: n,
    StockPointId: n,
    TaxReductionType: 'none',
  };
}

function beforeSave(t: Tenant, rec: Rec, payload: Rec, created: boolean, previous: Rec | undefined): void {
  if (previous?.Cancelled === true) throw t.env.err('cancelledDocument');
  if (previous && str(previous.InvoiceReference) !== '0') throw t.env.err('orderInvoiced');
  const customer = customerFor(t, rec);
  if (created || str(previous?.CustomerNumber) !== str(rec.CustomerNumber)) copyCustomer(t, rec, payload, customer);
  documentRules(t, rec, payload, 'OrderDate', created);
  rec.OrderRows = buildRows(t, 'order', payload.OrderRows, rowsOf(previous ?? {}, 'OrderRows'), customer);
  const totals = computeTotals(rowsOf(rec, 'OrderRows'), rec, t.env.opts.quirks.roundTotals);
  Object.assign(rec, totals, { TotalToPay: totals.Total });
}

const LIST_KEYS = [
  'Cancelled',
  'Currency',
  'CustomerName',
  'CustomerNumber',
  'DeliveryDate',
  'DocumentNumber',
  'ExternalInvoiceReference1',
  'ExternalInvoiceReference2',
  'OrderDate',
  'OrderType',
  'Project',
  'Sent',
  'Total',
] as const;

export const orders: ResourceDef = {
  path: 'orders',
  single: 'Order',
  plural: 'Orders',
  scope: 'order',
  table: (t) => t.orders,
  key: 'DocumentNumber',
  spec,
  notFound: NOT_FOUND.orders,
  blank,
  autoNumber: true,
  required: ['CustomerNumber'],
  keyImmutable: true,
  listKeys: LIST_KEYS,
  search: { ...documentSearch('OrderDate', 'OrderRows'), ordertype: { field: 'OrderType', how: 'exact' } },
  filters: {
    cancelled: (r) => r.Cancelled === true,
    expired: (r) => r.Cancelled !== true && r.DeliveryDate !== null && str(r.DeliveryDate) < str(r.OrderDate), // [inferred]
    invoicecreated: (r) => str(r.InvoiceReference) !== '0',
    invoicenotcreated: (r) => str(r.InvoiceReference) === '0' && r.Cancelled !== true,
  },
  sortable: {
    customername: 'CustomerName',
    customernumber: 'CustomerNumber',
    documentnumber: 'DocumentNumber',
    orderdate: 'OrderDate',
  },
  defaultSort: 'DocumentNumber',
  deletable: false,
  beforeSave,
  afterSave: (t, rec, created) =>
    t.env.emit('orders', created ? 'order-created-v1' : 'order-updated-v1', t.id, str(rec.DocumentNumber)),
  links: (t, key) => ({ '@urlTaxReductionList': `${t.env.url('taxreductions')}?filter=orders&referencenumber=${key}` }),
};

export function cancelOrder(t: Tenant, n: string): ApiResult {
  const order = structuredClone(find(orders, t, n));
  if (order.Cancelled === true) throw t.env.err('cancelledDocument');
  if (str(order.InvoiceReference) !== '0') throw t.env.err('orderInvoiced');
  order.Cancelled = true;
  t.orders.put(n, order, t.now());
  t.env.emit('orders', 'order-cancelled-v1', t.id, n);
  return ok({ Order: full(orders, t, order) });
}

const COPY = [
  'CustomerNumber',
  'Address1',
  'Address2',
  'City',
  'ZipCode',
  'Country',
  'Comments',
  'Currency',
  'CurrencyRate',
  'ExternalInvoiceReference1',
  'ExternalInvoiceReference2',
  'Freight',
  'AdministrationFee',
  'OurReference',
  'YourReference',
  'YourOrderNumber',
  'Project',
  'CostCenter',
  'TermsOfPayment',
  'VATIncluded',
  'Remarks',
];

/** PUT /3/orders/{n}/createinvoice: an invoice from the order's rows; the order records it. */
export function createInvoiceFromOrder(t: Tenant, n: string): ApiResult {
  const order = structuredClone(find(orders, t, n));
  if (order.Cancelled === true) throw t.env.err('cancelledDocument');
  if (str(order.InvoiceReference) !== '0') throw t.env.err('orderInvoiced', str(order.InvoiceReference));
  const body: Rec = { CustomerNumber: order.CustomerNumber ?? '' };
  for (const k of COPY) if (order[k] !== null && order[k] !== undefined && order[k] !== '') body[k] = order[k] ?? null;
  body.InvoiceRows = rowsOf(order, 'OrderRows').map((r) => ({
    ArticleNumber: r.ArticleNumber ?? '',
    Description: r.Description ?? '',
    DeliveredQuantity: r.DeliveredQuantity ?? '0',
    Price: r.Price ?? 0,
    Discount: r.Discount ?? 0,
    DiscountType: r.DiscountType ?? 'PERCENT',
    AccountNumber: r.AccountNumber ?? null,
    VAT: r.VAT ?? 0,
    Unit: r.Unit ?? '',
  }));
  const made = create(invoices, t, { Invoice: body }).body?.Invoice;
  const number = made && typeof made === 'object' && !Array.isArray(made) ? str(made.DocumentNumber) : '';
  const inv = structuredClone(find(invoices, t, number));
  inv.OrderReference = n;
  t.invoices.put(number, inv, t.now());
  order.InvoiceReference = number;
  order.OutboundDate = stockholmDate(t.now());
  t.orders.put(n, order, t.now());
  t.env.emit('orders', 'order-updated-v1', t.id, n);
  // The OAS says InvoiceWrap, both C# SDKs read an Order [reference §4.5]; switchable.
  return t.env.opts.quirks.createInvoiceAnswers === 'invoice'
    ? ok({ Invoice: full(invoices, t, inv) })
    : ok({ Order: full(orders, t, order) });
}
