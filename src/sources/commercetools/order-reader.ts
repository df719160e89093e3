import type { Order } from '@commercetools/platform-sdk';
import type { Customer, SourceRef } from '../../core/documents.ts';
import type { CustomerRead, DocumentRead } from '../source.ts';
import { type CtApi, ctCall } from './client.ts';
import { fromBusinessUnit, fromCustomer, fromGuest, isOrderId } from './customer-map.ts';
import { OBJECTS } from './ids.ts';
import { mapOrder, orderTitle, wantsInvoice } from './order-map.ts';
import type { CommercetoolsSettings } from './settings.ts';

/**
 * Reads an order (and whoever it is invoiced to) as it is now. Three requests at most: the order,
 * then its business unit or customer. A registered customer deleted since falls back to the order's
 * own billing address (a guest), so an old order can still be invoiced.
 */

export async function readOrder(api: CtApi, id: string): Promise<Order | undefined> {
  return ctCall('reading the order', () => api.orders().withId({ ID: id }).get().execute());
}

async function orderCustomer(api: CtApi, connection: string, order: Order): Promise<Customer> {
  const address = order.billingAddress;
  const unitKey = order.businessUnit?.key;
  if (unitKey !== undefined) {
    const unit = await ctCall('reading the business unit', () =>
      api.businessUnits().withKey({ key: unitKey }).get().execute(),
    );
    if (unit !== undefined) return fromBusinessUnit(connection, unit, address);
  }
  if (order.customerId !== undefined) {
    const customerId = order.customerId;
    const customer = await ctCall('reading the customer', () =>
      api.customers().withId({ ID: customerId }).get().execute(),
    );
    if (customer !== undefined) return fromCustomer(connection, customer, address);
  }
  return fromGuest(connection, order);
}

export async function readOrderDocument(
  api: CtApi,
  ref: SourceRef,
  settings: CommercetoolsSettings,
  /** What the bookkeeping model says first (an order booked as vouchers is no invoice). */
  model?: (order: Order) => Promise<DocumentRead | undefined>,
  /** Told the version read, so messages and reconciliations naming it queue no second read. */
  read?: (order: Order) => Promise<void>,
): Promise<DocumentRead> {
  const order = await readOrder(api, ref.id);
  if (order === undefined) return { kind: 'gone' };
  await read?.(order);
  const decided = await model?.(order);
  if (decided !== undefined) return decided;
  const title = orderTitle(order);
  const active = wantsInvoice(order, settings.invoiceWhen);
  const customer = await orderCustomer(api, ref.connection, order);
  if (order.billingAddress === undefined) {
    return {
      kind: 'blocked',
      active,
      title,
      code: 'no_billing_address',
      message: `The ${title} has no billing address. Add the billing address to the order in commercetools; it decides the customer's VAT.`,
      customer: customer.source,
    };
  }
  const mapped = mapOrder(order, customer, ref.connection, settings);
  if (mapped.kind === 'blocked') return { ...mapped, active, title, customer: customer.source };
  return mapped;
}

export async function readCustomerRecord(api: CtApi, ref: SourceRef): Promise<CustomerRead> {
  if (ref.object === OBJECTS.customer) {
    const c = await ctCall('reading the customer', () => api.customers().withId({ ID: ref.id }).get().execute());
    return c === undefined ? { kind: 'gone' } : { kind: 'customer', customer: fromCustomer(ref.connection, c) };
  }
  if (ref.object === OBJECTS.businessUnit) {
    const bu = await ctCall('reading the business unit', () =>
      api.businessUnits().withKey({ key: ref.id }).get().execute(),
    );
    return bu === undefined ? { kind: 'gone' } : { kind: 'customer', customer: fromBusinessUnit(ref.connection, bu) };
  }
  // A guest known by e-mail, VAT or organisation number is re-read with the order that needs it
  // (document.sync); on its own there is nothing to read. Earlier releases keyed a guest by its order.
  if (!isOrderId(ref.id)) return { kind: 'gone' };
  const order = await readOrder(api, ref.id);
  return order === undefined ? { kind: 'gone' } : { kind: 'customer', customer: fromGuest(ref.connection, order) };
}
