import { z } from 'zod';
import { type Ctx, type Route, route } from './api.ts';
import { createPrice, createProduct } from './catalog.ts';
import { createCreditNote, voidCreditNote } from './credit-notes.ts';
import { addTaxId, type Customer, saveCustomer, taxIdsOf } from './customers.ts';
import { invalid } from './errors.ts';
import { createInvoiceItem } from './invoice-items.ts';
import { renderInvoice } from './invoice-json.ts';
import type { Invoice } from './invoice-model.ts';
import { createInvoice, updateInvoice } from './invoices.ts';
import { embeddedList, type ListQuery, linesPage } from './list.ts';
import { bool, expand, id, int, mergeMetadata, metadata, parseParams, str } from './params.ts';
import { finalize, markUncollectible, pay, voidInvoice } from './payments.ts';
import { renderObject } from './render.ts';
import { answer, getRoute, listRoute, retrieve } from './routes-common.ts';
import type { ApiObject, Json } from './store.ts';
import { cancelSubscription, updateSubscription } from './subscription-changes.ts';
import { createSubscription } from './subscriptions.ts';
import { type Coupon, createCoupon, createTaxRate } from './tax-rates-coupons.ts';

/** Customers, catalogue, subscriptions, invoices, invoice items and credit notes. */

const LinesParams = z.strictObject({
  limit: int.optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
  expand,
});
const FinalizeParams = z.strictObject({ auto_advance: bool.optional(), expand });
const PayParams = z.strictObject({
  paid_out_of_band: bool.optional(),
  payment_method: id.optional(),
  forgive: bool.optional(),
  expand,
});
const MetaUpdate = z.strictObject({
  metadata,
  active: bool.optional(),
  name: str.optional(),
  nickname: str.optional(),
  display_name: str.optional(),
  description: str.optional(),
  expand,
});
const deleted = (o: ApiObject): Json => ({ id: o.id, object: o.object, deleted: true });

function updateMeta(c: Ctx, o: ApiObject, type: string): Json {
  const p = parseParams(MetaUpdate, c.params);
  const previous: Json = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === 'expand' || v === undefined) continue;
    previous[k] = o[k];
    o[k] =
      k === 'metadata' ? mergeMetadata(o.metadata as Record<string, string>, v as Record<string, string> | null) : v;
  }
  c.store.emit(type, o, previous);
  return answer(c, o);
}

function invoiceAction(c: Ctx, run: (inv: Invoice) => Invoice): Json {
  return answer(c, run(retrieve<Invoice>(c, 'invoice', 'invoice')));
}

