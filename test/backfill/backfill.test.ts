import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import type { PgBoss } from 'pg-boss';
import { DEMO_TENANT, type Stack, startStack } from '../../scripts/stack.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createHandlers } from '../../src/jobs/handlers/index.ts';
import { type BackfillSummary, backfill, backfillJobId } from '../../src/sources/salesforce/backfill.ts';
import { parseBackfillArgs, UsageError } from '../../src/sources/salesforce/backfill-cli.ts';
import { salesforceConfig } from '../../src/sources/salesforce/config.ts';
import { createSalesforceSession } from '../../src/sources/salesforce/connection.ts';
import { workerServices } from '../../src/worker/services.ts';
import { startWorker } from '../../src/worker/worker.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { sfRef } from '../helpers/refs.ts';
import { startBoss } from '../sources/salesforce/helpers.ts';

/**
 * The backfill against the whole stack: Salesforce emulator (2-record pages, so queryMore is
 * exercised), real Postgres and pg-boss, the real job handlers, the Fortnox emulator. The worker
 * runs on a pg-boss of the test's own with spies, so "job done" is awaited, never slept for.
 */

describe('npm run backfill', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let stack: Stack;
  let boss: PgBoss;
  let since: Date;
  const ids = { won: [] as string[], open: '', before: '', accounts: [] as string[] };

  const run = async (): Promise<BackfillSummary> => {
    const { conn } = await createSalesforceSession(salesforceConfig(stack.config), silentLogger);
    return backfill({ conn, queue: stack.runtime.queue, since, wonStages: ['Closed Won'] });
  };
  const invoicesInFortnox = (): string[] =>
    [...stack.fortnox.tenant(Number(DEMO_TENANT)).invoices.rows.values()].map((row) =>
      String(row.rec.ExternalInvoiceReference1),
    );
  const jobsInQueue = async (): Promise<string[]> => {
    const { rows } = await db.pool.query<{ job: string }>(
      // Named as before the jobs were source-neutral: a document.sync of an Opportunity is its invoice.create.
      `SELECT CASE name WHEN 'document.sync' THEN 'invoice.create' ELSE name END || ':' || (data->'source'->>'id') AS job
         FROM pgboss.job WHERE name IN ('document.sync', 'customer.sync') ORDER BY 1`,
    );
    return rows.map((r) => r.job);
  };
  const settled = async (name: string, id: string): Promise<void> => {
    const spy = boss.getSpy(name);
    const job = await Promise.race([spy.waitForJobWithId(id, 'completed'), spy.waitForJobWithId(id, 'failed')]);
    expect(job.state, `${name} ${id}: ${JSON.stringify(job.output)}`).to.equal('completed');
  };

  before(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      worker: false,
      logger: silentLogger,
      env: { LOG_LEVEL: 'error' },
      salesforceOptions: { queryBatchSize: 2 },
    });
    const h = stack.salesforce.handle;
    const productId = h.insert('Product2', { Name: 'Konsulttimme', ProductCode: 'KONS-H', IsActive: true });
    const entryId = h.insert('PricebookEntry', {
      Pricebook2Id: h.standardPricebookId,
      Product2Id: productId,
      UnitPrice: 1200,
      IsActive: true,
    });
    const account = (name: string, org: string): string =>
      h.insert('Account', {
        Name: name,
        BillingStreet: 'Sveavägen 1',
        BillingCity: 'Stockholm',
        BillingPostalCode: '111 57',
        BillingCountry: 'Sweden',
        Organisation_Number__c: org,
      });
    ids.accounts = [
      account('Alfa AB', '556677-8899'),
      account('Beta AB', '556016-0680'),
      account('Gamma AB', '556036-0793'),
    ];
    const deal = (name: string, accountId: string, stage: string): string => {
      const id = h.insert('Opportunity', {
        Name: name,
        AccountId: accountId,
        StageName: stage,
        CloseDate: '2026-01-15',
      });
      h.insert('OpportunityLineItem', { OpportunityId: id, PricebookEntryId: entryId, Quantity: 4, UnitPrice: 1200 });
      return id;
    };
    ids.before = deal('Won before the date', ids.accounts[2]!, 'Closed Won');
    // SOQL compares whole seconds; the emulator's clock moves on so "before" is clearly before.
    h.clock.advance(2000);
    since = new Date(Math.floor(h.clock.now() / 1000) * 1000);
    ids.won = [
      deal('Alfa licenser', ids.accounts[0]!, 'Closed Won'),
      deal('Alfa tillägg', ids.accounts[0]!, 'Closed Won'),
      deal('Beta projekt', ids.accounts[1]!, 'Closed Won'),
    ];
    ids.open = deal('Gamma offert', ids.accounts[2]!, 'Proposal/Price Quote');

    const started = await startBoss(db);
    boss = started.boss;
    // A spy records only from its creation on: create both before any job runs.
    boss.getSpy('document.sync');
    boss.getSpy('customer.sync');
    const services = workerServices(stack.runtime);
    await startWorker({ ...stack.runtime, queue: started.queue }, createHandlers(services.sync, services.requestFlush));

    // The stream invoiced the first deal already (a job of its own id), before any backfill.
    const draft = stack.fortnox.waitForEvent((e) => e.type === 'invoice-created-v1');
    const streamJob = await started.queue.send('document.sync', { source: sfRef('Opportunity', ids.won[0]!) });
    await settled('document.sync', streamJob!);
    await draft;
  });

  after(async () => {
    await boss?.stop({ graceful: true, timeout: 5000 });
    await stack?.stop();
    await db?.drop();
  });

  it('enqueues the won Opportunities changed since the date and their Accounts, and nothing more', async () => {
    const summary = await run();
    expect(summary.opportunities).to.deep.equal({ found: 3, enqueued: 3, alreadyQueued: 0 });
    expect(summary.accounts).to.deep.equal({ found: 2, enqueued: 2, alreadyQueued: 0 });
    const backfilled = [
      ...ids.won.map((id) => `invoice.create:${id}`),
      `customer.sync:${ids.accounts[0]}`,
      `customer.sync:${ids.accounts[1]}`,
    ];
    // The stream's own job for the first deal is there too (once); nothing for the open deal or the one won before.
    expect(await jobsInQueue()).to.deep.equal([...backfilled, `invoice.create:${ids.won[0]}`].sort());
  });

  it('creates nothing new when run again', async () => {
    const before = await jobsInQueue();
    const summary = await run();
    expect(summary.opportunities).to.deep.equal({ found: 3, enqueued: 0, alreadyQueued: 3 });
    expect(summary.accounts).to.deep.equal({ found: 2, enqueued: 0, alreadyQueued: 2 });
    expect(await jobsInQueue()).to.deep.equal(before);
  });

  it('ends with exactly one draft per won deal, also for the deal the stream had invoiced', async () => {
    for (const id of ids.won) await settled('document.sync', backfillJobId('invoice.create', id));
    for (const id of ids.accounts.slice(0, 2)) await settled('customer.sync', backfillJobId('customer.sync', id));
    expect(invoicesInFortnox().sort()).to.deep.equal([...ids.won].sort());
  });

  it('refuses a missing or malformed --since with one line and exit code 2', () => {
    expect(parseBackfillArgs(['--since', '2026-01-01']).since.toISOString()).to.equal('2026-01-01T00:00:00.000Z');
    expect(parseBackfillArgs(['--since=2026-01-01T08:30:00+01:00']).since.toISOString()).to.equal(
      '2026-01-01T07:30:00.000Z',
    );
    for (const argv of [
      [],
      ['--since'],
      ['--since', '2026-02-30'],
      ['--since', 'yesterday'],
      ['--since', '2026-1-1'],
      ['--until', '2026-01-01'],
    ]) {
      expect(() => parseBackfillArgs(argv), argv.join(' ')).to.throw(UsageError);
    }
    for (const argv of [['--since', 'nope'], []]) {
      const result = spawnSync(process.execPath, ['scripts/backfill.ts', ...argv], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      });
      expect(result.status, result.stderr).to.equal(2);
      expect(result.stderr.split('\n')[0]).to.match(/^backfill: --since/);
    }
  });
});
