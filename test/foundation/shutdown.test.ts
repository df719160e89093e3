import path from 'node:path';
import { expect } from 'chai';
import { useQueueDatabase } from '../helpers/boss.ts';
import { spawnMarked } from '../helpers/child.ts';
import { sfRef } from '../helpers/refs.ts';

const WORKER = path.resolve(import.meta.dirname, '../fixtures/slow-worker.ts');

describe('graceful shutdown under SIGTERM', function () {
  this.timeout(60_000);
  const q = useQueueDatabase();

  const env = (jobMs: number, shutdownMs: number) => ({
    DATABASE_URL: q.db.url,
    JOB_MS: String(jobMs),
    SHUTDOWN_TIMEOUT_MS: String(shutdownMs),
    LOG_LEVEL: 'error',
    NODE_ENV: 'test',
  });

  async function finished(jobId: string): Promise<boolean> {
    const { rowCount } = await q.db.pool.query(`SELECT 1 FROM settings WHERE scope = 'test' AND key = $1`, [jobId]);
    return rowCount === 1;
  }

  it('lets a job in flight finish, then exits 0', async () => {
    const jobId = (await q.queue.send('customer.sync', { source: sfRef('Account', '001000000000001AAA') }))!;
    const worker = spawnMarked(WORKER, env(1500, 20_000));
    await worker.waitFor((m) => m.event === 'job-started' && m.jobId === jobId);
    worker.process.kill('SIGTERM');
    const { code } = await worker.exited;
    expect(code, worker.output()).to.equal(0);
    expect(await finished(jobId)).to.equal(true);
    expect((await q.boss.getJobById('customer.sync', jobId))?.state).to.equal('completed');
  });

  it('hands back a job that cannot finish in time, and another worker completes it', async () => {
    const jobId = (await q.queue.send('customer.sync', { source: sfRef('Account', '001000000000002AAA') }))!;
    const slow = spawnMarked(WORKER, env(120_000, 7000));
    await slow.waitFor((m) => m.event === 'job-started' && m.jobId === jobId);
    const killedAt = Date.now();
    slow.process.kill('SIGTERM');
    const { code } = await slow.exited;
    expect(code, slow.output()).to.equal(0);
    expect(Date.now() - killedAt).to.be.below(7000); // within its own budget, so far below Heroku's 30 s
    expect(await finished(jobId)).to.equal(false);
    expect((await q.boss.getJobById('customer.sync', jobId))?.state).to.equal('retry');

    const next = spawnMarked(WORKER, env(10, 20_000));
    await next.waitFor((m) => m.event === 'job-finished' && m.jobId === jobId);
    next.process.kill('SIGTERM');
    await next.exited;
    expect(await finished(jobId)).to.equal(true);
  });
});