export const billingRoutes: Route[] = [
  route('POST', '/v1/customers', (c) => answer(c, saveCustomer(c.store, c.params))),
  route(
    'GET',
    '/v1/customers',
    listRoute(
      'customer',
      '/v1/customers',
      { email: str.optional() },
      (o, p) => p.email === undefined || o.email === p.email,
    ),
  ),
  route('GET', '/v1/customers/:id', getRoute<Customer>('customer', 'customer')),
  route('POST', '/v1/customers/:id', (c) =>
    answer(c, saveCustomer(c.store, c.params, retrieve<Customer>(c, 'customer', 'customer'))),
  ),
  route('DELETE', '/v1/customers/:id', (c) => {
    const customer = retrieve<Customer>(c, 'customer', 'customer');
    c.store.objects.delete(customer.id);
    c.store.emit('customer.deleted', customer);
    return deleted(customer);
  }),
  route('POST', '/v1/customers/:id/tax_ids', (c) => {
    const customer = retrieve<Customer>(c, 'customer', 'customer');
    const p = parseParams(
      z.strictObject({ type: z.enum(['eu_vat', 'se_vat', 'no_vat', 'gb_vat', 'ch_vat']), value: str, expand }),
      c.params,
    );
    return answer(c, addTaxId(c.store, customer.id, { type: p.type, value: p.value }));
  }),
  route('GET', '/v1/customers/:id/tax_ids', (c) => {
    const customer = retrieve<Customer>(c, 'customer', 'customer');
    return embeddedList(
      taxIdsOf(c.store, customer.id).map((t) => renderObject(c.store, t, c.version)),
      `/v1/customers/${customer.id}/tax_ids`,
    );
  }),
  route('POST', '/v1/products', (c) => answer(c, createProduct(c.store, c.params))),
  route(
    'GET',
    '/v1/products',
    listRoute(
      'product',
      '/v1/products',
      { active: bool.optional() },
      (o, p) => p.active === undefined || o.active === p.active,
    ),
  ),
  route('GET', '/v1/products/:id', getRoute('product', 'product')),
  route('POST', '/v1/products/:id', (c) => updateMeta(c, retrieve(c, 'product', 'product'), 'product.updated')),
  route('POST', '/v1/prices', (c) => answer(c, createPrice(c.store, c.params))),
  route(
    'GET',
    '/v1/prices',
    listRoute(
      'price',
      '/v1/prices',
      { product: str.optional() },
      (o, p) => p.product === undefined || o.product === p.product,
    ),
  ),
  route('GET', '/v1/prices/:id', getRoute('price', 'price')),
  route('POST', '/v1/prices/:id', (c) => updateMeta(c, retrieve(c, 'price', 'price'), 'price.updated')),
  route('POST', '/v1/tax_rates', (c) => answer(c, createTaxRate(c.store, c.params))),
  route(
    'GET',
    '/v1/tax_rates',
    listRoute(
      'tax_rate',
      '/v1/tax_rates',
      { active: bool.optional() },
      (o, p) => p.active === undefined || o.active === p.active,
    ),
  ),
  route('GET', '/v1/tax_rates/:id', getRoute('tax_rate', 'tax_rate')),
  route('POST', '/v1/tax_rates/:id', (c) => updateMeta(c, retrieve(c, 'tax_rate', 'tax_rate'), 'tax_rate.updated')),
  route('POST', '/v1/coupons', (c) => answer(c, createCoupon(c.store, c.params))),
  route('GET', '/v1/coupons', listRoute('coupon', '/v1/coupons', {})),
  route('GET', '/v1/coupons/:id', getRoute<Coupon>('coupon', 'coupon')),
  route('POST', '/v1/subscriptions', (c) => answer(c, createSubscription(c.store, c.params))),
  route(
    'GET',
    '/v1/subscriptions',
    listRoute(
      'subscription',
      '/v1/subscriptions',
      { customer: str.optional(), status: str.optional() },
      (o, p) =>
        (p.customer === undefined || o.customer === p.customer) &&
        (p.status === 'all' || (p.status === undefined ? o.status !== 'canceled' : o.status === p.status)),
    ),
  ),
  route('GET', '/v1/subscriptions/:id', getRoute('subscription', 'subscription')),
  route('POST', '/v1/subscriptions/:id', (c) =>
    answer(c, updateSubscription(c.store, retrieve(c, 'subscription', 'subscription'), c.params)),
  ),
  route('DELETE', '/v1/subscriptions/:id', (c) =>
    answer(c, cancelSubscription(c.store, retrieve(c, 'subscription', 'subscription'))),
  ),
  route('POST', '/v1/invoices', (c) => answer(c, createInvoice(c.store, c.params))),
  route(
    'GET',
    '/v1/invoices',
    listRoute(
      'invoice',
      '/v1/invoices',
      {
        customer: str.optional(),
        subscription: str.optional(),
        status: str.optional(),
        collection_method: str.optional(),
      },
      (o, p) =>
        (p.customer === undefined || o.customer === p.customer) &&
        (p.subscription === undefined || o.subscription === p.subscription) &&
        (p.status === undefined || o.status === p.status) &&
        (p.collection_method === undefined || o.collection_method === p.collection_method),
    ),
  ),
  route('GET', '/v1/invoices/:id', getRoute('invoice', 'invoice')),
  route('POST', '/v1/invoices/:id', (c) => invoiceAction(c, (inv) => updateInvoice(c.store, inv, c.params))),
  route('DELETE', '/v1/invoices/:id', (c) => {
    const inv = retrieve<Invoice>(c, 'invoice', 'invoice');
    if (inv.status !== 'draft') throw invalid('You can only delete draft invoices.', { code: 'invoice_not_editable' });
    const body = answer(c, inv);
    c.store.objects.delete(inv.id);
    c.store.emit('invoice.deleted', body);
    return deleted(inv);
  }),
  route('GET', '/v1/invoices/:id/lines', (c) => {
    const p = parseParams(LinesParams, c.params) as ListQuery;
    const inv = renderInvoice(c.store, retrieve<Invoice>(c, 'invoice', 'invoice'), c.version, true);
    return linesPage((inv.lines as { data: Json[] }).data, p, `/v1/invoices/${String(inv.id)}/lines`);
  }),
  route('POST', '/v1/invoices/:id/finalize', (c) =>
    invoiceAction(c, (inv) => {
      const p = parseParams(FinalizeParams, c.params);
      if (p.auto_advance !== undefined) inv.auto_advance = p.auto_advance;
      return finalize(c.store, inv);
    }),
  ),
  route('POST', '/v1/invoices/:id/pay', (c) =>
    invoiceAction(c, (inv) => {
      const p = parseParams(PayParams, c.params);
      return pay(c.store, inv, { outOfBand: p.paid_out_of_band, paymentMethod: p.payment_method });
    }),
  ),
  route('POST', '/v1/invoices/:id/void', (c) => invoiceAction(c, (inv) => voidInvoice(c.store, inv))),
  route('POST', '/v1/invoices/:id/mark_uncollectible', (c) =>
    invoiceAction(c, (inv) => markUncollectible(c.store, inv)),
  ),
  route('POST', '/v1/invoiceitems', (c) => answer(c, createInvoiceItem(c.store, c.params))),
  route(
    'GET',
    '/v1/invoiceitems',
    listRoute(
      'invoiceitem',
      '/v1/invoiceitems',
      { customer: str.optional(), invoice: str.optional() },
      (o, p) =>
        (p.customer === undefined || o.customer === p.customer) && (p.invoice === undefined || o.invoice === p.invoice),
    ),
  ),
  route('GET', '/v1/invoiceitems/:id', getRoute('invoiceitem', 'invoiceitem')),
  route('POST', '/v1/credit_notes', (c) => answer(c, createCreditNote(c.store, c.params))),
  route(
    'GET',
    '/v1/credit_notes',
    listRoute(
      'credit_note',
      '/v1/credit_notes',
      { invoice: str.optional(), customer: str.optional() },
      (o, p) =>
        (p.invoice === undefined || o.invoice === p.invoice) && (p.customer === undefined || o.customer === p.customer),
    ),
  ),
  route('GET', '/v1/credit_notes/:id', getRoute('credit_note', 'credit_note')),
  route('GET', '/v1/credit_notes/:id/lines', (c) => {
    const p = parseParams(LinesParams, c.params) as ListQuery;
    const note = retrieve(c, 'credit_note', 'credit_note');
    return linesPage(structuredClone((note.lines as { data: Json[] }).data), p, `/v1/credit_notes/${note.id}/lines`);
  }),
  route('POST', '/v1/credit_notes/:id/void', (c) =>
    answer(c, voidCreditNote(c.store, retrieve(c, 'credit_note', 'credit_note'))),
  ),
];
