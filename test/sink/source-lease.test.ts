import { expect } from 'chai';
import type { SourceRef } from '../../src/core/documents.ts';
import { AppError } from '../../src/core/errors.ts';
import { unlimited } from '../../src/fortnox/index.ts';
import { fenceHeldLeases, withSourceLock } from '../../src/sink/source-lease.ts';
import { type FortnoxHarness, startHarness, TENANT } from '../fortnox/helpers/harness.ts';

const deal = (id: string): SourceRef => ({ system: 'salesforce', connection: 'default', object: 'Opportunity', id });

async function count(items: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of items) n++;
  return n;
}

/** A gate a test opens by hand, so "still running" is a fact, not a sleep. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/**
 * The per-record lease under duplicated and re-queued jobs: the fault suite found one invoice made
 * twice when a reconnect's "retry all" (one correlation id for every job) queued a record twice and
 * both jobs took its lease as "the same job".
 */
describe('source record lease', function () {
  this.timeout(60_000);
  let h: FortnoxHarness;
  before(async () => {
    h = await startHarness({ emulator: { rateLimit: { enabled: false } } });
    await h.connect();
  });
  after(async () => h.close());

  it('two jobs for one record (a retry-all queues it twice, one correlation id) never work on it side by side', async () => {
    const first = gate();
    const steps: string[] = [];
    const a = withSourceLock(h.db.pool, deal('006A'), async () => {
      steps.push('a:start');
      await first.wait;
      steps.push('a:end');
    });
    while (steps.length === 0) await new Promise((r) => setImmediate(r));
    // Every try of B's for the lease checks a connection out of the pool: let it try three times.
    let tries = 0;
    const tried = new Promise<void>((resolve) => {
      h.db.pool.on('acquire', () => ++tries === 3 && resolve());
    });
    const b = withSourceLock(h.db.pool, deal('006A'), async () => void steps.push('b:start'));
    await Promise.race([tried, b]);
    expect(steps).to.deep.equal(['a:start']);
    first.open();
    await Promise.all([a, b]);
    expect(steps).to.deep.equal(['a:start', 'a:end', 'b:start']);
  });

  it('a nested lock of the same run goes straight on', async () => {
    const out = await withSourceLock(h.db.pool, deal('006B'), () =>
      withSourceLock(h.db.pool, deal('006B'), async () => 'inner ran'),
    );
    expect(out).to.equal('inner ran');
  });

  it('a Fortnox write from a job that lost its lease is never sent; reads still are', async () => {
    const client = h.fortnox({ limiter: unlimited, beforeWrite: fenceHeldLeases }).client(TENANT);
    const before = await count(client.customers.list());
    const error = await withSourceLock(h.db.pool, deal('006C'), async () => {
      // The holder was starved past its lease and another job took the record over.
      await h.db.pool.query(`UPDATE source_leases SET owner = 'another job' WHERE key LIKE '%006C'`);
      await client.customers.list();
      return client.customers.create({ Name: 'Twice AB' }).then(
        () => undefined,
        (e: unknown) => e,
      );
    });
    expect(error).to.be.instanceOf(AppError);
    expect((error as AppError).code).to.equal('lease_lost');
    expect((error as AppError).retryable).to.equal(true);
    expect(await count(client.customers.list())).to.equal(before);
  });

  it('a write under a lease still held goes through and extends it', async () => {
    const client = h.fortnox({ limiter: unlimited, beforeWrite: fenceHeldLeases }).client(TENANT);
    const created = await withSourceLock(h.db.pool, deal('006D'), async () => {
      await h.db.pool.query(`UPDATE source_leases SET until = now() + interval '1 second' WHERE key LIKE '%006D'`);
      const customer = await client.customers.create({ Name: 'Once AB' });
      const { rows } = await h.db.pool.query(
        `SELECT until > now() + interval '20 seconds' AS extended FROM source_leases WHERE key LIKE '%006D'`,
      );
      expect((rows[0] as { extended: boolean }).extended).to.equal(true);
      return customer;
    });
    expect(created.Name).to.equal('Once AB');
  });
});
