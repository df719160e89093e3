import path from 'node:path';
import { expect } from 'chai';
import { silentLogger } from '../../src/core/logger.ts';
import { startLostJobSweep } from '../../src/jobs/lost-jobs.ts';
import { useQueueDatabase } from '../helpers/boss.ts';
import { type MarkedChild, spawnMarked } from '../helpers/child.ts';
import { sfRef } from '../helpers/refs.ts';

const WORKER = path.resolve(import.meta.dirname, '../fixtures/lost-worker.ts');
const DEAL = '006000000000001AAA';

/** Issue #17: a job whose worker was SIGKILLed is not a failed job — no spent attempt, no backoff. */
describe('jobs of a lost worker', function () {
  this.timeout(120_000);
  const q = useQueueDatabase();

  const jobRow = async (id: string) =>
    (
      await q.db.pool.query<{ state: string; retry_count: number; waits: boolean; lost: number | null }>(
        `SELECT state, retry_count, start_after > now() AS waits, (data->>'lostWorkers')::int AS lost
           FROM pgboss.job WHERE id = $1`,
        [id],
      )
    ).rows[0]!;
  // A worker that claimed the job and then died: its heartbeat stopped 11 s ago (the queue allows 10).
  const claimAndDie = async (): Promise<void> => {
    const [job] = await q.boss.fetch('document.sync');
    expect(job, 'a claimable job').to.not.equal(undefined);
    await q.db.pool.query(`UPDATE pgboss.job SET heartbeat_on = now() - interval '11 seconds' WHERE id = $1`, [
      job!.id,
    ]);
  };

  it('puts the job back at once, as often as its workers die, without counting the attempts', async () => {
    const sweep = startLostJobSweep({
      pool: q.db.pool,
      logger: silentLogger,
      queues: ['document.sync'],
      maxRequeues: 3,
    });
    sweep.stop();
    const id = (await q.queue.send('document.sync', { source: sfRef('Opportunity', DEAL) }))!;
    for (const lost of [1, 2, 3]) {
      await claimAndDie();
      expect(await sweep.sweep()).to.equal(1);
      expect(await jobRow(id)).to.deep.equal({ state: 'created', retry_count: 0, waits: false, lost });
    }
    // A job that took down three workers is left to pg-boss's ordinary heartbeat failure (with backoff).
    await claimAndDie();
    expect(await sweep.sweep()).to.equal(0);
    expect((await jobRow(id)).state).to.equal('active');
  });

  it('leaves alone a job whose worker is alive', async () => {
    const sweep = startLostJobSweep({ pool: q.db.pool, logger: silentLogger, queues: ['document.sync'] });
    sweep.stop();
    const id = (await q.queue.send('document.sync', { source: sfRef('Opportunity', DEAL) }))!;
    await q.boss.fetch('document.sync');
    expect(await sweep.sweep()).to.equal(0);
    expect((await jobRow(id)).state).to.equal('active');
  });

  it('settles a lost write-back flush when another one already waits (it takes all that is due)', async () => {
    const sweep = startLostJobSweep({ pool: q.db.pool, logger: silentLogger, queues: ['source.writeback'] });
    sweep.stop();
    const payload = { system: 'salesforce', connection: 'org' };
    const first = (await q.queue.send('source.writeback', payload))!;
    const [job] = await q.boss.fetch('source.writeback');
    expect(job!.id).to.equal(first);
    await q.db.pool.query(`UPDATE pgboss.job SET heartbeat_on = now() - interval '11 seconds' WHERE id = $1`, [first]);
    const second = (await q.queue.send('source.writeback', payload))!;
    await sweep.sweep();
    expect((await jobRow(first)).state).to.equal('completed');
    expect((await jobRow(second)).state).to.equal('created');
  });

  it('a SIGKILLed worker’s job is run by the next worker within seconds, at the same attempt, kill after kill', async () => {
    const children: MarkedChild[] = [];
    const spawn = async (): Promise<MarkedChild> => {
      const child = spawnMarked(WORKER, { DATABASE_URL: q.db.url, NODE_ENV: 'test' });
      children.push(child);
      await child.waitFor((m) => m.type === 'ready');
      return child;
    };
    try {
      let holder = await spawn();
      await q.queue.send('document.sync', { source: sfRef('Opportunity', DEAL) });
      const first = await holder.waitFor((m) => m.type === 'started');
      expect(first.attempt).to.equal(1);
      for (let kill = 1; kill <= 2; kill++) {
        const next = await spawn();
        const killedAt = Date.now();
        holder.process.kill('SIGKILL');
        await holder.exited;
        const picked = await next.waitFor((m) => m.type === 'started');
        const seconds = (Date.now() - killedAt) / 1000;
        // Heartbeat allowance (10 s after the last 2-s refresh) plus a sweep pass; pg-boss alone: 60 s+ and backoff.
        expect(seconds, `pick-up after kill ${kill}`).to.be.below(16);
        expect(picked.jobId).to.equal(first.jobId);
        expect(picked.attempt, 'the lost attempt is not counted').to.equal(1);
        holder = next;
      }
    } finally {
      for (const child of children) child.process.kill('SIGKILL');
    }
  });
});
