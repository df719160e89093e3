import { z } from 'zod';
import type { Credit, Customer, Payment, SalesDocument, SourceRef } from '../../src/core/documents.ts';
import type { FieldValues, SourceAdapter, WritebackItem } from '../../src/sources/source.ts';

/**
 * A source adapter backed by in-memory maps, for tests of the core: orders (role document), refunds
 * (role credit) and payments (role payment) of one connection, `main`. Tests put records in the maps
 * and enqueue `document.sync` as a real adapter's webhook or poller would; what the core tells the
 * source (write-backs) lands in `written`. Never registered in production.
 */

export const MEMORY_SYSTEM = 'memshop';
export const MEMORY_CONNECTION = 'main';

export interface MemorySource {
  adapter: SourceAdapter;
  orders: Map<string, SalesDocument>;
  refunds: Map<string, Credit>;
  payments: Map<string, Payment>;
  /** Fields written back per source record (`object:id`), later writes merged in. */
  written: Map<string, FieldValues>;
  ref(object: 'order' | 'refund' | 'payment' | 'customer', id: string): SourceRef;
}

const words = (document: string) => ({ document, customer: 'customer', line: 'line' });

export function memorySource(): MemorySource {
  const orders = new Map<string, SalesDocument>();
  const refunds = new Map<string, Credit>();
  const payments = new Map<string, Payment>();
  const written = new Map<string, FieldValues>();
  const customers = () =>
    new Map<string, Customer>([...orders.values()].map((o) => [o.customer.source.id, o.customer]));
  const ref = (object: string, id: string): SourceRef => ({
    system: MEMORY_SYSTEM,
    connection: MEMORY_CONNECTION,
    object,
    id,
  });
  const adapter: SourceAdapter = {
    system: MEMORY_SYSTEM,
    label: 'Memory shop',
    referenceStyle: 'qualified',
    idSchema: z.string().regex(/^[a-z0-9-]{1,40}$/),
    objects: {
      order: { role: 'document', words: words('order') },
      refund: { role: 'credit', words: words('refund') },
      payment: { role: 'payment', words: words('payment') },
      customer: { role: 'customer', words: words('customer') },
    },
    settingsSchema: z.object({}),
    documentFields: ({ record }) => ({
      fortnox_kind: record.kind,
      fortnox_number: record.fortnoxNumber,
      fortnox_state: record.state,
      fortnox_error: record.errorMessage,
    }),
    customerFields: (outcome) => (outcome.kind === 'linked' ? { customer_number: outcome.customerNumber } : undefined),
    open: () => ({
      readDocument: async (_ctx, source) => {
        const order = orders.get(source.id);
        return order === undefined ? { kind: 'gone' } : { kind: 'document', document: structuredClone(order) };
      },
      readCustomer: async (_ctx, source) => {
        const customer = customers().get(source.id);
        return customer === undefined ? { kind: 'gone' } : { kind: 'customer', customer };
      },
      readCredit: async (_ctx, source) => {
        const credit = refunds.get(source.id);
        return credit === undefined ? { kind: 'gone' } : { kind: 'credit', credit: structuredClone(credit) };
      },
      readPayment: async (_ctx, source) => {
        const payment = payments.get(source.id);
        return payment === undefined ? { kind: 'gone' } : { kind: 'payment', payment: structuredClone(payment) };
      },
      writeback: {
        batchSize: 50,
        send: async (_connection, items: readonly WritebackItem[]) => {
          for (const item of items) {
            const key = `${item.source.object}:${item.source.id}`;
            written.set(key, { ...written.get(key), ...item.fields });
          }
          return { kind: 'results', results: items.map(() => ({ kind: 'written' as const })) };
        },
      },
    }),
  };
  return { adapter, orders, refunds, payments, written, ref };
}

/** A plain Swedish B2B order of the memory shop: two product lines, prices without VAT. */
export function memoryOrder(id: string, lines: { sku: string; quantity: number; price: number }[]): SalesDocument {
  return {
    source: { system: MEMORY_SYSTEM, connection: MEMORY_CONNECTION, object: 'order', id },
    title: `order #${id}`,
    customer: {
      source: { system: MEMORY_SYSTEM, connection: MEMORY_CONNECTION, object: 'customer', id: `c-${id}` },
      name: `Kund ${id} AB`,
      kind: 'company',
      email: `kund-${id}@example.se`,
      billingAddress: { street1: 'Storgatan 1', postalCode: '411 01', city: 'Göteborg', countryCode: 'SE' },
    },
    currency: 'SEK',
    documentDate: '2026-12-01',
    lines: lines.map((l) => ({
      productCode: l.sku,
      description: `Product ${l.sku}`,
      quantity: l.quantity,
      unitPrice: l.price,
      vatRate: 25,
    })),
    active: true,
  };
}
