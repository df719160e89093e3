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

describe('commercetools emulator: carts, orders and stores', () => {
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

  it('returns: line items must exist and cannot be returned beyond their quantity', async () => {
    const o = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO', quantity: 2 }] });
    const line = o.lineItems[0]?.id;
    const ok = await post(
      `/orders/${o.id}`,
      {
        version: o.version,
        actions: [{ action: 'addReturnInfo', items: [{ lineItemId: line, quantity: 2, shipmentState: 'Advised' }] }],
      },
      200,
    );
    expect(at(ok, 'returnInfo', 0, 'items', 0)).to.include({
      type: 'LineItemReturnItem',
      quantity: 2,
      shipmentState: 'Advised',
      paymentState: 'Initial',
      lineItemId: line,
    });
    const more = await t.api('POST', `/orders/${o.id}`, {
      version: ok.version,
      actions: [{ action: 'addReturnInfo', items: [{ lineItemId: line, quantity: 1, shipmentState: 'Returned' }] }],
    });
    expect(more.status).to.equal(400);
    const item = at(ok, 'returnInfo', 0, 'items', 0, 'id');
    const refunded = await post(
      `/orders/${o.id}`,
      {
        version: ok.version,
        actions: [{ action: 'setReturnPaymentState', returnItemId: item, paymentState: 'Refunded' }],
      },
      200,
    );
    expect(at(refunded, 'returnInfo', 0, 'items', 0, 'paymentState')).to.equal('Refunded');
  });

  it('updateSyncInfo needs an OrderExport/OrderImport channel and appends to syncInfo (read back by the lever)', async () => {
    const o = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    const supply = await post('/channels', { key: 'warehouse' });
    expect(at(supply, 'roles')).to.deep.equal(['InventorySupply']);
    const refused = await t.api('POST', `/orders/${o.id}`, {
      version: o.version,
      actions: [{ action: 'updateSyncInfo', channel: { key: 'warehouse', typeId: 'channel' }, externalId: '1001' }],
    });
    expect(at(refused.json, 'errors', 0, 'code')).to.equal('InvalidInput');
    await post('/channels', { key: 'fortnox-export', roles: ['OrderExport'] });
    const synced = await post(
      `/orders/${o.id}`,
      {
        version: o.version,
        actions: [
          {
            action: 'updateSyncInfo',
            channel: { key: 'fortnox-export', typeId: 'channel' },
            externalId: 'invoice-1001',
          },
        ],
      },
      200,
    );
    expect(at(synced, 'syncInfo', 0, 'externalId')).to.equal('invoice-1001');
    expect(t.emu.syncInfo(o.id)).to.deep.equal([
      { channel: 'fortnox-export', externalId: 'invoice-1001', syncedAt: at(synced, 'syncInfo', 0, 'syncedAt') },
    ]);
    const byChannel = (await t.api('GET', `/orders?where=${q('syncInfo(externalId = "invoice-1001")')}`)).json as {
      count: number;
    };
    expect(byChannel.count).to.equal(1);
  });

  it('custom fields need a type for orders that defines them; changes produce OrderCustomField messages', async () => {
    const o = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    const none = await t.api('POST', `/orders/${o.id}`, {
      version: o.version,
      actions: [{ action: 'setCustomField', name: 'fortnoxInvoice', value: '1' }],
    });
    expect(at(none.json, 'errors', 0, 'code')).to.equal('InvalidOperation');
    await post('/types', {
      key: 'fortnox',
      name: { en: 'Fortnox' },
      resourceTypeIds: ['order'],
      fieldDefinitions: [
        { name: 'fortnoxInvoice', type: { name: 'String' }, label: { en: 'Invoice' }, required: false },
      ],
    });
    const typed = await post(
      `/orders/${o.id}`,
      {
        version: o.version,
        actions: [
          { action: 'setCustomType', type: { key: 'fortnox', typeId: 'type' } },
          { action: 'setCustomField', name: 'fortnoxInvoice', value: '1001' },
        ],
      },
      200,
    );
    expect(at(typed, 'custom', 'fields')).to.deep.equal({ fortnoxInvoice: '1001' });
    const changed = await post(
      `/orders/${o.id}`,
      { version: typed.version, actions: [{ action: 'setCustomField', name: 'fortnoxInvoice', value: '1002' }] },
      200,
    );
    const undefinedField = await t.api('POST', `/orders/${o.id}`, {
      version: changed.version,
      actions: [{ action: 'setCustomField', name: 'other', value: 'x' }],
    });
    expect(undefinedField.status).to.equal(400);
    const msgs = (
      await t.api(
        'GET',
        `/messages?where=${q(`resource(id = "${o.id}") and type in ("OrderCustomFieldAdded", "OrderCustomFieldChanged")`)}`,
      )
    ).json as { results: Res[] };
    expect(msgs.results.map((m) => [m.type, m.value])).to.deep.equal([
      ['OrderCustomFieldAdded', '1001'],
      ['OrderCustomFieldChanged', '1002'],
    ]);
  });

  it('expands payment references and reads payments with their transactions', async () => {
    const o = t.emu.placeOrder({ lines: [{ sku: 'LIC-PRO' }] });
    t.emu.capture(o.id);
    const got = await t.api('GET', `/orders/${o.id}?expand=paymentInfo.payments[*]`);
    const txs = at(got.json, 'paymentInfo', 'payments', 0, 'obj', 'transactions') as Array<{
      type: string;
      state: string;
    }>;
    expect(txs.map((x) => `${x.type}:${x.state}`)).to.deep.equal(['Authorization:Success', 'Charge:Success']);
    expect(at(got.json, 'paymentState')).to.equal('Paid');
  });
});
