import { expect } from 'chai';
import {
  type BigCommerceEmulator,
  DEMO_STORE,
  DEMO_TOKEN,
  startBigCommerceEmulator,
} from '../../../emulators/bigcommerce/index.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { unlimited } from '../../../src/fortnox/rate-limiter.ts';
import { BigCommerceClient } from '../../../src/sources/bigcommerce/client.ts';
import { metafieldIds } from '../../../src/sources/bigcommerce/metafield-ids.ts';
import { KEY, NAMESPACE, sendWritebacks } from '../../../src/sources/bigcommerce/writeback.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { SWEDISH_GUEST } from './harness.ts';

/**
 * The status metafield costs one request of the store's quota per write-back, including for an
 * order whose metafield an earlier release wrote (its id unknown to us) or the merchant deleted.
 */
describe('BigCommerce status write-back: one request per write', function () {
  this.timeout(30_000);
  let bc: BigCommerceEmulator;
  let db: TestDatabase;
  let client: BigCommerceClient;
  const item = (orderId: number, status: string) => ({
    source: { system: 'bigcommerce', connection: 'demo', object: 'order', id: String(orderId) },
    fields: { status, number: '7' },
    attempts: 0,
  });
  const metafields = async (orderId: number) =>
    ((await client.request('GET', `/v3/orders/${orderId}/metafields`)) as { data: { id: number; value: string }[] })
      .data;
  const send = async (orderId: number, status: string) => {
    bc.resetStats();
    const batch = await sendWritebacks(client, [item(orderId, status)], silentLogger, metafieldIds(db.pool, 'demo'));
    expect(batch).to.deep.equal({ kind: 'results', results: [{ kind: 'written' }] });
    return bc.stats(DEMO_STORE).requests;
  };

  before(async () => {
    bc = await startBigCommerceEmulator({ rateLimit: { enabled: false } });
    db = await createTestDatabase();
    client = new BigCommerceClient(
      { storeHash: DEMO_STORE, accessToken: DEMO_TOKEN },
      { apiUrl: bc.url, limiter: unlimited },
    );
  });
  after(async () => {
    await bc?.close();
    await db?.drop();
  });

  const checkout = () =>
    bc.checkout(DEMO_STORE, {
      billing_address: SWEDISH_GUEST,
      lines: [{ sku: 'KAFFE-500', quantity: 1 }],
      payment: {},
    });

  it('the first write creates the metafield, later ones replace its value', async () => {
    const o = checkout();
    expect(await send(o.id, 'Draft')).to.equal(1);
    expect(await send(o.id, 'Booked')).to.equal(1);
    const [only, ...more] = await metafields(o.id);
    expect(more).to.deep.equal([]);
    expect(JSON.parse(only!.value)).to.include({ status: 'Booked' });
  });

  it('a metafield written before its id was noted is found and replaced, never doubled', async () => {
    const o = checkout();
    await client.request('POST', `/v3/orders/${o.id}/metafields`, {
      body: { permission_set: 'read', namespace: NAMESPACE, key: KEY, value: '{"status":"Draft"}' },
    });
    expect(await send(o.id, 'Paid')).to.equal(3); // POST (409), find, PUT
    expect(await send(o.id, 'Credited')).to.equal(1);
    const all = await metafields(o.id);
    expect(all).to.have.length(1);
    expect(JSON.parse(all[0]!.value)).to.include({ status: 'Credited' });
  });

  it('a metafield the merchant deleted is made again', async () => {
    const o = checkout();
    await send(o.id, 'Draft');
    const [mine] = await metafields(o.id);
    await client.request('DELETE', `/v3/orders/${o.id}/metafields/${mine!.id}`);
    await send(o.id, 'Booked');
    const all = await metafields(o.id);
    expect(all.map((m) => JSON.parse(m.value).status)).to.deep.equal(['Booked']);
  });
});
