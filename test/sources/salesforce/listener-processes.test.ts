import path from 'node:path';
import { expect } from 'chai';
import type { SalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import { ALL_CHANNELS, CHANNELS } from '../../../src/sources/salesforce/stream-events.ts';
import { type MarkedChild, spawnMarked } from '../../helpers/child.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { addLedgerRow, startEmulator } from './helpers.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/stream-listener.ts');
const OUR_ORIGIN = 'com/salesforce/api/rest/64.0;client=fortnox-sync';
const tick = () => new Promise((resolve) => setImmediate(resolve));

type Expected = Map<string, number>;
const bump = (expected: Expected, name: string, id: string) =>
  expected.set(`${name}|${id}`, (expected.get(`${name}|${id}`) ?? 0) + 1);

async function jobCounts(db: TestDatabase): Promise<Expected> {
  const { rows } = await db.pool.query<{ key: string; n: string }>(
    // Keyed by what each job means: a document.sync to create is the Opportunity's invoice.create.
    `SELECT CASE WHEN name <> 'document.sync' THEN name WHEN data->>'reason' = 'create' THEN 'invoice.create' ELSE 'invoice.amend' END
            || '|' || (data->'source'->>'id') AS key, count(*) AS n
       FROM pgboss.job WHERE name IN ('document.sync', 'customer.sync') GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

describe('Salesforce stream listener as real processes', function () {
  this.timeout(60_000);
  let sf: SalesforceEmulator;
  let db: TestDatabase;
  const children: MarkedChild[] = [];

  const spawnListener = () => {
    const child = spawnMarked(FIXTURE, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: db.url,
      DATABASE_POOL_MAX: '3',
      SALESFORCE_LOGIN_URL: sf.url,
      STREAM_POLL_MS: '500',
    });
    children.push(child);
    return child;
  };
  const subscribedAll = async (child: MarkedChild) => {
    for (const channel of ALL_CHANNELS) await child.waitFor((m) => m.event === 'subscribed' && m.channel === channel);
  };
  /** Newest replay id per channel: events up to here were published before anyone listened. */
  const baseline = () =>
    new Map(ALL_CHANNELS.map((channel) => [channel, sf.handle.retainedEvents(channel).at(-1)?.replayId]));
  /** Waits until `child` has committed the newest event of every channel that had one after `before`. */
  const caughtUp = async (child: MarkedChild, before: Map<string, number | undefined>) => {
    for (const channel of ALL_CHANNELS) {
      const last = sf.handle.retainedEvents(channel).at(-1)?.replayId;
      if (last !== undefined && last !== before.get(channel)) {
        await child.waitFor((m) => m.event === 'processed' && m.channel === channel && m.replayId === last);
      }
    }
  };

  beforeEach(async () => {
    sf = await startEmulator();
    db = await createTestDatabase();
  });
  afterEach(async function () {
    for (const child of children.splice(0)) {
      if (this.currentTest?.state === 'failed')
        process.stderr.write(`--- listener ${child.process.pid}:\n${child.output().slice(-4000)}\n`);
      child.process.kill('SIGKILL');
      await child.exited;
    }
    await sf.close();
    await db.drop();
  });

  it('enqueues every relevant change of a 1,000-change burst exactly once across a kill -9', async () => {
    const h = sf.handle;
    const accounts = Array.from({ length: 40 }, (_, i) =>
      h.insert('Account', { Name: `Kund ${i}`, BillingCity: 'Lund' }),
    );
    const synced = accounts.slice(0, 20);
    for (const id of synced) await addLedgerRow(db.pool, 'Account', id, 'customer');
    const opp = (stage: string) =>
      h.insert('Opportunity', {
        Name: 'Affär',
        AccountId: accounts[0],
        StageName: stage,
        CloseDate: '2026-12-01',
        Amount: 100,
      });
    const prospects = Array.from({ length: 100 }, () => opp('Prospecting'));
    const invoiced = Array.from({ length: 20 }, () => opp('Closed Won'));
    const wonNotInvoiced = Array.from({ length: 20 }, () => opp('Closed Won'));
    for (const id of invoiced) await addLedgerRow(db.pool, 'Opportunity', id, 'invoice');

    const expected: Expected = new Map();
    const pick = <T>(list: T[], i: number): T => list[i % list.length]!;
    const change = (i: number) => {
      const n = Math.floor(i / 10);
      switch (i % 10) {
        case 0:
          h.update('Opportunity', prospects[n]!, { StageName: 'Closed Won' });
          bump(expected, 'invoice.create', prospects[n]!);
          break;
        case 1:
          h.update('Account', pick(synced, n), { BillingCity: `Stad ${i}` });
          bump(expected, 'customer.sync', pick(synced, n));
          break;
        case 2:
          h.update('Account', pick(accounts.slice(20), n), { Phone: `+46 ${i}` });
          break;
        case 3:
          h.update('Opportunity', pick(invoiced, n), { Amount: 1000 + i });
          bump(expected, 'invoice.amend', pick(invoiced, n));
          break;
        case 4:
          h.update('Opportunity', pick(wonNotInvoiced, n), { Amount: 1000 + i });
          break;
        case 5:
          h.update('Opportunity', pick(invoiced, n), { Fortnox_Invoice_Number__c: `S${i}` }, { origin: OUR_ORIGIN });
          break;
        case 6:
          h.update('Account', pick(synced, n), { Fortnox_Customer_Number__c: `C${i}` });
          break;
        case 7:
          h.publishEvent({ Record_Id__c: pick(synced, n), Action__c: 'sync' });
          bump(expected, 'customer.sync', pick(synced, n));
          break;
        case 8:
          h.update('Opportunity', pick(invoiced, n), { NextStep: `Step ${i}` });
          break;
        default:
          h.update('Account', pick(synced, n), { Description: `Note ${i}` });
      }
    };

    const seeded = baseline();
    const first = spawnListener();
    await subscribedAll(first);
    for (let chunk = 0; chunk < 10; chunk++) {
      for (let i = chunk * 100; i < (chunk + 1) * 100; i++) change(i);
      if (chunk === 3) {
        // Mid-burst: some events committed, some delivered but not committed, more still to come.
        await first.waitFor((m) => m.event === 'processed' && Number(m.count) >= 150);
        first.process.kill('SIGKILL');
        await first.exited;
      }
      await tick();
    }
    const second = spawnListener();
    await subscribedAll(second);
    const resumed = await second.waitFor((m) => m.event === 'subscribed' && m.channel === CHANNELS.opportunity);
    expect(Number(resumed.replayFrom), 'resumes from the committed checkpoint').to.be.greaterThan(0);
    await caughtUp(second, seeded);

    expect(Object.fromEntries(await jobCounts(db))).to.deep.equal(Object.fromEntries(expected));
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM stream_reconciliations`);
    expect(rows[0].n, 'the stream alone was enough').to.equal(0);
  });

  it('lets only the leader subscribe; a standby takes over within 30 s of a kill -9 without losing an event, and stops cleanly on SIGTERM', async () => {
    const h = sf.handle;
    const accountId = h.insert('Account', { Name: 'Kund' });
    const prospects = Array.from({ length: 100 }, () =>
      h.insert('Opportunity', {
        Name: 'Affär',
        AccountId: accountId,
        StageName: 'Prospecting',
        CloseDate: '2026-12-01',
      }),
    );
    const seeded = baseline();
    const leader = spawnListener();
    await subscribedAll(leader);
    const standby = spawnListener();
    await standby.waitFor((m) => m.event === 'ready');

    for (const id of prospects.slice(0, 50)) h.update('Opportunity', id, { StageName: 'Closed Won' });
    await leader.waitFor((m) => m.event === 'processed' && Number(m.count) >= 20);
    expect(h.counters().streamingClients, 'one client per channel, all the leader’s').to.equal(ALL_CHANNELS.length);
    expect(standby.output()).not.to.include('"event":"subscribed"');

    leader.process.kill('SIGKILL');
    const killedAt = Date.now();
    for (const id of prospects.slice(50)) h.update('Opportunity', id, { StageName: 'Closed Won' });
    await standby.waitFor((m) => m.event === 'leading');
    expect(Date.now() - killedAt).to.be.below(30_000);
    await subscribedAll(standby);
    await caughtUp(standby, seeded);

    const counts = await jobCounts(db);
    expect(prospects.map((id) => counts.get(`invoice.create|${id}`))).to.deep.equal(prospects.map(() => 1));
    // SIGTERM: unsubscribe, release the lock, exit 0 well inside Heroku's 30 s.
    standby.process.kill('SIGTERM');
    expect((await standby.exited).code, standby.output()).to.equal(0);
  });
});
