import type { CallOptions, FortnoxHttp } from '../http.ts';
import { collect, type ListOptions, paginate, searchQuery } from '../listing.ts';
import {
  type Customer,
  type CustomerListItem,
  CustomerListItemSchema,
  type CustomerPayload,
  CustomerSchema,
  type CustomerSearch,
} from '../schemas/customer.ts';
import { envelope, listEnvelope } from '../schemas/lenient.ts';
import { notFoundAsUndefined, segment } from './util.ts';

const One = envelope('Customer', CustomerSchema);
const Page = listEnvelope('Customers', CustomerListItemSchema);

/** Swedish organisation numbers are written with or without the dash (556677-8899 / 5566778899). */
const digits = (value: string): string => value.replace(/\D/g, '');

/**
 * /3/customers. Fortnox search is a case-insensitive *substring* match, so every `findBy…` helper
 * post-filters for equality: `organisationnumber=55667788` also returns 556677-8899-1… (reference §5).
 */
export class CustomersApi {
  readonly #http: FortnoxHttp;
  constructor(http: FortnoxHttp) {
    this.#http = http;
  }

  get(customerNumber: string, options: CallOptions = {}): Promise<Customer> {
    return this.#http.json(
      { ...options, method: 'GET', path: `customers/${segment(customerNumber)}`, operation: 'customers.get' },
      One,
    );
  }

  /** The customer, or undefined when Fortnox has no such number. */
  find(customerNumber: string, options: CallOptions = {}): Promise<Customer | undefined> {
    return notFoundAsUndefined(this.get(customerNumber, options));
  }

  /** Every customer matching `search` (substring semantics), streamed page by page. */
  list(search: CustomerSearch = {}, options: ListOptions = {}): AsyncGenerator<CustomerListItem> {
    return paginate(
      (page, limit) =>
        this.#http.json(
          {
            ...options,
            method: 'GET',
            path: 'customers',
            query: { ...searchQuery(search), page, limit },
            operation: 'customers.list',
          },
          Page,
        ),
      options,
    );
  }

  /** Customers whose organisation number equals `organisationNumber` (dash and spaces ignored). */
  findByOrganisationNumber(organisationNumber: string, options: CallOptions = {}): Promise<CustomerListItem[]> {
    const wanted = digits(organisationNumber);
    if (wanted === '') return Promise.resolve([]);
    // Fortnox stores the number as typed (with or without the dash) and matches substrings, so
    // search by the last four digits, which every spelling contains, and compare digits exactly.
    return collect(
      this.list({ organisationNumber: wanted.slice(-4) }, options),
      (c) => digits(c.OrganisationNumber) === wanted,
    );
  }

  /** Customers whose e-mail equals `email` (case-insensitive, as e-mail domains are). */
  findByEmail(email: string, options: CallOptions = {}): Promise<CustomerListItem[]> {
    const wanted = email.trim().toLowerCase();
    if (wanted === '') return Promise.resolve([]);
    return collect(this.list({ email: wanted }, options), (c) => c.Email.trim().toLowerCase() === wanted);
  }

  /** Customers whose name equals `name` exactly (after trimming). */
  findByName(name: string, options: CallOptions = {}): Promise<CustomerListItem[]> {
    const wanted = name.trim();
    if (wanted === '') return Promise.resolve([]);
    return collect(this.list({ name: wanted }, options), (c) => c.Name.trim() === wanted);
  }

  create(customer: CustomerPayload, options: CallOptions = {}): Promise<Customer> {
    return this.#http.json(
      { ...options, method: 'POST', path: 'customers', body: { Customer: customer }, operation: 'customers.create' },
      One,
    );
  }

  /** Partial update: only the given fields change (send "API_BLANK" to clear one). Safe to repeat. */
  update(customerNumber: string, changes: CustomerPayload, options: CallOptions = {}): Promise<Customer> {
    return this.#http.json(
      {
        ...options,
        method: 'PUT',
        path: `customers/${segment(customerNumber)}`,
        body: { Customer: changes },
        idempotent: true,
        operation: 'customers.update',
      },
      One,
    );
  }
}
