import { defined } from '../../core/optional.ts';
import type { CallOptions, FortnoxHttp } from '../http.ts';
import { collect, type ListOptions, paginate, searchQuery } from '../listing.ts';
import {
  type Invoice,
  type InvoiceListItem,
  InvoiceListItemSchema,
  type InvoicePayload,
  InvoiceSchema,
  type InvoiceSearch,
} from '../schemas/invoice.ts';
import { envelope, listEnvelope } from '../schemas/lenient.ts';
import { liveByReference, notFoundAsUndefined, segment } from './util.ts';

const One = envelope('Invoice', InvoiceSchema);
const Page = listEnvelope('Invoices', InvoiceListItemSchema);

type Action = 'bookkeep' | 'cancel' | 'credit' | 'externalprint';

/**
 * /3/invoices. Creates and actions are not idempotent (Fortnox has no idempotency key), so the
 * client never re-sends them after an ambiguous failure; the caller finds the invoice with
 * `findByExternalInvoiceReference1` first (reference §9, DESIGN invariant 1).
 */
export class InvoicesApi {
  readonly #http: FortnoxHttp;
  constructor(http: FortnoxHttp) {
    this.#http = http;
  }

  get(documentNumber: string, options: CallOptions = {}): Promise<Invoice> {
    return this.#http.json(
      { ...options, method: 'GET', path: `invoices/${segment(documentNumber)}`, operation: 'invoices.get' },
      One,
    );
  }

  find(documentNumber: string, options: CallOptions = {}): Promise<Invoice | undefined> {
    return notFoundAsUndefined(this.get(documentNumber, options));
  }

  /** Every invoice matching `search` (list items, a subset of fields), streamed page by page. */
  list(search: InvoiceSearch = {}, options: ListOptions = {}): AsyncGenerator<InvoiceListItem> {
    return paginate(
      (page, limit) =>
        this.#http.json(
          {
            ...options,
            method: 'GET',
            path: 'invoices',
            query: { ...searchQuery(search), page, limit },
            operation: 'invoices.list',
          },
          Page,
        ),
      options,
    );
  }

  /**
   * Invoices whose ExternalInvoiceReference1 equals `reference` exactly, cancelled ones left out.
   * Fortnox's search is a case-insensitive substring match ("sf-1" finds "SF-10"), hence the filter.
   */
  findByExternalInvoiceReference1(
    reference: string,
    options: CallOptions & { customerNumber?: string } = {},
  ): Promise<InvoiceListItem[]> {
    const { customerNumber, ...call } = options;
    return liveByReference(reference, (wanted) =>
      this.list({ externalInvoiceReference1: wanted, ...defined({ customerNumber }) }, call),
    );
  }

  /**
   * Invoices (credit invoices included, cancelled ones left out) whose ExternalInvoiceReference2 equals
   * `reference` exactly: credits carry their own source reference there, since a credit invoice made by
   * the credit action keeps the original's ExternalInvoiceReference1.
   */
  async findByExternalInvoiceReference2(reference: string, options: CallOptions = {}): Promise<InvoiceListItem[]> {
    const wanted = reference.trim();
    if (wanted === '') return [];
    return collect(
      this.list({ externalInvoiceReference2: wanted }, options),
      (i) => i.ExternalInvoiceReference2 === wanted && !i.Cancelled,
    );
  }

  /** Creates a draft (not booked). Not retried after an ambiguous failure: see the class comment. */
  create(invoice: InvoicePayload, options: CallOptions = {}): Promise<Invoice> {
    return this.#http.json(
      { ...options, method: 'POST', path: 'invoices', body: { Invoice: invoice }, operation: 'invoices.create' },
      One,
    );
  }

  /**
   * Partial update of an unbooked invoice. With rows: rows carrying RowId are kept/changed, rows
   * without are added, rows not sent are removed, and every RowId changes afterwards.
   */
  update(documentNumber: string, changes: InvoicePayload, options: CallOptions = {}): Promise<Invoice> {
    return this.#http.json(
      {
        ...options,
        method: 'PUT',
        path: `invoices/${segment(documentNumber)}`,
        body: { Invoice: changes },
        operation: 'invoices.update',
      },
      One,
    );
  }

  /** Books the invoice (locks amounts and rows; corrections then go through `credit`). */
  bookkeep(documentNumber: string, options: CallOptions = {}): Promise<Invoice> {
    return this.#action(documentNumber, 'bookkeep', options);
  }

  /** Cancels an unbooked invoice ("makulera"); it stays in lists with Cancelled true. */
  cancel(documentNumber: string, options: CallOptions = {}): Promise<Invoice> {
    return this.#action(documentNumber, 'cancel', options);
  }

  /** Credits a booked invoice; the answer's CreditInvoiceReference names the new credit invoice. */
  credit(documentNumber: string, options: CallOptions = {}): Promise<Invoice> {
    return this.#action(documentNumber, 'credit', options);
  }

  /** Marks the invoice as sent without Fortnox sending anything. */
  externalPrint(documentNumber: string, options: CallOptions = {}): Promise<Invoice> {
    return this.#action(documentNumber, 'externalprint', options);
  }

  /** The invoice as PDF, without marking it sent (unlike print). */
  async preview(documentNumber: string, options: CallOptions = {}): Promise<Buffer> {
    const file = await this.#http.binary({
      ...options,
      method: 'GET',
      path: `invoices/${segment(documentNumber)}/preview`,
      operation: 'invoices.preview',
    });
    return file.data;
  }

  #action(documentNumber: string, action: Action, options: CallOptions): Promise<Invoice> {
    return this.#http.json(
      {
        ...options,
        method: 'PUT',
        path: `invoices/${segment(documentNumber)}/${action}`,
        operation: `invoices.${action}`,
      },
      One,
    );
  }
}
