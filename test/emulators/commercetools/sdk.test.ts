import {
  type ByProjectKeyRequestBuilder,
  createApiBuilderFromCtpClient,
  type Order,
} from '@commercetools/platform-sdk';
import { ClientBuilder } from '@commercetools/ts-client';
import { expect } from 'chai';
import {
  type CommercetoolsEmulator,
  DEMO_CLIENT,
  DEMO_SKUS,
  startCommercetoolsEmulator,
} from '../../../emulators/commercetools/index.ts';

/**
 * The official SDK (`@commercetools/platform-sdk` request builders on `@commercetools/ts-client`),
 * unmodified, pointed at the emulator through its two `host` options: the client credentials flow,
 * cart → order, queries with `where`, a stale version answered 409 and retried by the SDK's own
 * concurrent-modification middleware, messages, and a new token once the old one expired.
 */

const SCOPES = ['manage_orders', 'manage_payments', 'view_products', 'view_messages'].map((s) => `${s}:demo-project`);

function sdk(emu: CommercetoolsEmulator, retryConflicts: boolean): ByProjectKeyRequestBuilder {
  let builder = new ClientBuilder()
    .withProjectKey(emu.projectKey)
    .withClientCredentialsFlow({
      host: emu.url,
      projectKey: emu.projectKey,
      credentials: { clientId: DEMO_CLIENT.id, clientSecret: DEMO_CLIENT.secret },
      scopes: SCOPES,
      httpClient: fetch,
    })
    .withHttpMiddleware({ host: emu.url, httpClient: fetch });
  if (retryConflicts) builder = builder.withConcurrentModificationMiddleware();
  return createApiBuilderFromCtpClient(builder.build()).withProjectKey({ projectKey: emu.projectKey });
}

describe('commercetools emulator with the official TypeScript SDK', () => {
  let emu: CommercetoolsEmulator;
  let api: ByProjectKeyRequestBuilder;
  let order: Order;
  before(async () => {
    emu = await startCommercetoolsEmulator({ port: 0 });
    api = sdk(emu, true);
  });
  after(() => emu.close());

  it('finds a product by SKU and orders it through a store cart', async () => {
    const products = await api
      .productProjections()
      .get({ queryArgs: { where: `masterVariant(sku = "${DEMO_SKUS.license}")` } })
      .execute();
    expect(products.body.results.map((p) => p.masterVariant.sku)).to.deep.equal([DEMO_SKUS.license]);
    const cart = await api
      .inStoreKeyWithStoreKeyValue({ storeKey: 'se' })
      .carts()
      .post({
        body: {
          currency: 'SEK',
          country: 'SE',
          lineItems: [{ sku: DEMO_SKUS.license, quantity: 2 }],
          shippingAddress: { country: 'SE', city: 'Uppsala', postalCode: '753 20' },
          shippingMethod: { typeId: 'shipping-method', key: 'standard' },
        },
      })
      .execute();
    expect(cart.statusCode).to.equal(201);
    const created = await api
      .orders()
      .post({ body: { cart: { typeId: 'cart', id: cart.body.id }, version: cart.body.version, orderNumber: 'SDK-1' } })
      .execute();
    expect(created.statusCode).to.equal(201);
    order = created.body;
    expect(order.taxedPrice?.totalGross.centAmount).to.equal(980_000);
    expect(order.store?.key).to.equal('se');
  });

  it('queries with where, sort and limit, and reads by order number', async () => {
    const page = await api
      .orders()
      .get({
        queryArgs: {
          where: ['orderNumber = "SDK-1"', 'lineItems(variant(sku = "LIC-PRO"))'],
          sort: ['createdAt desc'],
          limit: 5,
        },
      })
      .execute();
    expect(page.body.results.map((o) => o.id)).to.deep.equal([order.id]);
    expect(page.body.total).to.equal(1);
    const byNumber = await api.orders().withOrderNumber({ orderNumber: 'SDK-1' }).get().execute();
    expect(byNumber.body.id).to.equal(order.id);
  });

  it('a stale version is a 409 with currentVersion; the SDK middleware retries it at that version', async () => {
    emu.touch(order.id);
    const strict = sdk(emu, false);
    const refused = await strict
      .orders()
      .withId({ ID: order.id })
      .post({ body: { version: order.version, actions: [{ action: 'changeOrderState', orderState: 'Confirmed' }] } })
      .execute()
      .then(
        () => undefined,
        (e: { statusCode?: number; body?: { errors?: Array<{ code: string; currentVersion?: number }> } }) => e,
      );
    expect(refused?.statusCode).to.equal(409);
    expect(refused?.body?.errors?.[0]).to.include({
      code: 'ConcurrentModification',
      currentVersion: order.version + 1,
    });

    const retried = await api
      .orders()
      .withId({ ID: order.id })
      .post({ body: { version: order.version, actions: [{ action: 'changeOrderState', orderState: 'Confirmed' }] } })
      .execute();
    expect(retried.body.orderState).to.equal('Confirmed');
    expect(retried.body.version).to.equal(order.version + 2);
  });

  it('reads the order messages in order', async () => {
    const page = await api
      .messages()
      .get({ queryArgs: { where: `resource(id = "${order.id}")`, sort: ['createdAt asc'] } })
      .execute();
    const types = page.body.results.map((m) => `${m.sequenceNumber}:${m.type}`);
    expect(types).to.deep.equal(['1:OrderCreated', '2:OrderStateChanged']);
  });

  it('gets a new token by itself once the old one expired (48 h on the emulator clock)', async () => {
    const refusals = (): number => emu.stats.total().byStatus['401'] ?? 0;
    const before = refusals();
    emu.advanceClock(49 * 3_600_000);
    const got = await api.orders().withId({ ID: order.id }).get().execute();
    expect(got.statusCode).to.equal(200);
    expect(refusals()).to.equal(before + 1, 'the old token was refused once, then a new one fetched');
  });
});
