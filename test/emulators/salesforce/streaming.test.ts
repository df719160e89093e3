import { expect } from 'chai';
import type { Connection } from 'jsforce';
import { StreamingExtension } from 'jsforce/lib/api/streaming.js';
import type { SalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import { login, startEmulator } from './helpers.ts';

type Header = {
  entityName: string;
  recordIds: string[];
  changeType: string;
  changedFields: string[];
  changeOrigin: string;
  commitUser: string;
  transactionKey: string;
};
type CdcEvent = { payload: { ChangeEventHeader: Header } & Record<string, unknown>; event: { replayId: number } };

/** One faye client per channel, with the Replay extension (reference §0.5). */
function listen(conn: Connection, channel: string, replayId: number, onAuthFailure?: (msg: unknown) => void) {
  const received: CdcEvent[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const extensions = [
    new StreamingExtension.Replay(channel, replayId),
    ...(onAuthFailure ? [new StreamingExtension.AuthFailure(onAuthFailure)] : []),
  ];
  const client = conn.streaming.createClient(extensions);
  const subscription = client.subscribe(channel, (data: unknown) => {
    received.push(data as CdcEvent);
    for (const w of waiters.filter((w) => received.length >= w.n)) w.resolve();
  });
  const count = (n: number) =>
    new Promise<void>((resolve) => {
      if (received.length >= n) resolve();
      else waiters.push({ n, resolve });
    });
  return { client, subscription: subscription as unknown as Promise<unknown>, received, count };
}

describe('Salesforce emulator: streaming with real jsforce + faye', function () {
  this.timeout(20_000);
  let sf: SalesforceEmulator;
  const clients: Array<ReturnType<Connection['streaming']['createClient']>> = [];
  beforeEach(async () => {
    sf = await startEmulator();
  });
  // faye re-sends an unanswered message forever, so each disconnect must be answered before
  // the emulator closes (otherwise the process never exits).
  afterEach(async () => {
    for (const c of clients.splice(0))
      await Promise.resolve((c as unknown as { disconnect(): unknown }).disconnect()).catch(() => undefined);
    await sf.close();
  });

  it('delivers CDC for create and update with only changed fields and the caller changeOrigin', async () => {
    const conn = await login(sf, 'fortnox-sync');
    const l = listen(conn, '/data/OpportunityChangeEvent', -1);
    clients.push(l.client);
    await l.subscription;
    const opp = await conn
      .sobject('Opportunity')
      .create({ Name: 'Streamed', StageName: 'Prospecting', CloseDate: '2026-12-01' });
    await conn.sobject('Opportunity').update({ Id: String(opp.id), Fortnox_Status__c: 'Draft' });
    await l.count(2);
    const [created, updated] = l.received;
    expect(created?.payload.ChangeEventHeader).to.include({
      entityName: 'Opportunity',
      changeType: 'CREATE',
      changeOrigin: 'com/salesforce/api/rest/64.0;client=fortnox-sync',
    });
    expect(created?.payload).to.include({ Name: 'Streamed', StageName: 'Prospecting' });
    expect(updated?.payload.ChangeEventHeader.changedFields).to.deep.equal(['Fortnox_Status__c', 'LastModifiedDate']);
    expect(Object.keys(updated?.payload ?? {}).sort()).to.deep.equal([
      'ChangeEventHeader',
      'Fortnox_Status__c',
      'LastModifiedDate',
    ]);
    expect(updated?.payload.ChangeEventHeader.recordIds).to.deep.equal([opp.id]);
    expect(Number(updated?.event.replayId)).to.be.greaterThan(Number(created?.event.replayId));
  });

  it('replays retained events with -2 and rejects an unknown replay id with the Salesforce text', async () => {
    const conn = await login(sf);
    const id = sf.handle.insert('Account', { Name: 'Before subscribe' });
    sf.handle.update('Account', id, { BillingCity: 'Malmö' });
    const all = listen(conn, '/data/AccountChangeEvent', -2);
    clients.push(all.client);
    await all.count(2);
    expect(all.received.map((e) => e.payload.ChangeEventHeader.changeType)).to.deep.equal(['CREATE', 'UPDATE']);
    expect(all.received[1]?.payload).to.deep.include({ BillingAddress: { City: 'Malmö' } });
    const bad = listen(conn, '/data/AccountChangeEvent', 42);
    clients.push(bad.client);
    const err = await bad.subscription.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).to.equal(
      '400::The replayId {42} you provided was invalid. Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.',
    );
  });

  it('publishes Fortnox_Sync_Request__e over REST and delivers it on /event', async () => {
    const conn = await login(sf);
    const l = listen(conn, '/event/Fortnox_Sync_Request__e', -1);
    clients.push(l.client);
    await l.subscription;
    const published = await conn
      .sobject('Fortnox_Sync_Request__e')
      .create({ Record_Id__c: '006000000000001AAA', Action__c: 'retry' });
    expect(published.id).to.match(/^e00/);
    await l.count(1);
    const event = l.received[0] as unknown as { payload: Record<string, unknown>; event: { EventUuid: string } };
    expect(event.payload).to.include({
      Record_Id__c: '006000000000001AAA',
      Action__c: 'retry',
      CreatedById: sf.handle.users.integrationUserId,
    });
    expect(event.event.EventUuid).to.match(/^[0-9a-f-]{36}$/);
  });

  it('re-handshakes after 403::Unknown client and resumes from the last replay id', async () => {
    const conn = await login(sf);
    const l = listen(conn, '/data/AccountChangeEvent', -1);
    clients.push(l.client);
    await l.subscription;
    sf.handle.insert('Account', { Name: 'One' });
    await l.count(1);
    const handshakes = sf.handle.counters().handshakes;
    expect(sf.handle.dropStreamingClients()).to.equal(1);
    sf.handle.insert('Account', { Name: 'Two (while dropped)' });
    await l.count(2);
    expect(sf.handle.counters().handshakes).to.equal(handshakes + 1);
    expect(l.received.map((e) => e.payload.Name)).to.deep.equal(['One', 'Two (while dropped)']);
  });

  it('ends with AuthFailure (401::Authentication invalid) when the session expires', async () => {
    const conn = await login(sf);
    let failure: unknown;
    const failed = new Promise<void>((resolve) => {
      const l = listen(conn, '/data/OpportunityChangeEvent', -1, (msg) => {
        failure = msg;
        resolve();
      });
      clients.push(l.client);
      void l.subscription.then(() => sf.handle.expireSessions());
    });
    await failed;
    expect(failure).to.deep.include({
      channel: '/meta/connect',
      error: '401::Authentication invalid',
      advice: { reconnect: 'none', interval: 0 },
    });
  });

  it('emits an Opportunity UPDATE for Amount when a line item changes, and gap events on demand', async () => {
    const conn = await login(sf);
    const product = sf.handle.insert('Product2', { Name: 'P', IsActive: true });
    const entry = sf.handle.insert('PricebookEntry', {
      Pricebook2Id: sf.handle.standardPricebookId,
      Product2Id: product,
      UnitPrice: 10,
      IsActive: true,
    });
    const opp = sf.handle.insert('Opportunity', { Name: 'O', StageName: 'Prospecting', CloseDate: '2026-12-01' });
    const l = listen(conn, '/data/OpportunityChangeEvent', -1);
    clients.push(l.client);
    await l.subscription;
    await conn
      .sobject('OpportunityLineItem')
      .create({ OpportunityId: opp, PricebookEntryId: entry, Quantity: 2, UnitPrice: 10 });
    sf.handle.publishGap('Opportunity', 'GAP_UPDATE', [opp]);
    await l.count(3);
    const amountChange = l.received.find((e) => e.payload.ChangeEventHeader.changedFields.includes('Amount'));
    expect(amountChange?.payload).to.include({ Amount: 20 });
    const gap = l.received.at(-1);
    expect(gap?.payload.ChangeEventHeader).to.include({ changeType: 'GAP_UPDATE' });
    expect(Object.keys(gap?.payload ?? {})).to.deep.equal(['ChangeEventHeader']);
  });
});
