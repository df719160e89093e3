import { expect } from 'chai';
import type { PgBoss } from 'pg-boss';
import type { SalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { salesforceConfig } from '../../../src/sources/salesforce/config.ts';
import { createSalesforceSession, type SalesforceSession } from '../../../src/sources/salesforce/connection.ts';
import { ALL_CHANNELS, CHANNELS } from '../../../src/sources/salesforce/stream-events.ts';
import type { TestDatabase } from '../../helpers/db.ts';
import { addLedgerRow, countJobs, Harness, type Signals } from './helpers.ts';

type EventData = {
  event: { replayId: number };
  payload: { ChangeEventHeader?: { recordIds: string[]; changeType: string } };
};

describe('Salesforce stream listener (real jsforce against the emulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  let sf: SalesforceEmulator;
  let db: TestDatabase;
  let boss: PgBoss;
  let signals: Signals;

  before(async () => {
    h = await Harness.start();
    ({ sf, db, boss, signals } = h);
  });
  after(() => h.close());

  /** Runs `change` and resolves once the listener has committed the event it caused on `channel`. */
  async function changeAndWait(channel: string, change: () => unknown): Promise<EventData> {
    const published = sf.handle.nextEvent(channel);
    change();
    const data = (await published) as unknown as EventData;
    await signals.processed(data.event.replayId);
    return data;
  }

  const account = (fields: Record<string, unknown> = {}) =>
    sf.handle.insert('Account', { Name: 'Kund AB', BillingCity: 'Lund', ...fields });
  const opportunity = (accountId: string, stage = 'Prospecting') =>
    sf.handle.insert('Opportunity', {
      Name: 'Affär',
      AccountId: accountId,
      StageName: stage,
      CloseDate: '2026-12-01',
      Amount: 1000,
    });

  it('enqueues exactly one invoice.create when an Opportunity reaches Closed Won', async () => {
    const oppId = opportunity(account());
    const created = boss
      .getSpy('document.sync')
      .waitForJob((data) => (data as { source?: { id: string } }).source?.id === oppId, 'created');
    await changeAndWait(CHANNELS.opportunity, () =>
      sf.handle.update('Opportunity', oppId, { StageName: 'Closed Won' }),
    );
    await created;
    await changeAndWait(CHANNELS.opportunity, () =>
      sf.handle.update('Opportunity', oppId, { NextStep: 'Invoice sent' }),
    );
    expect(await countJobs(db.pool, 'invoice.create', oppId)).to.equal(1);
    expect(await countJobs(db.pool, 'invoice.amend', oppId)).to.equal(0);
  });

  it('honours the won stages saved in settings (wonStages) and enqueues for an Opportunity created already won', async () => {
    // Saved on the org connection, as the dashboard saves them.
    await db.pool.query(
      `INSERT INTO source_connections (system, key, settings) VALUES ('salesforce', 'default', '{"wonStages": ["Closed Won", "Negotiation/Review"]}')
       ON CONFLICT (system, key) DO UPDATE SET settings = EXCLUDED.settings`,
    );
    try {
      const oppId = opportunity(account());
      await changeAndWait(CHANNELS.opportunity, () =>
        sf.handle.update('Opportunity', oppId, { StageName: 'Negotiation/Review' }),
      );
      expect(await countJobs(db.pool, 'invoice.create', oppId)).to.equal(1);
      const direct = await changeAndWait(CHANNELS.opportunity, () => opportunity(account(), 'Closed Won'));
      expect(await countJobs(db.pool, 'invoice.create', direct.payload.ChangeEventHeader!.recordIds[0])).to.equal(1);
    } finally {
      await db.pool.query(`UPDATE source_connections SET settings = '{}' WHERE system = 'salesforce'`);
    }
  });

  it('enqueues invoice.amend for billing changes and leaving the won stages, only for invoiced deals', async () => {
    const invoiced = opportunity(account(), 'Closed Won');
    const other = opportunity(account(), 'Closed Won');
    await addLedgerRow(db.pool, 'Opportunity', invoiced, 'invoice');
    await changeAndWait(CHANNELS.opportunity, () => sf.handle.update('Opportunity', invoiced, { Amount: 2500 }));
    await changeAndWait(CHANNELS.opportunity, () => sf.handle.update('Opportunity', other, { Amount: 2500 }));
    await changeAndWait(CHANNELS.opportunity, () =>
      sf.handle.update('Opportunity', invoiced, { NextStep: 'not billing' }),
    );
    expect(await countJobs(db.pool, 'invoice.amend', invoiced)).to.equal(1);
    await changeAndWait(CHANNELS.opportunity, () =>
      sf.handle.update('Opportunity', invoiced, { StageName: 'Negotiation/Review' }),
    );
    expect(await countJobs(db.pool, 'invoice.amend', invoiced)).to.equal(2);
    expect(await countJobs(db.pool, 'invoice.amend', other)).to.equal(0);
  });

  it('enqueues customer.sync when a synced Account’s billing data changes, and nothing for others', async () => {
    const synced = account();
    const unsynced = account();
    await addLedgerRow(db.pool, 'Account', synced, 'customer');
    const job = boss
      .getSpy('customer.sync')
      .waitForJob((data) => (data as { source?: { id: string } }).source?.id === synced, 'created');
    await changeAndWait(CHANNELS.account, () => sf.handle.update('Account', synced, { BillingCity: 'Malmö' }));
    await job;
    await changeAndWait(CHANNELS.account, () => sf.handle.update('Account', synced, { Description: 'irrelevant' }));
    await changeAndWait(CHANNELS.account, () =>
      sf.handle.update('Account', unsynced, { Organisation_Number__c: '556000-0001' }),
    );
    expect(await countJobs(db.pool, 'customer.sync', synced)).to.equal(1);
    expect(await countJobs(db.pool, 'customer.sync', unsynced)).to.equal(0);
  });

  it('turns Fortnox_Sync_Request__e into jobs by record id prefix', async () => {
    const accountId = account();
    const oppId = opportunity(accountId);
    await changeAndWait(CHANNELS.syncRequest, () =>
      sf.handle.publishEvent({ Record_Id__c: oppId, Action__c: 'retry' }),
    );
    await changeAndWait(CHANNELS.syncRequest, () =>
      sf.handle.publishEvent({ Record_Id__c: accountId, Action__c: 'sync' }),
    );
    await changeAndWait(CHANNELS.syncRequest, () =>
      sf.handle.publishEvent({ Record_Id__c: accountId, Action__c: 'explode' }),
    );
    expect(await countJobs(db.pool, 'invoice.create', oppId)).to.equal(1);
    expect(await countJobs(db.pool, 'customer.sync', accountId)).to.equal(1);
  });

  it('enqueues nothing for DELETE and UNDELETE', async () => {
    const created = await changeAndWait(CHANNELS.opportunity, () => opportunity(account(), 'Closed Won'));
    const oppId = created.payload.ChangeEventHeader!.recordIds[0]!;
    await addLedgerRow(db.pool, 'Opportunity', oppId, 'invoice');
    const before = await countJobs(db.pool, 'invoice.create', oppId);
    const deleted = await changeAndWait(CHANNELS.opportunity, () => sf.handle.delete('Opportunity', oppId));
    expect(deleted.payload.ChangeEventHeader?.changeType).to.equal('DELETE');
    await changeAndWait(CHANNELS.opportunity, () => sf.handle.undelete(oppId));
    expect(await countJobs(db.pool, 'invoice.create', oppId)).to.equal(before);
    expect(await countJobs(db.pool, 'invoice.amend', oppId)).to.equal(0);
  });

  it('drops our own write-backs: client=fortnox-sync origin, or only Fortnox_*__c fields changed', async () => {
    const accountId = account();
    const oppId = opportunity(accountId, 'Closed Won');
    await addLedgerRow(db.pool, 'Opportunity', oppId, 'invoice');
    await addLedgerRow(db.pool, 'Account', accountId, 'customer');
    const session: SalesforceSession = await createSalesforceSession(salesforceConfig(h.config), silentLogger, {
      now: () => sf.handle.clock.now(),
    });
    await changeAndWait(CHANNELS.opportunity, () =>
      session.conn
        .sobject('Opportunity')
        .update({ Id: oppId, Fortnox_Status__c: 'Draft', Fortnox_Invoice_Number__c: '1001' }),
    );
    await changeAndWait(CHANNELS.opportunity, () =>
      session.conn.sobject('Opportunity').update({ Id: oppId, Amount: 99 }),
    );
    await changeAndWait(CHANNELS.account, () =>
      session.conn.sobject('Account').update({ Id: accountId, Fortnox_Customer_Number__c: '42' }),
    );
    // The same field change made by a person in the UI (another origin) is still ours by its fields.
    await changeAndWait(CHANNELS.opportunity, () =>
      sf.handle.update('Opportunity', oppId, { Fortnox_Sync_Error__c: null, Fortnox_Status__c: 'Booked' }),
    );
    expect(await countJobs(db.pool, 'invoice.amend', oppId)).to.equal(0);
    expect(await countJobs(db.pool, 'customer.sync', accountId)).to.equal(0);
    const last = signals.seen
      .filter((s) => s.type === 'processed')
      .slice(-4)
      .map((s) => s.type === 'processed' && s.outcome.reason);
    expect(last).to.deep.equal(['echo:own_client', 'echo:own_client', 'echo:own_client', 'echo:own_fields']);
  });

  it('re-reads the records a gap event names and enqueues from what is true now', async () => {
    const oppId = opportunity(account(), 'Closed Won');
    await changeAndWait(CHANNELS.opportunity, () => sf.handle.publishGap('Opportunity', 'GAP_UPDATE', [oppId]));
    expect(await countJobs(db.pool, 'invoice.create', oppId)).to.equal(2); // the CREATE event, and the gap
    const { rows } = await db.pool.query(
      `SELECT reason, record_ids, jobs_enqueued FROM stream_reconciliations ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).to.deep.equal({ reason: 'gap_event', record_ids: [oppId], jobs_enqueued: 1 });
  });

  it('re-authenticates and rebuilds its clients after 401::Authentication invalid', async () => {
    const from = signals.seen.length;
    sf.handle.expireSessions();
    await signals.waitFor((s) => s.type === 'rebuilding' && s.reason === 'session_renewed', from);
    await signals.subscribed(ALL_CHANNELS, from);
    const oppId = opportunity(account());
    await changeAndWait(CHANNELS.opportunity, () =>
      sf.handle.update('Opportunity', oppId, { StageName: 'Closed Won' }),
    );
    expect(await countJobs(db.pool, 'invoice.create', oppId)).to.equal(1);
  });

  it('keeps streaming after 403::Unknown client (faye re-handshakes and resubscribes)', async () => {
    const from = signals.seen.length;
    const handshakes = sf.handle.counters().handshakes;
    sf.handle.dropStreamingClients('unknown-client');
    await signals.subscribed(ALL_CHANNELS, from);
    expect(sf.handle.counters().handshakes).to.be.at.least(handshakes + ALL_CHANNELS.length);
    expect(signals.seen.slice(from).some((s) => s.type === 'rebuilding')).to.equal(false);
    const oppId = opportunity(account());
    await changeAndWait(CHANNELS.opportunity, () =>
      sf.handle.update('Opportunity', oppId, { StageName: 'Closed Won' }),
    );
    expect(await countJobs(db.pool, 'invoice.create', oppId)).to.equal(1);
  });

  it('steps down at once when its lock connection dies, then leads again from the checkpoint', async () => {
    const from = signals.seen.length;
    await db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'fortnox-sync-stream-leader' AND datname = current_database()`,
    );
    await signals.waitFor((s) => s.type === 'standby', from);
    await signals.waitFor((s) => s.type === 'leading', from);
    await signals.subscribed(ALL_CHANNELS, from);
    const oppId = opportunity(account());
    await changeAndWait(CHANNELS.opportunity, () =>
      sf.handle.update('Opportunity', oppId, { StageName: 'Closed Won' }),
    );
    expect(await countJobs(db.pool, 'invoice.create', oppId)).to.equal(1);
  });
});
