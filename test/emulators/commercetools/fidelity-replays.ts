import {
  AUDIT,
  exampleCart,
  exampleOrder,
  examplePayment,
  interfaceCodeMessage,
  must,
  ORDER_EXTRA,
  prefixed,
  type Replay,
} from './fidelity-setup.ts';
import type { Fixture } from './fixtures.ts';
import { at, q, type TestCt } from './helpers.ts';

/** For each official example (by fixture name), the equivalent request against the emulator. */
export const REPLAYS: Record<string, (t: TestCt, f: Fixture) => Promise<Replay>> = {
  'orders-get': async (t) => {
    const order = await exampleOrder(t);
    return { got: await t.api('GET', `/orders/${order.id}`), rules: { extra: ORDER_EXTRA } };
  },
  'orders-query': async (t) => {
    await exampleOrder(t);
    return {
      got: await t.api('GET', `/orders?where=${q('lineItems(variant(sku = "some-sku-123"))')}`),
      rules: { extra: prefixed('$.results[]', ORDER_EXTRA) },
    };
  },
  'orders-create': async (t) => {
    const cart = await exampleCart(t);
    return {
      got: await t.api('POST', '/orders', { cart: { id: cart.id, typeId: 'cart' }, version: cart.version }),
      rules: { extra: ORDER_EXTRA },
    };
  },
  'orders-update': async (t, f) => {
    const order = await exampleOrder(t);
    const body = { ...(f.request as object), version: order.version };
    return { got: await t.api('POST', `/orders/${order.id}`, body), rules: { extra: ORDER_EXTRA } };
  },
  'error-409-concurrent-modification': async (t) => {
    const order = await exampleOrder(t);
    await must(t, 'POST', `/orders/${order.id}`, {
      version: order.version,
      actions: [{ action: 'changeOrderState', orderState: 'Confirmed' }],
    });
    const stale = { version: order.version, actions: [{ action: 'changeOrderState', orderState: 'Complete' }] };
    // currentVersion is optional in ConcurrentModificationError.raml; the SDK's retry middleware reads it.
    return {
      got: await t.api('POST', `/orders/${order.id}`, stale),
      rules: { extra: { '$.errors[].currentVersion': 'optional in ConcurrentModificationError.raml' } },
    };
  },
  'payments-create': async (t, f) => ({ got: await t.api('POST', '/payments', f.request), rules: { extra: AUDIT } }),
  'payments-get': async (t) => {
    const payment = await examplePayment(t);
    return { got: await t.api('GET', `/payments/${payment.id}`), rules: { extra: AUDIT } };
  },
  'payments-query': async (t) => {
    await examplePayment(t);
    return {
      got: await t.api('GET', `/payments?where=${q('key = "123456"')}`),
      rules: { extra: prefixed('$.results[]', AUDIT) },
    };
  },
  'payments-update': async (t, f) => {
    const payment = await examplePayment(t);
    const state = await must(t, 'POST', '/states', { key: 'payment-captured', type: 'PaymentState' });
    const request = f.request as { actions: Array<Record<string, unknown>> };
    const actions = request.actions.map((a) =>
      a.action === 'transitionState' ? { ...a, state: { typeId: 'state', id: state.id } } : a,
    );
    // The RAML reuses the plain Payment example as the answer; after transitionState paymentStatus has `state`.
    return {
      got: await t.api('POST', `/payments/${payment.id}`, { version: payment.version, actions }),
      rules: { extra: { ...AUDIT, '$.paymentStatus.state': 'optional; set by transitionState' } },
    };
  },
  'customers-create': async (t, f) => ({
    got: await t.api('POST', '/customers', f.request),
    rules: { extra: prefixed('$.customer', AUDIT) },
  }),
  'customers-get': async (t) => {
    const created = await must(t, 'POST', '/customers', {
      email: 'johndoe@example.com',
      firstName: 'John',
      lastName: 'Doe',
      password: 'secret123',
    });
    return { got: await t.api('GET', `/customers/${at(created, 'customer', 'id')}`) };
  },
  'business-units-get': async (t) => {
    const bu = await must(t, 'POST', '/business-units', {
      key: 'commercetools',
      unitType: 'Company',
      name: 'commercetools',
    });
    return { got: await t.api('GET', `/business-units/${bu.id}`), rules: { extra: AUDIT } };
  },
  'products-get': async (t) => {
    await must(t, 'POST', '/product-types', { key: 'fidelity-type', name: 'Fidelity', description: 'fixture replay' });
    const category = await must(t, 'POST', '/categories', { name: { en: 'Shirts' }, slug: { en: 'shirts' } });
    const tax = await must(t, 'POST', '/tax-categories', {
      name: 'Standard',
      rates: [{ name: '19%', amount: 0.19, includedInPrice: true, country: 'DE' }],
    });
    const product = await must(t, 'POST', '/products', {
      productType: { key: 'fidelity-type' },
      name: { en: 'MB PREMIUM TECH T' },
      slug: { en: 'mb-premium-tech-t1369226795424' },
      description: { en: 'Sample description' },
      categories: [{ id: category.id, typeId: 'category' }],
      taxCategory: { id: tax.id, typeId: 'tax-category' },
      masterVariant: {
        sku: 'sku_MB_PREMIUM_TECH_T_variant1_1369226795424',
        prices: [{ value: { currencyCode: 'EUR', centAmount: 10000 } }],
        images: [{ url: 'https://commercetools.com/cli/data/253245821_1.jpg', dimensions: { w: 1400, h: 1400 } }],
      },
      attributes: [{ name: 'label', value: 'product-attribute' }],
      publish: true,
    });
    const why =
      'beta, only for projects with productCatalogModel Modular [ProductData.raml]; the emulated project is Classic';
    return {
      got: await t.api('GET', `/products/${product.id}`),
      rules: {
        extra: {
          ...AUDIT,
          '$.masterData.current.masterVariant.assets':
            'ProductVariant.raml optional; empty here as in the order example',
          '$.masterData.staged.masterVariant.assets':
            'ProductVariant.raml optional; empty here as in the order example',
        },
        optional: { '$.masterData.current.defaultVariant': why, '$.masterData.staged.defaultVariant': why },
      },
    };
  },
  'inventory-get': async (t) => {
    const entry = await must(t, 'POST', '/inventory', {
      sku: 'sku_GIRLS_CREW_variant1_1421832124541',
      key: 'ie-key-1',
      quantityOnStock: 4,
    });
    return { got: await t.api('GET', `/inventory/${entry.id}`), rules: { extra: AUDIT } };
  },
  'messages-get': async (t) => {
    const m = await interfaceCodeMessage(t);
    return { got: await t.api('GET', `/messages/${m.id}`) };
  },
  'messages-query': async (t) => {
    await interfaceCodeMessage(t);
    return { got: await t.api('GET', `/messages?where=${q('type = "PaymentStatusInterfaceCodeSet"')}`) };
  },
  'subscription-message-payload': async (t) => {
    const sub = await must(t, 'POST', '/subscriptions', {
      key: 'customers',
      destination: { type: 'GoogleCloudPubSub', projectId: 'demo', topic: 'customers' },
      messages: [{ resourceTypeId: 'customer' }],
    });
    const created = await must(t, 'POST', '/customers', {
      email: 'jane@example.com',
      lastName: 'Smith',
      password: 'x-secret-1',
    });
    const customer = created.customer as { id: string; version: number };
    const got = await t.api('POST', `/customers/${customer.id}`, {
      version: customer.version,
      actions: [{ action: 'setLastName', lastName: 'Doe' }],
    });
    const deliveries = t.emu.subscriptions.read(String(sub.key));
    return { got, actual: deliveries.find((d) => d.type === 'CustomerLastNameSet') };
  },
  'subscription-cloudevents-payload': async (t) => {
    await must(t, 'POST', '/subscriptions', {
      key: 'products',
      destination: { type: 'GoogleCloudPubSub', projectId: 'demo', topic: 'products' },
      messages: [{ resourceTypeId: 'product', types: ['ProductPublished'] }],
      format: { type: 'CloudEvents', cloudEventsVersion: '1.0' },
    });
    await must(t, 'POST', '/product-types', { key: 'fidelity-type', name: 'Fidelity', description: 'fixture replay' });
    const product = await must(t, 'POST', '/products', {
      key: 'product-key-1',
      productType: { key: 'fidelity-type' },
      name: { en: 'Product 1' },
      slug: { en: 'product-slug-1' },
      masterVariant: { sku: 'P-1' },
    });
    const got = await t.api('POST', `/products/${product.id}`, {
      version: product.version,
      actions: [{ action: 'publish' }],
    });
    const projection = Object.fromEntries(
      ['name', 'slug', 'masterVariant', 'variants', 'searchKeywords', 'attributes'].map((k) => [
        `$.data.productProjection.${k}`,
        'a field of ProductProjection.raml the example trims away',
      ]),
    );
    return { got, actual: t.emu.subscriptions.read('products')[0], rules: { extra: projection } };
  },
  'error-401-auth': async (t) => ({ got: await t.api('GET', '/orders', undefined, 'not-a-valid-token') }),
};
