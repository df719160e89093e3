import type { CallOptions, FortnoxClient, Invoice, InvoicePayment, InvoiceRowPayload } from '../fortnox/index.ts';
import type {
  FortnoxDocumentRecord,
  FortnoxInvoiceChanges,
  FortnoxInvoiceDetail,
  FortnoxPaymentRecord,
  FortnoxPort,
  FortnoxRow,
} from './fortnox-port.ts';

/**
 * The part of FortnoxPort that credits and payments use: invoices with their rows and credit links,
 * updates of an unbooked (credit) invoice, and invoice payments. Kept apart from fortnox-adapter.ts
 * so each file reads as one concern.
 */

type MoneyPort = Pick<
  FortnoxPort,
  | 'getInvoice'
  | 'findInvoicesByReference2'
  | 'updateInvoice'
  | 'invoicePayments'
  | 'createInvoicePayment'
  | 'bookkeepInvoicePayment'
  | 'modesOfPayment'
>;

/** An invoice as the engine sees it everywhere (state, totals, credit link). */
export function invoiceRecord(i: Invoice): FortnoxDocumentRecord {
  return {
    DocumentNumber: i.DocumentNumber,
    ExternalInvoiceReference1: i.ExternalInvoiceReference1,
    CustomerNumber: i.CustomerNumber,
    Currency: i.Currency,
    Net: i.Net,
    Total: i.Total,
    RoundOff: i.RoundOff,
    Balance: i.Balance,
    Booked: i.Booked,
    Cancelled: i.Cancelled,
    Sent: i.Sent,
    DueDate: i.DueDate,
    FinalPayDate: i.FinalPayDate,
    CreditInvoiceReference: i.CreditInvoiceReference,
  };
}

/** …and with its rows and credit fields, for credits and payments. */
export function invoiceDetail(i: Invoice): FortnoxInvoiceDetail {
  return {
    ...invoiceRecord(i),
    ExternalInvoiceReference2: i.ExternalInvoiceReference2,
    Credit: i.Credit,
    InvoiceReference: i.InvoiceReference,
    VATIncluded: i.VATIncluded,
    Freight: i.Freight,
    Rows: i.InvoiceRows.map((r) => {
      const row: FortnoxRow & { RowId: number | null } = {
        RowId: r.RowId,
        Description: r.Description,
        DeliveredQuantity: r.DeliveredQuantity,
        Price: r.Price,
        VAT: r.VAT ?? 0,
      };
      if (r.ArticleNumber !== '') row.ArticleNumber = r.ArticleNumber;
      if (r.AccountNumber !== null) row.AccountNumber = r.AccountNumber;
      if (r.Unit !== '') row.Unit = r.Unit;
      return row;
    }),
  };
}

function payment(p: InvoicePayment): FortnoxPaymentRecord {
  return {
    Number: p.Number,
    InvoiceNumber: p.InvoiceNumber,
    Amount: p.Amount,
    AmountCurrency: p.AmountCurrency,
    Currency: p.Currency,
    PaymentDate: p.PaymentDate,
    ModeOfPayment: p.ModeOfPayment,
    Booked: p.Booked,
  };
}

function changesPayload(changes: FortnoxInvoiceChanges) {
  const { Rows, ...rest } = changes;
  return Rows === undefined ? rest : { ...rest, InvoiceRows: Rows as InvoiceRowPayload[] };
}

export function moneyPort(client: FortnoxClient, o: CallOptions): MoneyPort {
  return {
    getInvoice: async (number) => {
      const invoice = await client.invoices.find(number, o);
      return invoice === undefined ? undefined : invoiceDetail(invoice);
    },
    findInvoicesByReference2: async (reference) => {
      const items = await client.invoices.findByExternalInvoiceReference2(reference, o);
      return Promise.all(items.map(async (item) => invoiceDetail(await client.invoices.get(item.DocumentNumber, o))));
    },
    updateInvoice: async (number, changes) =>
      invoiceDetail(await client.invoices.update(number, changesPayload(changes), o)),
    invoicePayments: async (invoiceNumber) => {
      // List items lack the mode of payment; the few payments of one invoice are read in full.
      const items = await client.invoicePayments.listForInvoice(invoiceNumber, o);
      return Promise.all(items.map(async (item) => payment(await client.invoicePayments.get(item.Number, o))));
    },
    createInvoicePayment: async (fields) => payment(await client.invoicePayments.create(fields, o)),
    bookkeepInvoicePayment: async (number) => payment(await client.invoicePayments.bookkeep(number, o)),
    modesOfPayment: async () => client.settings.modesOfPayments(o),
  };
}
