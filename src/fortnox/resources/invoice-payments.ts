import type { CallOptions, FortnoxHttp } from '../http.ts';
import { collect, type ListOptions, paginate } from '../listing.ts';
import { envelope, listEnvelope } from '../schemas/lenient.ts';
import { type InvoicePayment, type InvoicePaymentPayload, InvoicePaymentSchema } from '../schemas/order-payment.ts';
import { segment } from './util.ts';

const OnePayment = envelope('InvoicePayment', InvoicePaymentSchema);
const PaymentPage = listEnvelope('InvoicePayments', InvoicePaymentSchema);

/** /3/invoicepayments (reference §4.4). Registering a payment is not idempotent. */
export class InvoicePaymentsApi {
  readonly #http: FortnoxHttp;
  constructor(http: FortnoxHttp) {
    this.#http = http;
  }

  get(number: string, options: CallOptions = {}): Promise<InvoicePayment> {
    return this.#http.json(
      { ...options, method: 'GET', path: `invoicepayments/${segment(number)}`, operation: 'invoicepayments.get' },
      OnePayment,
    );
  }

  /** Payments of one invoice (to check before registering one again after an ambiguous failure). */
  async listForInvoice(invoiceNumber: string, options: ListOptions = {}): Promise<InvoicePayment[]> {
    // The search is a substring match like every Fortnox search: invoice 1 would also find 10, 11…
    return collect(
      paginate(
        (page, limit) =>
          this.#http.json(
            {
              ...options,
              method: 'GET',
              path: 'invoicepayments',
              query: { invoicenumber: invoiceNumber, page, limit },
              operation: 'invoicepayments.list',
            },
            PaymentPage,
          ),
        options,
      ),
      (p) => p.InvoiceNumber === invoiceNumber,
    );
  }

  create(payment: InvoicePaymentPayload, options: CallOptions = {}): Promise<InvoicePayment> {
    return this.#http.json(
      {
        ...options,
        method: 'POST',
        path: 'invoicepayments',
        body: { InvoicePayment: payment },
        operation: 'invoicepayments.create',
      },
      OnePayment,
    );
  }

  bookkeep(number: string, options: CallOptions = {}): Promise<InvoicePayment> {
    return this.#http.json(
      {
        ...options,
        method: 'PUT',
        path: `invoicepayments/${segment(number)}/bookkeep`,
        operation: 'invoicepayments.bookkeep',
      },
      OnePayment,
    );
  }
}
