import { expect } from 'chai';
import {
  type BigCommerceEmulator,
  DEMO_STORE,
  DEMO_TOKEN,
  startBigCommerceEmulator,
} from '../../../emulators/bigcommerce/index.ts';
import { PostgresRateLimiter, unlimited } from '../../../src/fortnox/rate-limiter.ts';
import { BigCommerceClient } from '../../../src/sources/bigcommerce/client.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

/**
 * The store's quota is shared: our processes share one limiter in Postgres, so together they never
 * cause a 429; when another app spends the quota, a 429 waits for `X-Retry-After` and succeeds.
 */
describe('BigCommerce client and the per-store quota', function () {
  this.timeout(30_000);
  let bc: BigCommerceEmulator;
  let db: TestDatabase;

  before(async () => {
    bc = await startBigCommerceEmulator({ rateLimit: { max: 6, windowMs: 1000 } });
    db = await createTestDatabase();
  });
  after(async () => {
    await bc?.close();
    await db?.drop();
  });
  beforeEach(() => bc.resetStats());

  it('two clients (two processes) sharing the Postgres limiter get no 429 however fast they ask', async () => {
    const limiter = () => new PostgresRateLimiter({ pool: db.pool, limit: 6, windowMs: 1000, maxInFlightMs: 5000 });
    const creds = { storeHash: DEMO_STORE, accessToken: DEMO_TOKEN };
    const a = new BigCommerceClient(creds, { apiUrl: bc.url, limiter: limiter() });
    const b = new BigCommerceClient(creds, { apiUrl: bc.url, limiter: limiter() });
    await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? a : b).request('GET', '/v2/orders')));
    const stats = bc.stats(DEMO_STORE);
    expect(stats.requests).to.equal(16);
    expect(stats.rateLimited).to.equal(0);
  });

  it('a quota spent by someone else: the 429 is waited out (X-Retry-After) and the request succeeds', async () => {
    const greedy = new BigCommerceClient(
      { storeHash: DEMO_STORE, accessToken: DEMO_TOKEN },
      { apiUrl: bc.url, limiter: unlimited, maxTries: 1 },
    );
    await Promise.allSettled(Array.from({ length: 8 }, () => greedy.request('GET', '/v2/orders')));
    const polite = new BigCommerceClient(
      { storeHash: DEMO_STORE, accessToken: DEMO_TOKEN },
      { apiUrl: bc.url, limiter: unlimited },
    );
    const answer = await polite.request('GET', '/v2/orders');
    expect(answer).to.equal(undefined); // 204: the store has no orders yet — V2's empty list has no body
    expect(bc.stats(DEMO_STORE).rateLimited).to.be.at.least(1);
  });

  it('a refused token is an auth error that says what to do', async () => {
    const wrong = new BigCommerceClient(
      { storeHash: DEMO_STORE, accessToken: 'nope' },
      { apiUrl: bc.url, limiter: unlimited },
    );
    const error = await wrong.request('GET', '/v2/orders').catch((e: unknown) => e);
    expect(error).to.include({ category: 'auth', retryable: false });
    expect((error as { userMessage: string }).userMessage).to.match(/connect the store again/);
  });
});
