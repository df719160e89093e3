import { EventEmitter, once } from 'node:events';
import { expect } from 'chai';
import type { PgBoss } from 'pg-boss';
import { AppError } from '../../src/core/errors.ts';
import { useQueueDatabase } from '../helpers/boss.ts';
import { sfRef } from '../helpers/refs.ts';

const ACCOUNT = '001000000000001AAA';

describe('job queue', () => {
  const q = useQueueDatabase();

  it('refuses to enqueue a payload that does not match the catalog', async () => {
    try {
      await q.queue.send('customer.sync', { source: { ...sfRef('Account', ACCOUNT), system: 'Not A System!' } });
      expect.fail('invalid payload was enqueued');
    } catch (error) {
      expect(error).to.be.instanceOf(AppError);
      expect((error as AppError).code).to.equal('job_payload_invalid');
    }
  });

  it('hands the handler the parsed payload with a correlation id that follows the job', async () => {
    const seen = new EventEmitter();
    await q.queue.work('customer.sync', async (payload, context) => {
      seen.emit('job', { payload, correlationId: context.correlationId, attempt: context.attempt });
    });
    await q.queue.send('customer.sync', { source: sfRef('Account', ACCOUNT) }, { correlationId: 'corr-42' });
    const [job] = await once(seen, 'job');
    expect(job).to.deep.equal({ payload: { source: sfRef('Account', ACCOUNT) }, correlationId: 'corr-42', attempt: 1 });
  });

  it('does not retry a permanent failure, and keeps the reason on the job', async () => {
    const done = new EventEmitter();
    await q.queue.work('customer.sync', async () => {
      done.emit('ran');
      throw new AppError('Fortnox refused the customer', {
        code: 'fortnox_validation',
        category: 'validation',
        retryable: false,
      });
    });
    const id = (await q.queue.send('customer.sync', { source: sfRef('Account', ACCOUNT) }))!;
    await once(done, 'ran');
    const job = await settledAfterFailure(q.boss, 'customer.sync', id);
    expect(job.state).to.equal('failed');
    expect(job.retryCount).to.equal(0);
    expect(JSON.stringify(job.output)).to.contain('permanent:validation');
  });

  it('retries a transient failure', async () => {
    const done = new EventEmitter();
    await q.queue.work('customer.sync', async () => {
      done.emit('ran');
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    });
    const id = (await q.queue.send('customer.sync', { source: sfRef('Account', ACCOUNT) }))!;
    await once(done, 'ran');
    const job = await settledAfterFailure(q.boss, 'customer.sync', id);
    expect(job.state).to.equal('retry');
    expect(JSON.stringify(job.output)).to.contain('network');
  });

  it('parks a job whose stored payload no longer validates (payloads outlive deploys)', async () => {
    await q.queue.work('customer.sync', async () => undefined);
    const id = (await q.boss.send('customer.sync', { source: { id: 42 } }))!;
    const job = await settledAfterFailure(q.boss, 'customer.sync', id);
    expect(JSON.stringify(job.output)).to.contain('job_payload_invalid');
  });
});

/** Awaits pg-boss's own record of the job failing (a spy event, no polling), then reads the job. */
async function settledAfterFailure(boss: PgBoss, name: string, id: string) {
  await boss.getSpy(name).waitForJobWithId(id, 'failed');
  const job = await boss.getJobById(name, id);
  if (job === null) throw new Error(`job ${id} vanished`);
  return job;
}
