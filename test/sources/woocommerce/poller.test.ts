import { expect } from 'chai';
import { startWooCommerceEmulator, type WooCommerceEmulator } from '../../../emulators/woocommerce/index.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import type { JobCatalog } from '../../../src/jobs/catalog.ts';
import type { JobQueue } from '../../../src/jobs/queue.ts';
import type { ConnectionDirectory, SourceConnection } from '../../../src/sources/source.ts';
import { type WooClient, wooClient } from '../../../src/sources/woocommerce/client.ts';
import { wooConfig } from '../../../src/sources/woocommerce/config.ts';
import { pollConnection } from '../../../src/sources/woocommerce/poller.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

/**
 * The catch-up poller walks the orders changed since its checkpoint while the shop keeps changing
 * them (a buyer, the merchant, our own write-back). An order that changes mid-walk moves to the end
 * of the list; no other order may fall between two pages because of it.
 */
describe('WooCommerce catch-up poller', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let woo: WooCommerceEmulator;
  before(async () => {
    db = await createTestDatabase();
    woo = await startWooCommerceEmulator({ port: 0 });
  });
  after(async () => {
    await woo?.close();
    await db?.drop();
  });

  const connection = (url: string): SourceConnection => ({
    system: 'woocommerce',
    key: 'default',
    label: null,
    state: 'active',
    settings: {},
    credentials: { url, consumerKey: 'ck_demo', consumerSecret: 'cs_demo', webhookSecret: 'woo-demo-secret' },
    lastError: null,
  });

  const enqueuedBy = async (client: WooClient): Promise<Set<string>> => {
    const enqueued = new Set<string>();
    const queue = {
      send: async (_name: string, data: { source: { object: string; id: string } }) => {
        if (data.source.object === 'order') enqueued.add(data.source.id);
        return 'job';
      },
    } as unknown as JobQueue<JobCatalog>;
    await pollConnection(
      {
        pool: db.pool,
        queue,
        connections: {} as ConnectionDirectory,
        logger: silentLogger,
        config: wooConfig({}),
        clientFor: () => client,
        publicUrl: () => undefined,
      },
      connection(woo.url),
    );
    return enqueued;
  };
  const shopClient = () =>
    wooClient({ url: woo.url, consumerKey: 'ck_demo', consumerSecret: 'cs_demo', webhookSecret: 'woo-demo-secret' });

  it('250 changed orders, one of the first changing again mid-walk: every order is enqueued', async () => {
    const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19);
    await db.pool.query(`INSERT INTO stream_checkpoints (source, channel, position) VALUES ($1, $2, $3)`, [
      'woocommerce-poll',
      'default',
      gmt(woo.clock.now() - 60_000),
    ]);
    const ids: number[] = [];
    for (let i = 0; i < 250; i++) {
      ids.push(Number(woo.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500' }] }).id));
      woo.advanceClock(1000);
    }
    const real = shopClient();
    let lists = 0;
    const client: WooClient = {
      ...real,
      get: async (path, params) => {
        const answer = await real.get(path, params);
        // Right after the first page is read, an early order changes (as our write-back PUT does).
        if (path === 'orders' && ++lists === 1) {
          woo.advanceClock(1000);
          woo.setStatus(ids[4]!, 'completed');
        }
        return answer;
      },
    };
    const enqueued = await enqueuedBy(client);
    expect(ids.filter((id) => !enqueued.has(String(id)))).to.deep.equal([]);
  });

  it('150 orders changed within one second (more than a page) are all enqueued', async () => {
    woo.advanceClock(5000);
    const ids = Array.from({ length: 150 }, () =>
      Number(woo.checkout({ buyer: 'guest', items: [{ sku: 'ESP-1' }] }).id),
    );
    const enqueued = await enqueuedBy(shopClient());
    expect(ids.filter((id) => !enqueued.has(String(id)))).to.deep.equal([]);
  });
});
