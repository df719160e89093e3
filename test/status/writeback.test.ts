import { expect } from 'chai';
import { LIMIT_BACKOFF_SECONDS } from '../../src/sources/salesforce/writeback-send.ts';
import { SWEDISH_ACCOUNT } from '../sync/harness.ts';
import { eventually, type StatusHarness, startStatusHarness } from './helpers.ts';

type Rec = Record<string, unknown>;

/** Status write-back to Salesforce: changed fields only, and each kind of per-record failure. */
describe('status write-back', function () {
  this.timeout(40_000);
  let h: StatusHarness;
  before(async () => {
    h = await startStatusHarness({ env: { STATUS_POLL_INTERVAL_SECONDS: '3600' } });
  });
  after(async () => h?.stop());

  const ledger = async (opportunityId: string) =>
    (
      await h.db.pool.query(
        `SELECT state, error_message FROM sync_records WHERE source_id = $1 AND document_kind = 'invoice'`,
        [opportunityId],
      )
    ).rows[0] as { state: string; error_message: string | null };
  const pending = async (opportunityId: string) =>
    (
      await h.db.pool.query(
        `SELECT attempts, available_at > now() + make_interval(secs => $2) AS paused FROM source_writebacks WHERE source_id = $1`,
        [opportunityId, LIMIT_BACKOFF_SECONDS - 60],
      )
    ).rows as { attempts: number; paused: boolean }[];
  const flushNow = async () => {
    await h.db.pool.query(`UPDATE source_writebacks SET available_at = now()`);
    await h.stack.runtime.queue.send(
      'source.writeback',
      { system: 'salesforce', connection: 'default' },
      { singletonKey: 'salesforce:default' },
    );
  };

  it('UNABLE_TO_LOCK_ROW is retried later', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(140);
    h.sf.faults.lockedIds.add(opportunityId);
    h.finance('bookkeep', invoiceNumber);
    expect(
      (await eventually(async () => (await pending(opportunityId)).find((r) => r.attempts > 0))).attempts,
    ).to.equal(1);
    h.sf.faults.lockedIds.delete(opportunityId);
    await flushNow();
    await h.status(opportunityId, 'Booked');
  });

  it("a validation rule parks the ledger record as needs attention with Salesforce's message", async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(150);
    h.sf.faults.validationRules.set(opportunityId, { message: 'Closed deals cannot be edited', fields: [] });
    h.finance('bookkeep', invoiceNumber);
    const parked = await eventually(async () => {
      const r = await ledger(opportunityId);
      return r.state === 'needs_attention' && r;
    });
    expect(parked.error_message).to.match(/Closed deals cannot be edited/);
    expect(await pending(opportunityId)).to.deep.equal([]);
    h.sf.faults.validationRules.delete(opportunityId);
  });

  it('ENTITY_IS_DELETED is recorded and dropped', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(160);
    h.sf.delete('Opportunity', opportunityId);
    h.finance('bookkeep', invoiceNumber);
    const note = await eventually(
      async () =>
        (
          await h.db.pool.query(
            `SELECT e.message FROM sync_events e JOIN sync_records r ON r.id = e.sync_record_id
      WHERE r.source_id = $1 AND e.kind = 'note'`,
            [opportunityId],
          )
        ).rows[0] as { message: string } | undefined,
    );
    expect(note.message).to.match(/deleted in Salesforce/);
    expect(await pending(opportunityId)).to.deep.equal([]);
    expect((await ledger(opportunityId)).state).to.equal('booked');
  });

  it('REQUEST_LIMIT_EXCEEDED pauses the whole write-back queue, which resumes afterwards', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(170);
    h.sf.faults.requestLimitExceeded = 1;
    h.finance('bookkeep', invoiceNumber);
    await eventually(async () => (await pending(opportunityId)).some((r) => r.paused));
    await flushNow();
    await h.status(opportunityId, 'Booked');
  });
});

/** Batching: changes waiting together leave together, whatever the machine's load spreads them by. */
describe('status write-back batching', function () {
  this.timeout(40_000);
  let h: StatusHarness;
  before(async () => {
    // The in-process batch timer is out of reach (60 s): the test asks for the flush once all three wait.
    h = await startStatusHarness({ env: { STATUS_POLL_INTERVAL_SECONDS: '3600', WRITEBACK_BATCH_MS: '60000' } });
  });
  after(async () => h?.stop());

  const flush = () =>
    h.stack.runtime.queue.send(
      'source.writeback',
      { system: 'salesforce', connection: 'default' },
      { singletonKey: 'salesforce:default' },
    );
  // Rows carrying this status: a flush still committing leaves the previous status's rows visible.
  const waiting = async (ids: string[], status: string) => {
    const { rows } = await h.db.pool.query(
      `SELECT count(DISTINCT source_id)::int AS n FROM source_writebacks
        WHERE source_id = ANY($1) AND fields->>'Fortnox_Status__c' = $2`,
      [ids, status],
    );
    return (rows[0] as { n: number }).n === ids.length;
  };

  it('sends only changed fields, in one composite call for several Opportunities', async () => {
    const accountId = h.account({ ...SWEDISH_ACCOUNT, Name: `Batch Kund ${process.pid} AB` });
    const deals: { opportunityId: string; invoiceNumber: string }[] = [];
    for (const price of [110, 120, 130]) {
      const entry = h.product(`WB-${process.pid}-${price}`, 'Konsulttimme', price);
      const opportunityId = h.deal(accountId, [{ entry, quantity: 1, unitPrice: price }]);
      h.win(opportunityId);
      deals.push({ opportunityId, invoiceNumber: String((await h.draftFor(opportunityId)).DocumentNumber) });
    }
    const ids = deals.map((d) => d.opportunityId);
    await eventually(() => waiting(ids, 'Draft'));
    await flush();
    for (const id of ids) await h.status(id, 'Draft');

    h.sf.resetCounters();
    for (const d of deals) h.finance('bookkeep', d.invoiceNumber);
    await eventually(() => waiting(ids, 'Booked'));
    const flushed = h.sf.nextEvent(
      '/data/OpportunityChangeEvent',
      (d) => ((d.payload as Rec).ChangeEventHeader as { recordIds: string[] }).recordIds.length === 3,
    );
    await flush();
    const event = await flushed;
    const changed = ((event.payload as Rec).ChangeEventHeader as { changedFields: string[] }).changedFields;
    expect(changed).to.include.members(['Fortnox_Status__c', 'Fortnox_Synced_At__c']);
    expect(changed).not.to.include('Fortnox_Invoice_Number__c');
    expect(changed).not.to.include('Fortnox_Total__c');
    expect(h.sf.counters().byEndpoint).to.deep.include({ 'PATCH composite/sobjects': 1 });
    for (const d of deals) expect((h.sf.get(d.opportunityId) as Rec).Fortnox_Status__c).to.equal('Booked');
  });
});
