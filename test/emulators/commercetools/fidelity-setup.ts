import type { ShapeAllowances } from '../../helpers/json-shape.ts';
import type { Fixture } from './fixtures.ts';
import { type Answer, q, type TestCt } from './helpers.ts';

/**
 * The situations the official examples show, built through the API (fidelity-replays.ts sends the
 * equivalent requests). `extra` names the documented optional fields the emulator fills in where the
 * (trimmed) example has none, `optional` the example's fields it does not produce, each with the reason.
 */

export interface Replay {
  got: Answer;
  /** The JSON to compare when it is not the answer body (a queue delivery). */
  actual?: unknown;
  rules?: ShapeAllowances;
}

export type Why = Record<string, string>;

export const AUDIT: Why = {
  '$.createdBy': 'optional CreatedBy: who made the resource (an API client here)',
  '$.lastModifiedBy': 'optional LastModifiedBy: who changed it last',
};
/** Order.raml optional fields an order created from an External-tax cart with a shipping address has. */
export const ORDER_EXTRA: Why = {
  ...AUDIT,
  '$.taxedPrice': 'optional; present once every item is taxed (the example taxes its line but omits it)',
  '$.taxCalculationMode': 'optional; newer than the example',
  '$.priceRoundingMode': 'optional (release note 2025-06-27)',
  '$.shippingAddress': 'an order needs one "regardless of the TaxMode" [orders.raml POST]',
  '$.customerEmail': "optional; carried from the cart, where it is the customer's",
  '$.cart': 'optional: the cart the order was created from',
  '$.lineItems[].taxedPrice.totalTax': 'TaxedItemPrice.raml optional (release note 2022-04-08)',
};
export const prefixed = (prefix: string, why: Why): Why =>
  Object.fromEntries(Object.entries(why).map(([p, w]) => [p.replace('$', prefix), w]));

export async function must(t: TestCt, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const got = await t.api(method, path, body);
  if (got.status >= 300) throw new Error(`${method} ${path} → ${got.status} ${got.text.slice(0, 400)}`);
  return got.json as Record<string, unknown>;
}

/** The example order's situation: External tax mode, a customer, a business unit, one line of a variant with two attributes. */
export async function exampleCart(t: TestCt): Promise<Record<string, unknown>> {
  await must(t, 'POST', '/product-types', { key: 'fidelity-type', name: 'Fidelity', description: 'fixture replay' });
  await must(t, 'POST', '/products', {
    productType: { key: 'fidelity-type' },
    name: { en: 'MyProduct' },
    slug: { en: 'new-product-slug-12345678', de: 'neues-produkt-slug-1234678' },
    masterVariant: {
      sku: 'some-sku-123',
      prices: [{ value: { currencyCode: 'EUR', centAmount: 1000 } }],
      attributes: [
        { name: 'text', value: 'attribute-value' },
        { name: 'enum', value: { key: 'test', label: 'test' } },
      ],
    },
    publish: true,
  });
  const customer = (await must(t, 'POST', '/customers', { email: 'fixture@example.com', password: 'secret123' }))
    .customer as { id: string };
  await must(t, 'POST', '/business-units', { key: 'ba-france-123', unitType: 'Company', name: 'BA France' });
  return must(t, 'POST', '/carts', {
    currency: 'EUR',
    taxMode: 'External',
    customerId: customer.id,
    businessUnit: { key: 'ba-france-123', typeId: 'business-unit' },
    shippingAddress: { country: 'DE' },
    lineItems: [{ sku: 'some-sku-123', quantity: 1, externalTaxRate: { name: 'Bla', amount: 0.1, country: 'DE' } }],
  });
}

export async function exampleOrder(t: TestCt): Promise<Record<string, unknown>> {
  const cart = await exampleCart(t);
  return must(t, 'POST', '/orders', { cart: { id: cart.id, typeId: 'cart' }, version: cart.version });
}

export async function examplePayment(t: TestCt, f?: Fixture): Promise<Record<string, unknown>> {
  const draft = f?.request ?? {
    key: '123456',
    interfaceId: '789011',
    amountPlanned: { currencyCode: 'USD', centAmount: 1000 },
    paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD', name: { en: 'Credit Card' } },
    transactions: [
      {
        timestamp: '2015-10-20T08:54:24.000Z',
        type: 'Charge',
        amount: { currencyCode: 'USD', centAmount: 1000 },
        state: 'Pending',
      },
    ],
  };
  return must(t, 'POST', '/payments', draft);
}

export async function interfaceCodeMessage(t: TestCt): Promise<Record<string, unknown>> {
  const payment = await examplePayment(t);
  await must(t, 'POST', `/payments/${payment.id}`, {
    version: payment.version,
    actions: [{ action: 'setStatusInterfaceCode', interfaceCode: 'InterfaceCodeString' }],
  });
  const page = await must(t, 'GET', `/messages?where=${q('type = "PaymentStatusInterfaceCodeSet"')}`);
  return (page.results as Record<string, unknown>[])[0] as Record<string, unknown>;
}
