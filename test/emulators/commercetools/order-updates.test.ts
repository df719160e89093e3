import { expect } from 'chai';
import { at, q, startCt, type TestCt } from './helpers.ts';

type Res = Record<string, unknown> & { id: string; version: number };

describe('commercetools emulator: order updates', () => {
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
