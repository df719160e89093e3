import { expect } from 'chai';
import { type StripeEmulator, startStripeEmulator } from '../../../emulators/stripe/index.ts';
import { PostgresRateLimiter } from '../../../src/fortnox/rate-limiter.ts';
import { stripeClient } from '../../../src/sources/stripe/client.ts';
import { stripeConfig } from '../../../src/sources/stripe/config.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

/**
 * Stripe answers 429 above 25 requests per second in a sandbox and its client does not retry them:
 * a burst of renewals must be paced by us, the web and worker processes together, never refused.
 */
describe('Stripe client and the account’s rate limit', function () {
  this.timeout(30_000);
  let em: StripeEmulator;
  let db: TestDatabase;

  before(async () => {
    em = await startStripeEmulator({ port: 0 });
    db = await createTestDatabase();
  });
  after(async () => {
    await em?.close();
    await db?.drop();
  });

  it('two processes reading 60 invoices at once get every answer and no 429', async () => {
    const config = stripeConfig({ STRIPE_API_URL: em.url });
    const process = () =>
      stripeClient(
        config,
        em.secretKey,
        new PostgresRateLimiter({
          pool: db.pool,
          limit: config.STRIPE_RATE_LIMIT,
          windowMs: 1000,
          maxInFlightMs: 5000,
        }),
      );
    const [a, b] = [process(), process()];
    const started = Date.now();
    const answers = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).invoices.list({ limit: 1 })),
    );
    const refused = answers.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
    expect(refused).to.deep.equal([]);
    // 60 requests at 20 per second cannot all have been sent inside two seconds.
    expect(Date.now() - started).to.be.at.least(2000);
  });

  it('the secret key is not what the shared limiter stores', async () => {
    const { rows } = await db.pool.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM fortnox_rate_slots');
    expect(rows.length).to.be.greaterThan(0);
    for (const r of rows) expect(r.tenant_id).not.to.contain(em.secretKey);
  });
});
