import { expect } from 'chai';
import {
  type BigCommerceEmulator,
  DEMO_STORE,
  DEMO_TOKEN,
  startBigCommerceEmulator,
} from '../../../emulators/bigcommerce/index.ts';
import type { SourceRef } from '../../../src/core/documents.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { unlimited } from '../../../src/fortnox/rate-limiter.ts';
import { saveCheckpoint } from '../../../src/sources/bigcommerce/checkpoint.ts';
import { BigCommerceClient } from '../../../src/sources/bigcommerce/client.ts';
import { bigcommerceConfig } from '../../../src/sources/bigcommerce/config.ts';
import { pollStore } from '../../../src/sources/bigcommerce/poller.ts';
import type { SourceConnection, SourceServices } from '../../../src/sources/source.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { SWEDISH_GUEST } from './harness.ts';

/**
 * The reconciliation poll is what catches an order or refund whose webhooks were lost; a store busy
 * enough to have more than a page of them since the last round must still have every one enqueued,
 * even when an order changes while the poll walks the list.
 */
describe('BigCommerce poll: every order and refund of a long list is enqueued', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let bc: BigCommerceEmulator;
  let client: BigCommerceClient;
  const config = bigcommerceConfig({});
  const connection = { key: DEMO_STORE, state: 'active' } as SourceConnection;
  let sent: SourceRef[];
  let ids: Set<string>;

  beforeEach(async () => {
    db = await createTestDatabase();
    bc = await startBigCommerceEmulator({ rateLimit: { enabled: false } });
    client = new BigCommerceClient(
      { storeHash: DEMO_STORE, accessToken: DEMO_TOKEN },
      { apiUrl: bc.url, limiter: unlimited },
    );
    sent = [];
    ids = new Set();
    // Before the first order: the poll lists everything from here on.
    await saveCheckpoint(db.pool, DEMO_STORE, new Date(bc.store(DEMO_STORE).now() - 60_000));
  });
  afterEach(async () => {
    await bc?.close();
    await db?.drop();
  });

  const services = (): SourceServices =>
    ({
      pool: db.pool,
      logger: silentLogger,
      queue: {
        send: async (_name: string, data: { source: SourceRef }, options: { id: string }) => {
          if (ids.has(options.id)) return null;
          ids.add(options.id);
          sent.push(data.source);
          return options.id;
        },
      },
      connections: { markError: async () => {} },
    }) as unknown as SourceServices;
  const checkouts = (n: number, apart: number) =>
    Array.from({ length: n }, () => {
      bc.advanceClock(apart);
      return bc.checkout(DEMO_STORE, {
        billing_address: SWEDISH_GUEST,
        lines: [{ sku: 'KAFFE-500', quantity: 1 }],
        payment: {},
      });
    });
  const enqueued = (object: string) => new Set(sent.filter((r) => r.object === object).map((r) => Number(r.id)));

  it('an order modified while the poll pages through 300 orders does not push another out of the list', async () => {
    const orders = checkouts(300, 1_000);
    const store = bc.store(DEMO_STORE);
    // The first order changes right after the poll read its first page: it moves to the list's end.
    let pages = 0;
    const request = client.request.bind(client);
    const busy = Object.create(client) as BigCommerceClient;
    busy.request = (async (method: string, path: string, o?: object) => {
      const answer = await request(method as 'GET', path, o);
      if (path.startsWith('/v2/orders?') && ++pages === 1) {
        bc.advanceClock(1_000);
        store.order(orders[0]!.id)!.modified = store.now();
      }
      return answer;
    }) as BigCommerceClient['request'];
    await pollStore(services(), busy, connection, config, silentLogger);
    const missing = orders.map((o) => o.id).filter((id) => !enqueued('order').has(id));
    expect(missing, 'orders never enqueued').to.deep.equal([]);
  });

  it('more than a page of orders changed in one second are all enqueued', async () => {
    const orders = checkouts(260, 0);
    await pollStore(services(), client, connection, config, silentLogger);
    expect(orders.filter((o) => !enqueued('order').has(o.id))).to.have.length(0);
  });

  it('260 refunds since the last round are all enqueued, not the first 250', async () => {
    const orders = checkouts(260, 10);
    const refunds = orders.map((o) =>
      bc.refund(DEMO_STORE, { order_id: o.id, lines: [{ order_product_id: o.lines[0]!.id, quantity: 1 }] }),
    );
    const result = await pollStore(services(), client, connection, config, silentLogger);
    expect(refunds.filter((r) => !enqueued('refund').has(r.id)).map((r) => r.id)).to.deep.equal([]);
    expect(result.refunds).to.equal(260);
  });
});
