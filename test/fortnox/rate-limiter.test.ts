import { expect } from 'chai';
import { PostgresRateLimiter } from '../../src/fortnox/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { maxInWindow } from './helpers/harness.ts';

describe('Fortnox rate limiter (Postgres sliding window)', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db.drop());

  const limiter = (limit: number, windowMs: number) =>
    new PostgresRateLimiter({ pool: db.pool, limit, windowMs, maxInFlightMs: 10_000 });
  const dbNow = async (): Promise<number> => {
    const { rows } = await db.pool.query<{ ms: string }>(
      'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms',
    );
    return Number(rows[0]?.ms);
  };

  it('admits `limit` requests at once, then waits until the oldest leaves the window', async () => {
    const rl = limiter(5, 600);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const slot = await rl.acquire('t-burst');
        starts.push(await dbNow());
        await slot.release();
      }),
    );
    expect(starts).to.have.length(12);
    expect(maxInWindow(starts, 600)).to.be.at.most(5);
    // 12 requests at 5 per 600 ms need three windows, and not much more: no idle polling gaps.
    const span = Math.max(...starts) - Math.min(...starts);
    expect(span).to.be.within(1200, 1800);
  });

  it('counts a slot until one window after the request finished, not after it started', async () => {
    const rl = limiter(1, 300);
    const first = await rl.acquire('t-slow');
    const waiting = rl.acquire('t-slow');
    let admitted = false;
    void waiting.then(() => {
      admitted = true;
    });
    await new Promise((r) => setTimeout(r, 400)); // the request is still "in flight" after a whole window
    expect(admitted).to.equal(false);
    const releasedAt = await dbNow();
    await first.release();
    await (await waiting).release();
    expect((await dbNow()) - releasedAt).to.be.at.least(290);
  });

  it('keeps tenants apart and the table small', async () => {
    const rl = limiter(3, 200);
    for (let i = 0; i < 9; i++) await (await rl.acquire(i % 2 === 0 ? 't-a' : 't-b')).release();
    const { rows } = await db.pool.query<{ tenant_id: string; n: string }>(
      `SELECT tenant_id, count(*) AS n FROM fortnox_rate_slots WHERE tenant_id IN ('t-a', 't-b') GROUP BY tenant_id`,
    );
    for (const row of rows) expect(Number(row.n)).to.be.at.most(3);
  });

  it('a waiting caller can be cancelled', async () => {
    const rl = limiter(1, 10_000);
    await rl.acquire('t-abort');
    const controller = new AbortController();
    const pending = rl.acquire('t-abort', controller.signal).catch((e: unknown) => e);
    controller.abort(new Error('shutting down'));
    expect(((await pending) as Error).message).to.equal('shutting down');
  });
});
