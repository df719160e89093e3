import { expect } from 'chai';
import { CHANNELS } from '../../../src/sources/salesforce/stream-events.ts';
import type { TestDatabase } from '../../helpers/db.ts';
import { addLedgerRow, countJobs, Harness } from './helpers.ts';

const HOUR = 3_600_000;

describe('Salesforce stream listener: nothing skipped when the stream cannot replay', function () {
  this.timeout(20_000);
  let t: Harness;
  let db: TestDatabase;

  beforeEach(async () => {
    t = await Harness.start();
    db = t.db;
  });
  afterEach(() => t.close());

  const reconciliations = async () =>
    (
      await db.pool.query<{ channel: string; reason: string; jobs_enqueued: number }>(
        `SELECT channel, reason, jobs_enqueued FROM stream_reconciliations ORDER BY id`,
      )
    ).rows;

  it('reconciles with SOQL when the stored replay id has expired (listener down longer than 72 h)', async () => {
    const h = t.sf.handle;
    const accountId = h.insert('Account', { Name: 'Kund AB' });
    const seen = h.nextEvent(CHANNELS.account, (d) => JSON.stringify(d).includes(accountId));
    h.update('Account', accountId, { Phone: '+46 1' });
    await t.signals.processed(Number(((await seen) as { event: { replayId: number } }).event.replayId));
    const invoiced = h.insert('Opportunity', {
      Name: 'A',
      AccountId: accountId,
      StageName: 'Closed Won',
      CloseDate: '2026-12-01',
    });
    await addLedgerRow(db.pool, 'Account', accountId, 'customer');
    await addLedgerRow(db.pool, 'Opportunity', invoiced, 'invoice');
    const lastOpp = h.retainedEvents(CHANNELS.opportunity).at(-1)!.replayId;
    await t.signals.processed(lastOpp);
    await t.listener!.stop();

    // While nobody listens: a deal is won, a synced customer moves, an invoiced deal changes.
    const won = h.insert('Opportunity', {
      Name: 'B',
      AccountId: accountId,
      StageName: 'Prospecting',
      CloseDate: '2026-12-01',
    });
    h.update('Opportunity', won, { StageName: 'Closed Won' });
    h.update('Account', accountId, { BillingCity: 'Umeå' });
    h.update('Opportunity', invoiced, { Amount: 4200 });
    h.clock.advance(73 * HOUR);
    const before = {
      create: await countJobs(db.pool, 'invoice.create', won),
      sync: await countJobs(db.pool, 'customer.sync', accountId),
    };

    const restarted = t.restart();
    for (const channel of [CHANNELS.account, CHANNELS.opportunity]) {
      await t.signals.waitFor(
        (s) => s.type === 'processed' && s.outcome.channel === channel && s.outcome.reason === 'replay_id_invalid',
      );
    }
    await restarted;
    expect(before).to.deep.equal({ create: 0, sync: 0 });
    expect(await countJobs(db.pool, 'invoice.create', won)).to.equal(1);
    expect(await countJobs(db.pool, 'invoice.amend', invoiced)).to.equal(1);
    expect(await countJobs(db.pool, 'customer.sync', accountId)).to.equal(1);
    const recorded = (await reconciliations()).map((r) => `${r.channel} ${r.reason}`).sort();
    expect(recorded).to.deep.equal([
      `${CHANNELS.account} replay_id_invalid`,
      `${CHANNELS.opportunity} replay_id_invalid`,
    ]);

    // The stream works again afterwards, from -1.
    const next = h.insert('Opportunity', {
      Name: 'C',
      AccountId: accountId,
      StageName: 'Prospecting',
      CloseDate: '2026-12-01',
    });
    const event = h.nextEvent(CHANNELS.opportunity, (d) => JSON.stringify(d).includes('Closed Won'));
    h.update('Opportunity', next, { StageName: 'Closed Won' });
    await t.signals.processed(Number(((await event) as { event: { replayId: number } }).event.replayId));
    expect(await countJobs(db.pool, 'invoice.create', next)).to.equal(1);
  });

  it('reconciles an entity after an overflow event and records why', async () => {
    const h = t.sf.handle;
    const accountId = h.insert('Account', { Name: 'Kund AB' });
    const won = h.insert('Opportunity', {
      Name: 'B',
      AccountId: accountId,
      StageName: 'Closed Won',
      CloseDate: '2026-12-01',
    });
    await t.signals.processed(h.retainedEvents(CHANNELS.opportunity).at(-1)!.replayId);
    const overflow = h.nextEvent(CHANNELS.opportunity);
    h.publishOverflow('Opportunity');
    await t.signals.processed(Number(((await overflow) as { event: { replayId: number } }).event.replayId));
    // One from the CREATE event, one from re-reading after the overflow (invoice.create is idempotent).
    expect(await countJobs(db.pool, 'invoice.create', won)).to.equal(2);
    expect(await reconciliations()).to.deep.equal([
      { channel: CHANNELS.opportunity, reason: 'overflow_event', jobs_enqueued: 1 },
    ]);
  });
});
