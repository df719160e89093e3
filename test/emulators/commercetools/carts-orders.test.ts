import { expect } from 'chai';
import { at, q, startCt, type TestCt } from './helpers.ts';

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

describe('commercetools emulator: carts and orders', () => {
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

  it('turns a cart (SKU lines, addresses, shipping) into an order at the cart version; the cart is then Ordered', async () => {
    const cart = await post('/in-store/key=se/carts', {
      currency: 'SEK',
      lineItems: [
        { sku: 'LIC-PRO', quantity: 1 },
        { sku: 'BOK-API', quantity: 2 },
      ],
      shippingAddress: SE,
      billingAddress: SE,
      shippingMethod: { key: 'standard' },
    });
    expect(at(cart, 'store')).to.deep.equal({ typeId: 'store', key: 'se' });
    expect(at(cart, 'shippingInfo', 'price', 'centAmount')).to.equal(0, 'free above 1 000 kr');
    expect(at(cart, 'lineItems', 1, 'variant', 'sku')).to.equal('BOK-API');
    const stale = await t.api('POST', '/orders', { cart: { id: cart.id, typeId: 'cart' }, version: cart.version + 1 });
    expect(stale.status).to.equal(409);
    const order = await post('/in-store/key=se/orders', {
      cart: { id: cart.id, typeId: 'cart' },
      version: cart.version,
      orderNumber: 'WEB-1',
    });
    expect(order).to.include({ orderNumber: 'WEB-1', orderState: 'Open', version: 1 });
    expect(at(order, 'totalPrice')).to.deep.equal(at(cart, 'totalPrice'));
    expect(at(order, 'cart')).to.deep.equal({ typeId: 'cart', id: cart.id });
    const after = (await t.api('GET', `/carts/${cart.id}`)).json as Res;
    expect(after.cartState).to.equal('Ordered');
    const again = await t.api('POST', '/orders', { cart: { id: cart.id }, version: after.version });
    expect(again.status).to.equal(400);
    expect(at(again.json, 'errors', 0, 'code')).to.equal('InvalidOperation');
  });

  it('refuses to order a cart without a shipping address, an order number twice, and an unpublished or unknown SKU', async () => {
    const bare = await post('/carts', { currency: 'SEK', lineItems: [{ sku: 'LIC-PRO' }] });
    expect((await t.api('POST', '/orders', { cart: { id: bare.id }, version: bare.version })).status).to.equal(400);
    t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }], orderNumber: 'DUP-1' });
    const second = await post('/carts', { currency: 'SEK', shippingAddress: SE, lineItems: [{ sku: 'LIC-PRO' }] });
    const dup = await t.api('POST', '/orders', {
      cart: { id: second.id },
      version: second.version,
      orderNumber: 'DUP-1',
    });
    expect(at(dup.json, 'errors', 0)).to.include({ code: 'DuplicateField', field: 'orderNumber' });
    const unknown = await t.api('POST', '/carts', { currency: 'SEK', lineItems: [{ sku: 'NO-SUCH-SKU' }] });
    expect(unknown.status).to.equal(400);
    await post('/products', {
      productType: { key: 'generic' },
      name: { en: 'Draft' },
      slug: { en: 'draft' },
      masterVariant: { sku: 'DRAFT-1', prices: [{ value: { currencyCode: 'SEK', centAmount: 100 } }] },
    });
    const unpublished = await t.api('POST', '/carts', { currency: 'SEK', lineItems: [{ sku: 'DRAFT-1' }] });
    expect(unpublished.status).to.equal(400);
    const price = await t.api('POST', '/carts', { currency: 'USD', lineItems: [{ sku: 'LIC-PRO' }] });
    expect(at(price.json, 'errors', 0, 'code')).to.equal('MatchingPriceNotFound');
  });

  it('a shipping method whose zones no longer cover the address does not match the cart and blocks the order', async () => {
    const cart = await post('/carts', {
      currency: 'SEK',
      taxMode: 'Disabled',
      lineItems: [{ sku: 'LIC-PRO' }],
      shippingAddress: SE,
      shippingMethod: { key: 'standard' },
    });
    expect(at(cart, 'shippingInfo', 'shippingMethodState')).to.equal('MatchesCart');
    const moved = await post(
      `/carts/${cart.id}`,
      { version: cart.version, actions: [{ action: 'setShippingAddress', address: { country: 'NO' } }] },
      200,
    );
    expect(at(moved, 'shippingInfo', 'shippingMethodState')).to.equal('DoesNotMatchCart');
    const order = await t.api('POST', '/orders', { cart: { id: cart.id }, version: moved.version });
    expect(at(order.json, 'errors', 0, 'code')).to.equal('ShippingMethodDoesNotMatchCart');
  });

  it('adding a variant already in the cart raises its quantity', async () => {
    const cart = await post('/carts', { currency: 'SEK', lineItems: [{ sku: 'KAFFE-500' }] });
    const got = await post(
      `/carts/${cart.id}`,
      { version: cart.version, actions: [{ action: 'addLineItem', sku: 'KAFFE-500', quantity: 2 }] },
      200,
    );
    expect(at(got, 'lineItems', 'length')).to.equal(1);
    expect(at(got, 'lineItems', 0, 'quantity')).to.equal(3);
    expect(at(got, 'totalPrice', 'centAmount')).to.equal(3 * 8900);
  });

  it('imports an order as sent, producing OrderImported', async () => {
    const imported = await post('/orders/import', {
      orderNumber: 'POS-77',
      store: { key: 'se', typeId: 'store' },
      customerEmail: 'kassa@example.se',
      lineItems: [
        {
          name: { sv: 'Kaffe' },
          variant: { sku: 'KAFFE-500' },
          quantity: -1,
          price: { value: { currencyCode: 'SEK', centAmount: 8900 } },
          taxRate: { name: '12 %', amount: 0.12, includedInPrice: true, country: 'SE' },
        },
      ],
      totalPrice: { currencyCode: 'SEK', centAmount: -8900 },
      taxedPrice: {
        totalNet: { currencyCode: 'SEK', centAmount: -7946 },
        totalGross: { currencyCode: 'SEK', centAmount: -8900 },
        taxPortions: [{ rate: 0.12, amount: { currencyCode: 'SEK', centAmount: -954 } }],
      },
      paymentState: 'Paid',
    });
    expect(imported).to.include({ orderNumber: 'POS-77', paymentState: 'Paid' });
    expect(at(imported, 'lineItems', 0, 'totalPrice', 'centAmount')).to.equal(-8900);
    expect(at(imported, 'taxedPrice', 'totalTax', 'centAmount')).to.equal(-954);
    const msgs = (await t.api('GET', `/messages?where=${q(`resource(id = "${imported.id}")`)}`)).json as {
      results: Res[];
    };
    expect(msgs.results.map((m) => m.type)).to.deep.equal(['OrderImported']);
    expect(
      (
        await t.api('POST', '/orders/import', {
          totalPrice: { currencyCode: 'SEK', centAmount: 1 },
          lineItems: [
            {
              name: { sv: 'x' },
              variant: { sku: 'NOPE' },
              quantity: 1,
              price: { value: { currencyCode: 'SEK', centAmount: 1 } },
            },
          ],
        })
      ).status,
    ).to.equal(400);
  });
});
