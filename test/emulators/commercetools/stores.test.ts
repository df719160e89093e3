import { expect } from 'chai';
import { at, startCt, type TestCt } from './helpers.ts';

type Res = Record<string, unknown> & { id: string; version: number };
const SE = {
  firstName: 'Ada',
  lastName: 'Berg',
  streetName: 'Sveavägen',
  streetNumber: '3',
  postalCode: '113 50',
  city: 'Stockholm',
  country: 'SE',
};

describe('commercetools emulator: stores', () => {
  let t: TestCt;
  beforeEach(async () => {
    t = await startCt();
  });
  afterEach(() => t.close());

  const post = async (path: string, body: unknown, status = 201): Promise<Res> => {
    const got = await t.api('POST', path, body);
    expect(got.status, got.text).to.equal(status);
    return got.json as Res;
  };

  it('store-scoped routes answer 404 for another store’s orders and list only their own', async () => {
    const se = t.emu.placeOrder({ store: 'se', lines: [{ sku: 'LIC-PRO' }] });
    const de = t.emu.placeOrder({ store: 'de', lines: [{ sku: 'LIC-PRO' }] });
    expect((await t.api('GET', `/in-store/key=de/orders/${se.id}`)).status).to.equal(404);
    expect((await t.api('GET', `/in-store/key=de/orders/order-number=${se.orderNumber}`)).status).to.equal(404);
    const update = await t.api('POST', `/in-store/key=de/orders/${se.id}`, { version: se.version, actions: [] });
    expect(update.status).to.equal(404);
    expect((await t.api('GET', `/in-store/key=se/orders/${se.id}`)).status).to.equal(200);
    const list = (await t.api('GET', '/in-store/key=de/orders')).json as { results: Res[] };
    expect(list.results.map((o) => o.id)).to.deep.equal([de.id]);
    const cart = await post('/carts', { currency: 'SEK', lineItems: [{ sku: 'LIC-PRO' }], shippingAddress: SE });
    const elsewhere = await t.api('POST', '/in-store/key=de/orders', { cart: { id: cart.id }, version: cart.version });
    expect(elsewhere.status).to.equal(400, 'a cart of no (or another) store is not visible in the store');
  });

  it('a store only ships to its countries (CountryNotConfiguredInStore)', async () => {
    const cart = await post('/in-store/key=se/carts', {
      currency: 'SEK',
      lineItems: [{ sku: 'LIC-PRO' }],
      shippingAddress: { country: 'DE' },
    });
    const got = await t.api('POST', '/in-store/key=se/orders', { cart: { id: cart.id }, version: cart.version });
    expect(got.status).to.equal(400);
    expect(at(got.json, 'errors', 0)).to.include({ code: 'CountryNotConfiguredInStore', country: 'DE' });
  });
});
