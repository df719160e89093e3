import type { Customer } from './customers.ts';
import { noSuch } from './errors.ts';
import type { Invoice } from './invoice-model.ts';
import type { StripeStore } from './store.ts';

/** The lookups every route shares, answering Stripe's 404 `resource_missing` for a missing id. */

export const invoiceOf = (store: StripeStore, invoiceId: string, param = 'id'): Invoice => {
  const inv = store.get<Invoice>(invoiceId, 'invoice');
  if (!inv) throw noSuch('invoice', invoiceId, param);
  return inv;
};

export const customerOf = (store: StripeStore, customerId: string, param = 'customer'): Customer => {
  const c = store.get<Customer>(customerId, 'customer');
  if (!c) throw noSuch('customer', customerId, param);
  return c;
};
