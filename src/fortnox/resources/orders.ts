import { z } from 'zod';
import { FortnoxResponseError } from '../errors.ts';
import type { CallOptions, FortnoxHttp } from '../http.ts';
import { type ListOptions, paginate, searchQuery } from '../listing.ts';
import { envelope, listEnvelope } from '../schemas/lenient.ts';
import { type Order, type OrderPayload, OrderSchema, type OrderSearch } from '../schemas/order-payment.ts';
import { liveByReference, notFoundAsUndefined, segment } from './util.ts';

const One = envelope('Order', OrderSchema);
const Page = listEnvelope('Orders', OrderSchema);
// Only checked to be a Fortnox envelope; the order is re-read either way.
const OrderOrInvoice = z.union([
  z.object({ Order: z.object({}).loose() }),
  z.object({ Invoice: z.object({}).loose() }),
]);

/**
 * /3/orders: for tenants that want an order instead of an invoice draft (reference §4.5). Same
 * rules as invoices: creates and actions are never re-sent after an ambiguous failure.
 */
export class OrdersApi {
  readonly #http: FortnoxHttp;
  constructor(http: FortnoxHttp) {
    this.#http = http;
  }

  get(documentNumber: string, options: CallOptions = {}): Promise<Order> {
    return this.#http.json(
      { ...options, method: 'GET', path: `orders/${segment(documentNumber)}`, operation: 'orders.get' },
      One,
    );
  }

  find(documentNumber: string, options: CallOptions = {}): Promise<Order | undefined> {
    return notFoundAsUndefined(this.get(documentNumber, options));
  }

  list(search: OrderSearch = {}, options: ListOptions = {}): AsyncGenerator<Order> {
    return paginate(
      (page, limit) =>
        this.#http.json(
          {
            ...options,
            method: 'GET',
            path: 'orders',
            query: { ...searchQuery(search), page, limit },
            operation: 'orders.list',
          },
          Page,
        ),
      options,
    );
  }

  /** Orders whose ExternalInvoiceReference1 equals `reference` exactly, cancelled ones left out. */
  findByExternalInvoiceReference1(reference: string, options: CallOptions = {}): Promise<Order[]> {
    return liveByReference(reference, (wanted) => this.list({ externalInvoiceReference1: wanted }, options));
  }

  create(order: OrderPayload, options: CallOptions = {}): Promise<Order> {
    return this.#http.json(
      { ...options, method: 'POST', path: 'orders', body: { Order: order }, operation: 'orders.create' },
      One,
    );
  }

  update(documentNumber: string, changes: OrderPayload, options: CallOptions = {}): Promise<Order> {
    return this.#http.json(
      {
        ...options,
        method: 'PUT',
        path: `orders/${segment(documentNumber)}`,
        body: { Order: changes },
        operation: 'orders.update',
      },
      One,
    );
  }

  cancel(documentNumber: string, options: CallOptions = {}): Promise<Order> {
    return this.#http.json(
      { ...options, method: 'PUT', path: `orders/${segment(documentNumber)}/cancel`, operation: 'orders.cancel' },
      One,
    );
  }

  /**
   * Turns the order into an invoice and answers the invoice's document number. The spec says the
   * action returns the Invoice, both official SDKs read an Order, so we accept either answer and
   * read the number from the order itself (reference §4.5).
   */
  async createInvoice(
    documentNumber: string,
    options: CallOptions = {},
  ): Promise<{ order: Order; invoiceNumber: string }> {
    await this.#http.json(
      {
        ...options,
        method: 'PUT',
        path: `orders/${segment(documentNumber)}/createinvoice`,
        operation: 'orders.createinvoice',
      },
      OrderOrInvoice,
    );
    const order = await this.get(documentNumber, options);
    if (order.InvoiceReference === null) {
      throw new FortnoxResponseError(`Fortnox set no InvoiceReference on order ${documentNumber} after createinvoice`, {
        code: 'fortnox_unexpected_response',
        userMessage: 'Fortnox did not report the invoice created from the order; check the order in Fortnox.',
      });
    }
    return { order, invoiceNumber: order.InvoiceReference };
  }
}
