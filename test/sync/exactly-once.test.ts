import path from 'node:path';
import { expect } from 'chai';
import { salesforceConfig } from '../../src/sources/salesforce/config.ts';
import { startSalesforceListener } from '../../src/sources/salesforce/listener.ts';
import { ALL_CHANNELS } from '../../src/sources/salesforce/stream-events.ts';
import { type MarkedChild, spawnMarked } from '../helpers/child.ts';
import { sfRef } from '../helpers/refs.ts';
import { organisationNumber, SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from './harness.ts';

const WORKER = path.resolve(import.meta.dirname, '../fixtures/sync-worker.ts');

/** DESIGN invariant 1: exactly one invoice per Opportunity and tenant, whatever happens. */
describe('exactly one invoice per Opportunity', function () {
  this.timeout(120_000);

  describe('when the worker dies after Fortnox stored the invoice', () => {
    let h: SyncHarness;
    const children: MarkedChild[] = [];
    before(async () => {
      h = await startSyncHarness({ worker: false });
    });
    after(async () => {
      for (const child of children) child.process.kill('SIGKILL');
      await h.stop();
    });

    function worker(): MarkedChild {
      const child = spawnMarked(WORKER, {
        DATABASE_URL: h.db.url,
        FORTNOX_API_URL: h.stack.fortnox.url,
        FORTNOX_AUTH_URL: h.stack.fortnox.url,
        SALESFORCE_LOGIN_URL: h.stack.salesforce.url,
        LOG_LEVEL: process.env.TEST_CHILD_LOG_LEVEL ?? 'error',
        NODE_ENV: 'test',
      });
      children.push(child);
      return child;
    }

    it('adopts the stored invoice on the retry instead of posting a second one', async () => {
      const first = worker();
      for (const channel of ALL_CHANNELS) await first.waitFor((m) => m.type === 'subscribed' && m.channel === channel);
      const entry = h.product('KRASCH-1', 'Krocktest', 500);
      const deal = h.deal(h.account({ ...SWEDISH_ACCOUNT, Name: 'Krasch AB' }), [
        { entry, quantity: 2, unitPrice: 500 },
      ]);
      // Fortnox stores the invoice; the worker is killed in that instant, before it can hear the answer
      // (which is also lost on the wire, so even a slow kill leaves the worker not knowing).
      h.stack.fortnox.injectFault({
        kind: 'commit-then-fail',
        then: 'drop',
        method: 'POST',
        pathPrefix: '/3/invoices',
      });
      const killed = h.stack.fortnox
        .waitForEvent((e) => e.type === 'invoice-created-v1')
        .then(() => first.process.kill('SIGKILL'));
      h.win(deal);
      await killed;
      await first.exited;
      expect(await h.ledgerState(deal)).to.equal('creating');

      worker();
      const opportunity = await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Draft');
      expect(h.invoicesFor(deal)).to.have.length(1);
      expect(opportunity.Fortnox_Invoice_Number__c).to.equal(h.invoicesFor(deal)[0]!.DocumentNumber);
      const { rows } = await h.db.pool.query(
        `SELECT message FROM sync_events e JOIN sync_records r ON r.id = e.sync_record_id WHERE r.source_id = $1 ORDER BY e.id`,
        [deal],
      );
      expect(rows.map((r) => r.message as string)).to.include.members([
        `adopted invoice ${opportunity.Fortnox_Invoice_Number__c} created by an earlier attempt`,
      ]);
    });
  });

  describe('with duplicate work, replays and a misbehaving Fortnox', () => {
    let h: SyncHarness;
    let entry: string;
    before(async () => {
      h = await startSyncHarness();
      entry = h.product('DUP-1', 'Dubblett', 1000);
    });
    after(async () => h.stop());
    afterEach(() => h.stack.fortnox.clearFaults());

    it('makes one invoice when several jobs for the same Opportunity run at once', async () => {
      const deal = h.deal(h.account({ ...SWEDISH_ACCOUNT, Name: 'Samtidigt AB' }), [
        { entry, quantity: 1, unitPrice: 1000 },
      ]);
      h.win(deal);
      // Alongside the listener's own job: four more, as duplicate events or eager buttons would send.
      await Promise.all(
        [1, 2, 3, 4].map(() => h.stack.runtime.queue.send('document.sync', { source: sfRef('Opportunity', deal) })),
      );
      await h.draftFor(deal);
      await h.until(
        async () =>
          (await h.stack.runtime.boss.getQueues(['document.sync']))[0]!.activeCount +
            (await h.stack.runtime.boss.getQueues(['document.sync']))[0]!.queuedCount ===
          0,
        'the jobs to finish',
      );
      expect(h.invoicesFor(deal)).to.have.length(1);
    });

    it('survives a 429 storm and 5xx bursts: every deal ends up with exactly one invoice', async () => {
      const deals = [1, 2, 3, 4, 5, 6].map((n) =>
        h.deal(h.account({ ...SWEDISH_ACCOUNT, Name: `Storm ${n} AB`, Organisation_Number__c: organisationNumber() }), [
          { entry, quantity: n, unitPrice: 1000 },
        ]),
      );
      h.stack.fortnox.injectFault({ kind: 'rate-limit', count: 5 });
      h.stack.fortnox.injectFault({ kind: 'status', status: 503, count: 2, method: 'POST', pathPrefix: '/3/invoices' });
      h.stack.fortnox.injectFault({ kind: 'commit-then-fail', count: 1, method: 'POST', pathPrefix: '/3/invoices' });
      for (const deal of deals) h.win(deal);
      for (const deal of deals) await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Draft');
      for (const deal of deals) expect(h.invoicesFor(deal), deal).to.have.length(1);
      expect(h.stack.fortnox.totalStats().rateLimited).to.be.greaterThan(0);
    });

    it('creates nothing new when every retained event is replayed from the start (-2)', async () => {
      const before = [...h.stack.fortnox.tenant(1001).invoices.rows.keys()].length;
      expect(before).to.be.greaterThan(0);
      // Documents and customers Fortnox was asked to create: a replay may re-read, never create.
      // (One draft can still be re-sent unchanged by a PUT after a replay; see the issue note.)
      const writes = () =>
        Object.entries(h.stack.fortnox.totalStats().byRoute)
          .filter(([route]) => route.startsWith('POST '))
          .reduce((sum, [, n]) => sum + n, 0);
      // Counted in the job table itself: pg-boss's per-queue totals are refreshed by its monitor, not at once.
      const pending = async () =>
        (
          await h.db.pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pgboss.job
              WHERE name IN ('document.sync', 'customer.sync') AND state IN ('created', 'retry', 'active')`,
          )
        ).rows[0]!.n;
      await h.until(async () => (await pending()) === 0, 'the earlier jobs to finish');
      const writesBefore = writes();
      await h.stack.listener!.stop();
      await h.db.pool.query(`UPDATE stream_checkpoints SET position = '-2' WHERE source = 'salesforce'`);
      const channel = '/data/OpportunityChangeEvent';
      const last = h.sf.retainedEvents(channel).at(-1)!.replayId;
      const replayed = new Promise<void>((resolve) => {
        const listener = startSalesforceListener({
          ...h.stack.runtime,
          config: salesforceConfig(h.stack.config),
          observe: (signal) => {
            if (signal.type === 'processed' && signal.outcome.replayId === last) resolve();
          },
        });
        h.stack.listener = listener;
      });
      await replayed;
      // A replayed event maps to the job id it produced the first time; an event that produced nothing
      // then (the deal was not yet in the ledger) may now queue a check of a deal we already sent —
      // which re-reads the deal, finds it unchanged and writes nothing.
      await h.until(async () => (await pending()) === 0, 'the replayed jobs to finish');
      expect(writes(), 'creations Fortnox received during the replay').to.equal(writesBefore);
      expect([...h.stack.fortnox.tenant(1001).invoices.rows.keys()]).to.have.length(before);
      const failed = await h.db.pool.query(
        `SELECT id FROM pgboss.job WHERE name IN ('document.sync', 'customer.sync') AND state = 'failed'`,
      );
      expect(failed.rows, 'failed jobs').to.have.length(0);
    });
  });
});
