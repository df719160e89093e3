import { expect } from 'chai';
import { readConnection } from '../../src/fortnox/index.ts';
import { type FortnoxHarness, maxInWindow, recordAcceptedRequests, startHarness, TENANT } from './helpers/harness.ts';
import { type ClientProcess, startClientProcess } from './helpers/processes.ts';

/**
 * Two OS processes with the real client against one emulator and one database: what two worker
 * dynos do in production (DESIGN invariants 6 and 7).
 */
describe('Fortnox client in two processes at once', function () {
  this.timeout(60_000);
  let h: FortnoxHarness;
  let children: ClientProcess[] = [];

  before(async () => {
    h = await startHarness(); // the emulator enforces the real 25 requests per 5 s
  });
  after(async () => h.close());
  beforeEach(async () => {
    await h.db.pool.query('DELETE FROM connections');
    await h.connect();
    // A clean window on both sides, so one test's traffic does not slow the next.
    await h.db.pool.query('DELETE FROM fortnox_rate_slots');
    h.emu.setRateLimit({});
  });
  afterEach(() => {
    for (const child of children) child.kill();
    children = [];
  });

  const spawnTwo = (env: Record<string, string>): ClientProcess[] => {
    children = [0, 1].map(() =>
      startClientProcess({
        FX_DATABASE_URL: h.db.url,
        FORTNOX_API_URL: h.emu.url,
        FORTNOX_AUTH_URL: h.emu.url,
        FX_TENANT: TENANT,
        ...env,
      }),
    );
    return children;
  };

  it('hammering one tenant for 20 s gets zero 429s and never more than 25 requests in any 5 s', async () => {
    const log = recordAcceptedRequests(h.emu);
    const procs = spawnTwo({ FX_MODE: 'hammer', FX_CONCURRENCY: '8', FX_DURATION_MS: '20000' });
    await Promise.all(procs.map((p) => p.ready));
    h.emu.resetStats();
    for (const p of procs) p.go();
    const results = (await Promise.all(procs.map((p) => p.result))) as Array<{
      ok: number;
      errors: Record<string, number>;
    }>;

    const stats = h.emu.stats(Number(TENANT)) as { rateLimited: number; requests: number };
    expect(stats.rateLimited, 'HTTP 429 answers').to.equal(0);
    expect(log.refused).to.deep.equal([]);
    expect(maxInWindow(log.accepted, 5000)).to.be.at.most(25);
    for (const r of results) expect(r.errors).to.deep.equal({});
    // Not merely safe but close to the ceiling: 24 per 5 s over 20 s plus the first window.
    const total = results.reduce((sum, r) => sum + r.ok, 0);
    expect(total).to.be.at.least(4 * 24 * 0.95);
    expect(
      results.every((r) => r.ok > 0),
      'both processes got their share',
    ).to.equal(true);
  });

  it('twenty concurrent refreshes across two processes leave one working token chain', async () => {
    const before = await readConnection(h.db.pool, h.key, TENANT);
    // The stored token is inside the 5-minute early-refresh margin: every caller wants a new one.
    await h.db.pool.query(`UPDATE connections SET access_expires_at = clock_timestamp() + interval '1 minute'`);
    const procs = spawnTwo({ FX_MODE: 'refresh', FX_CONCURRENCY: '10' });
    await Promise.all(procs.map((p) => p.ready));
    for (const p of procs) p.go();
    const results = (await Promise.all(procs.map((p) => p.result))) as Array<{ tokens: string[]; names: string[] }>;

    const tokens = new Set(results.flatMap((r) => r.tokens));
    expect(tokens.size, 'one refresh, one token for all twenty callers').to.equal(1);
    expect(results.flatMap((r) => r.names)).to.deep.equal(Array(20).fill('Demo AB'));
    const after = await readConnection(h.db.pool, h.key, TENANT);
    expect(after?.state).to.equal('active');
    expect(after?.refreshToken).to.not.equal(before?.refreshToken);
    // Fortnox's single-use rotation: the stored refresh token must be the one live link.
    const fortnox = h.fortnox();
    expect((await fortnox.oauth.refresh(after?.refreshToken ?? '')).refreshToken).to.be.a('string');
  });
});
