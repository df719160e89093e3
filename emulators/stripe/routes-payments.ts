import { z } from 'zod';
import { type Route, route } from './api.ts';
import { attachPaymentMethod, type PaymentMethod } from './customers.ts';
import { endpointOf, renderEvent } from './events.ts';
import { expand, id, mergeMetadata, metadata, parseParams, str } from './params.ts';
import { createRefund } from './refunds.ts';
import { answer, getRoute, listRoute, retrieve } from './routes-common.ts';
import type { Json } from './store.ts';

/** Payment methods, PaymentIntents, charges, refunds, balance transactions, invoice payments, events, webhook endpoints. */

const eq = (want: unknown, have: unknown): boolean => want === undefined || want === have;

export const paymentRoutes: Route[] = [
  route('GET', '/v1/payment_methods/:id', getRoute('payment_method', 'PaymentMethod')),
  route('POST', '/v1/payment_methods/:id/attach', (c) => {
    const p = parseParams(z.strictObject({ customer: id, expand }), c.params);
    retrieve(c, 'payment_method', 'PaymentMethod');
    return answer(c, attachPaymentMethod(c.store, c.ids[0] ?? '', p.customer));
  }),
  route('GET', '/v1/customers/:id/payment_methods', (c) => {
    const customer = retrieve(c, 'customer', 'customer');
    return listRoute(
      'payment_method',
      `/v1/customers/${customer.id}/payment_methods`,
      { type: str.optional() },
      (o) => (o as PaymentMethod).customer === customer.id,
    )(c);
  }),
  route(
    'GET',
    '/v1/payment_intents',
    listRoute('payment_intent', '/v1/payment_intents', { customer: str.optional() }, (o, p) =>
      eq(p.customer, o.customer),
    ),
  ),
  route('GET', '/v1/payment_intents/:id', getRoute('payment_intent', 'payment_intent')),
  route(
    'GET',
    '/v1/charges',
    listRoute(
      'charge',
      '/v1/charges',
      { customer: str.optional(), payment_intent: str.optional() },
      (o, p) => eq(p.customer, o.customer) && eq(p.payment_intent, o.payment_intent),
    ),
  ),
  route('GET', '/v1/charges/:id', getRoute('charge', 'charge')),
  route('POST', '/v1/refunds', (c) => answer(c, createRefund(c.store, c.params))),
  route(
    'GET',
    '/v1/refunds',
    listRoute(
      'refund',
      '/v1/refunds',
      { charge: str.optional(), payment_intent: str.optional() },
      (o, p) => eq(p.charge, o.charge) && eq(p.payment_intent, o.payment_intent),
    ),
  ),
  route('GET', '/v1/refunds/:id', getRoute('refund', 'refund')),
  route('POST', '/v1/refunds/:id', (c) => {
    const refund = retrieve(c, 'refund', 'refund');
    const p = parseParams(z.strictObject({ metadata, expand }), c.params);
    const previous = { metadata: refund.metadata };
    refund.metadata = mergeMetadata(refund.metadata as Record<string, string>, p.metadata);
    c.store.emit('refund.updated', refund, previous);
    return answer(c, refund);
  }),
  route(
    'GET',
    '/v1/balance_transactions',
    listRoute(
      'balance_transaction',
      '/v1/balance_transactions',
      { source: str.optional(), type: str.optional() },
      (o, p) => eq(p.source, o.source) && eq(p.type, o.type),
    ),
  ),
  route('GET', '/v1/balance_transactions/:id', getRoute('balance_transaction', 'balance_transaction')),
  route(
    'GET',
    '/v1/invoice_payments',
    listRoute(
      'invoice_payment',
      '/v1/invoice_payments',
      {
        invoice: str.optional(),
        payment: z.strictObject({ type: str.optional(), payment_intent: str.optional() }).optional(),
        status: str.optional(),
      },
      (o, p) =>
        eq(p.invoice, o.invoice) &&
        eq(p.status, o.status) &&
        eq(p.payment?.payment_intent, (o.payment as Json).payment_intent),
    ),
  ),
  route('GET', '/v1/invoice_payments/:id', getRoute('invoice_payment', 'invoice_payment')),
  route('GET', '/v1/events', (c) => c.events.list(c.params)),
  // An event keeps the version it was rendered in (its `api_version`), whatever version asks for it.
  route('GET', '/v1/events/:id', (c) => {
    parseParams(z.strictObject({ expand }), c.params);
    const e = c.events.event(c.ids[0] ?? '');
    return renderEvent(e, e.api_version);
  }),
  route('POST', '/v1/webhook_endpoints', (c) => c.events.endpointJson(c.events.createEndpoint(c.params), true)),
  route('GET', '/v1/webhook_endpoints', listRoute('webhook_endpoint', '/v1/webhook_endpoints', {})),
  route('GET', '/v1/webhook_endpoints/:id', getRoute('webhook_endpoint', 'webhook_endpoint')),
  route('POST', '/v1/webhook_endpoints/:id', (c) =>
    c.events.endpointJson(c.events.updateEndpoint(endpointOf(c.store, c.ids[0] ?? ''), c.params)),
  ),
  route('DELETE', '/v1/webhook_endpoints/:id', (c) => c.events.deleteEndpoint(endpointOf(c.store, c.ids[0] ?? ''))),
];
