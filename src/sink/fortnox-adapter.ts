import type { CallOptions, FortnoxClient, Order } from '../fortnox/index.ts';
import { articlePort } from './article-port.ts';
import { invoiceRecord as fromInvoice, moneyPort } from './fortnox-adapter-money.ts';
import type {
  DocumentKind,
  FortnoxCustomerFields,
  FortnoxCustomerRecord,
  FortnoxDocumentFields,
  FortnoxDocumentRecord,
  FortnoxPort,
} from './fortnox-port.ts';
import { voucherPort } from './voucher-port.ts';

/**
 * FortnoxPort over the Fortnox client: the engine's vocabulary (a "document" is an invoice or an
 * order) translated to the client's resources. Every call carries the job's AbortSignal, so a
 * worker shutting down stops its HTTP calls too.
 */

function fromOrder(o: Order): FortnoxDocumentRecord {
  return {
    DocumentNumber: o.DocumentNumber,
    ExternalInvoiceReference1: o.ExternalInvoiceReference1,
    CustomerNumber: o.CustomerNumber,
    Currency: o.Currency,
    Net: null,
    Total: o.Total,
    Balance: o.Total,
    Booked: false,
    Cancelled: o.Cancelled,
    Sent: o.Sent,
    DueDate: null,
    FinalPayDate: null,
    CreditInvoiceReference: null,
  };
}

function invoicePayload(fields: FortnoxDocumentFields) {
  const { DocumentDate, Rows, ...rest } = fields;
  return { ...rest, InvoiceDate: DocumentDate, InvoiceRows: Rows };
}

function orderPayload(fields: FortnoxDocumentFields) {
  const { DocumentDate, Rows, ...rest } = fields;
  return {
    ...rest,
    OrderDate: DocumentDate,
    OrderRows: Rows.map((row) => ({ ...row, OrderedQuantity: row.DeliveredQuantity })),
  };
}

export function fortnoxPort(client: FortnoxClient, signal?: AbortSignal): FortnoxPort {
  const o: CallOptions = signal === undefined ? {} : { signal };
  const customer = async (number: string): Promise<FortnoxCustomerRecord | undefined> => {
    const found = await client.customers.find(number, o);
    return found === undefined
      ? undefined
      : ({ ...found, CustomerNumber: found.CustomerNumber, Name: found.Name } as FortnoxCustomerRecord);
  };
  // List items lack most fields; the full record is read for the (few) matches.
  const full = async (items: { CustomerNumber: string }[]) =>
    (await Promise.all(items.map((item) => customer(item.CustomerNumber)))).filter(
      (c): c is FortnoxCustomerRecord => c !== undefined,
    );

  return {
    enabledCurrencies: async () => (await client.settings.currencies(o)).map((c) => c.Code),
    getCustomer: customer,
    findCustomersByOrganisationNumber: async (org) => full(await client.customers.findByOrganisationNumber(org, o)),
    findCustomersByEmail: async (email) => full(await client.customers.findByEmail(email, o)),
    findCustomersByName: async (name) => full(await client.customers.findByName(name, o)),
    createCustomer: async (fields: FortnoxCustomerFields) =>
      (await client.customers.create(fields, o)) as FortnoxCustomerRecord,
    updateCustomer: async (number, fields) =>
      (await client.customers.update(number, fields, o)) as FortnoxCustomerRecord,
    articleExists: async (number) => (await client.articles.find(number, o)) !== undefined,
    createArticle: async (article) => {
      await client.articles.create(article, o);
    },
    createDocument: async (kind: DocumentKind, fields) =>
      kind === 'invoice'
        ? fromInvoice(await client.invoices.create(invoicePayload(fields), o))
        : fromOrder(await client.orders.create(orderPayload(fields), o)),
    getDocument: async (kind, number) => {
      if (kind === 'invoice') {
        const invoice = await client.invoices.find(number, o);
        return invoice === undefined ? undefined : fromInvoice(invoice);
      }
      const order = await client.orders.find(number, o);
      return order === undefined ? undefined : fromOrder(order);
    },
    findDocumentsByReference: async (kind, reference) => {
      if (kind === 'order') return (await client.orders.findByExternalInvoiceReference1(reference, o)).map(fromOrder);
      const items = await client.invoices.findByExternalInvoiceReference1(reference, o);
      const invoices = await Promise.all(items.map((item) => client.invoices.get(item.DocumentNumber, o)));
      // A credited original or a credit note shares the reference but is no longer the live document.
      return invoices.filter((i) => !i.Credit && i.CreditInvoiceReference === null).map(fromInvoice);
    },
    updateDocument: async (kind, number, fields) =>
      kind === 'invoice'
        ? fromInvoice(await client.invoices.update(number, invoicePayload(fields), o))
        : fromOrder(await client.orders.update(number, orderPayload(fields), o)),
    cancelDocument: async (kind, number) =>
      kind === 'invoice'
        ? fromInvoice(await client.invoices.cancel(number, o))
        : fromOrder(await client.orders.cancel(number, o)),
    creditInvoice: async (number) => fromInvoice(await client.invoices.credit(number, o)),
    bookkeepInvoice: async (number) => fromInvoice(await client.invoices.bookkeep(number, o)),
    ...moneyPort(client, o),
    vouchers: voucherPort(client, o),
    articles: articlePort(client, o),
  };
}
