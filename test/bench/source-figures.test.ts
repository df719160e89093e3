import { expect } from 'chai';
import type { SourceDriver } from '../../bench/sources/driver.ts';
import { byRoute, type Goal, type Measured, sourceFigures } from '../../bench/sources/figures.ts';

/**
 * The per-source bench's arithmetic: which limit binds (Fortnox's 300 requests a minute or the
 * source's own quota, each per document), the share of it reached, the goals marked, and route
 * counts that aggregate even for ids the emulator kit leaves as they are (Stripe's `in_…`).
 */
const stats = (requests: number, rateLimited = 0) => ({ requests, rateLimited, dropped: 0, byStatus: {}, byRoute: {} });
const driver = (key: string, sourceQuotaPerMin: number | undefined) =>
  ({ key, unit: 'order', sourceQuotaPerMin }) as unknown as SourceDriver;
const measured = (over: Partial<Measured> = {}): Measured => ({
  count: 100,
  perMin: 40,
  completedPerMin: 25,
  fortnox: stats(200),
  source: stats(1000),
  latencies: [100, 200, 300],
  duplicates: 0,
  workerPeakRss: 200 * 2 ** 20,
  fortnoxRateLimit: 24,
  ...over,
});

describe('per-source bench figures', () => {
  it('the store quota binds when it allows fewer documents than Fortnox does', () => {
    // BigCommerce: 300 requests/min ÷ 10 per order = 30; Fortnox: 300 ÷ 2 = 150.
    const f = sourceFigures(driver('bigcommerce', 300), measured());
    expect(f).to.include({ ceiling_per_min: 30, binding_limit: 'bigcommerce quota', share_of_ceiling: 0.833 });
    expect(f).to.include({ fortnox_requests_per_document: 2, source_requests_per_document: 10 });
  });

  it('without a source quota Fortnox binds, and a missed goal says so', () => {
    const f = sourceFigures(driver('pos', undefined), measured({ fortnox: stats(150, 2), duplicates: 1 }));
    expect(f).to.include({ ceiling_per_min: 200, binding_limit: 'Fortnox 25 per 5 s' });
    const missed = (f.goals as Goal[]).filter((g) => !g.met).map((g) => g.goal);
    expect(missed).to.deep.equal(['duplicates = 0', 'Fortnox 429 = 0', 'Fortnox requests per voucher ≤ 1.1']);
  });

  it('Stripe-style ids collapse into one route', () => {
    expect(
      byRoute({
        'GET /v1/invoices/in_16D1y2Hj76I0oYFx': 6,
        'GET /v1/invoices/in_1lVECR8GVbbLLQSc': 6,
        'GET /v1/events': 1,
      }),
    ).to.deep.equal({ 'GET /v1/invoices/:id': 12, 'GET /v1/events': 1 });
  });
});
