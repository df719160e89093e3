import { expect } from 'chai';
import { jobIdFor } from '../../../src/jobs/job-ids.ts';
import {
  decide,
  decideReconciled,
  isOwnOrigin,
  ledgerLookup,
  type RelevanceContext,
} from '../../../src/sources/salesforce/relevance.ts';
import { CHANNELS, parseStreamEvent, type StreamEvent } from '../../../src/sources/salesforce/stream-events.ts';
import { resumePlan } from '../../../src/sources/salesforce/stream-term.ts';

const OPP = '006000000000001AAA';
const OPP2 = '006000000000002AAA';
const ACC = '001000000000001AAA';
const UI = 'com/salesforce/api/soap/64.0;client=SfdcInternalAPI/';
const OURS = 'com/salesforce/api/rest/64.0;client=fortnox-sync';

function change(
  entity: 'Account' | 'Opportunity',
  changeType: string,
  fields: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): StreamEvent {
  const channel = entity === 'Account' ? CHANNELS.account : CHANNELS.opportunity;
  const parsed = parseStreamEvent(channel, {
    schema: 'x',
    payload: {
      ChangeEventHeader: {
        entityName: entity,
        recordIds: [entity === 'Account' ? ACC : OPP],
        changeType,
        changeOrigin: UI,
        changedFields:
          changeType === 'UPDATE'
            ? [
                ...Object.keys(fields).flatMap((k) => (k === 'BillingAddress' ? ['BillingAddress.City'] : [k])),
                'LastModifiedDate',
              ]
            : [],
        commitTimestamp: 1_700_000_000_000,
        ...header,
      },
      ...fields,
    },
    event: { replayId: 42 },
  });
  if (parsed.kind === 'invalid') throw new Error(parsed.error);
  return parsed;
}

function syncRequest(recordId: string, action = 'sync'): StreamEvent {
  const parsed = parseStreamEvent(CHANNELS.syncRequest, {
    payload: { Record_Id__c: recordId, Action__c: action },
    event: { replayId: '7' },
  });
  if (parsed.kind === 'invalid') throw new Error(parsed.error);
  return parsed;
}

const ctx = (ledger: string[] = [], wonStages = ['Closed Won']): RelevanceContext => ({
  clientName: 'fortnox-sync',
  wonStages,
  ledger: new Set(ledger),
});
const jobs = (event: StreamEvent, context: RelevanceContext) => {
  const decision = decide(event, context);
  return decision.kind === 'enqueue'
    ? decision.jobs.map((j) => `${j.name} ${j.recordId}`)
    : decision.kind === 'ignore'
      ? [`ignore:${decision.reason}`]
      : [`reconcile:${decision.reason}`];
};

describe('stream relevance (pure)', () => {
  it('reaching a won stage creates an invoice, by stage name or by IsWon', () => {
    expect(jobs(change('Opportunity', 'UPDATE', { StageName: 'Closed Won', IsWon: true }), ctx())).to.deep.equal([
      `invoice.create ${OPP}`,
    ]);
    expect(jobs(change('Opportunity', 'UPDATE', { IsWon: true }), ctx())).to.deep.equal([`invoice.create ${OPP}`]);
    expect(jobs(change('Opportunity', 'UPDATE', { StageName: 'Fakturera' }), ctx([], ['Fakturera']))).to.deep.equal([
      `invoice.create ${OPP}`,
    ]);
    expect(jobs(change('Opportunity', 'CREATE', { StageName: 'Closed Won', Name: 'x' }), ctx())).to.deep.equal([
      `invoice.create ${OPP}`,
    ]);
    expect(jobs(change('Opportunity', 'CREATE', { StageName: 'Prospecting' }), ctx())).to.deep.equal([
      'ignore:opportunity:created_not_won',
    ]);
  });

  it('amends only invoiced deals: billing fields changed, or the deal left the won stages', () => {
    expect(jobs(change('Opportunity', 'UPDATE', { Amount: 10 }), ctx([OPP]))).to.deep.equal([`invoice.amend ${OPP}`]);
    expect(jobs(change('Opportunity', 'UPDATE', { CloseDate: '2026-01-01' }), ctx([OPP]))).to.deep.equal([
      `invoice.amend ${OPP}`,
    ]);
    expect(
      jobs(change('Opportunity', 'UPDATE', { StageName: 'Negotiation/Review', IsWon: false }), ctx([OPP])),
    ).to.deep.equal([`invoice.amend ${OPP}`]);
    expect(jobs(change('Opportunity', 'UPDATE', { Amount: 10 }), ctx())).to.deep.equal([
      'ignore:opportunity:billing_changed:not_in_ledger',
    ]);
    expect(jobs(change('Opportunity', 'UPDATE', { NextStep: 'call', Probability: 50 }), ctx([OPP]))).to.deep.equal([
      'ignore:opportunity:no_billing_change',
    ]);
  });

  it('one job per record id when one change hit several records', () => {
    const event = change('Opportunity', 'UPDATE', { StageName: 'Closed Won' }, { recordIds: [OPP, OPP2] });
    expect(jobs(event, ctx())).to.deep.equal([`invoice.create ${OPP}`, `invoice.create ${OPP2}`]);
    const amend = change('Opportunity', 'UPDATE', { Amount: 5 }, { recordIds: [OPP, OPP2] });
    expect(jobs(amend, ctx([OPP2]))).to.deep.equal([`invoice.amend ${OPP2}`]);
  });

  it('re-syncs a synced customer when its billing data changes, including compound address sub-fields', () => {
    expect(jobs(change('Account', 'UPDATE', { BillingAddress: { City: 'Umeå' } }), ctx([ACC]))).to.deep.equal([
      `customer.sync ${ACC}`,
    ]);
    expect(jobs(change('Account', 'UPDATE', { VAT_Number__c: 'SE1' }), ctx([ACC]))).to.deep.equal([
      `customer.sync ${ACC}`,
    ]);
    expect(jobs(change('Account', 'UPDATE', { Description: 'x' }), ctx([ACC]))).to.deep.equal([
      'ignore:account:no_billing_change',
    ]);
    expect(jobs(change('Account', 'UPDATE', { Name: 'y' }), ctx())).to.deep.equal([
      'ignore:account:billing_changed:not_in_ledger',
    ]);
    expect(jobs(change('Account', 'CREATE', { Name: 'y' }), ctx())).to.deep.equal(['ignore:account:created']);
  });

  it('drops our own writes by origin or by fields, and reads no ledger for them', () => {
    const ours = change('Opportunity', 'UPDATE', { Amount: 1 }, { changeOrigin: OURS });
    expect(jobs(ours, ctx([OPP]))).to.deep.equal(['ignore:echo:own_client']);
    expect(ledgerLookup(ours, 'fortnox-sync')).to.equal(undefined);
    const fields = change('Opportunity', 'UPDATE', { Fortnox_Status__c: 'Paid', Fortnox_Balance__c: 0 });
    expect(jobs(fields, ctx([OPP]))).to.deep.equal(['ignore:echo:own_fields']);
    expect(ledgerLookup(fields, 'fortnox-sync')).to.equal(undefined);
    expect(ledgerLookup(change('Opportunity', 'UPDATE', { Amount: 1 }), 'fortnox-sync')).to.deep.equal({
      entity: 'Opportunity',
      ids: [OPP],
    });
    expect(isOwnOrigin('com/salesforce/api/rest/64.0;client=fortnox-sync-2', 'fortnox-sync')).to.equal(false);
    expect(isOwnOrigin('com/salesforce/api/rest/64.0;client=fortnox-sync, other=1', 'fortnox-sync')).to.equal(true);
    expect(isOwnOrigin(undefined, 'fortnox-sync')).to.equal(false);
  });

  it('retries a deal when the rep chooses its Fortnox company, though the field is named like ours', () => {
    const chosen = change('Opportunity', 'UPDATE', { Fortnox_Company__c: 'Nordic AB' });
    expect(jobs(chosen, ctx([OPP]))).to.deep.equal([`invoice.amend ${OPP}`]);
    expect(ledgerLookup(chosen, 'fortnox-sync')).to.deep.equal({ entity: 'Opportunity', ids: [OPP] });
  });

  it('logs deletes and undeletes without a job; gap and overflow events ask for reconciliation', () => {
    expect(jobs(change('Opportunity', 'DELETE'), ctx([OPP]))).to.deep.equal(['ignore:delete']);
    expect(jobs(change('Opportunity', 'UNDELETE', { StageName: 'Closed Won' }), ctx())).to.deep.equal([
      'ignore:undelete',
    ]);
    expect(jobs(change('Opportunity', 'GAP_DELETE'), ctx())).to.deep.equal(['ignore:gap_delete']);
    const gap = decide(change('Opportunity', 'GAP_UPDATE'), ctx());
    expect(gap).to.deep.include({ kind: 'reconcile', entity: 'Opportunity', recordIds: [OPP], reason: 'gap_event' });
    const overflow = decide(change('Account', 'GAP_OVERFLOW', {}, { recordIds: [] }), ctx());
    expect(overflow).to.deep.equal({
      kind: 'reconcile',
      entity: 'Account',
      recordIds: undefined,
      since: new Date(1_700_000_000_000),
      reason: 'overflow_event',
    });
    expect(decide(change('Account', 'UPDATE', { Name: 'x' }, { recordIds: ['001*'] }), ctx())).to.deep.include({
      kind: 'reconcile',
      recordIds: undefined,
    });
  });

  it('turns sync requests into jobs by id prefix, and refuses unknown actions and ids', () => {
    expect(jobs(syncRequest(OPP, 'retry'), ctx())).to.deep.equal([`invoice.create ${OPP}`]);
    expect(jobs(syncRequest(ACC, ' Sync '), ctx())).to.deep.equal([`customer.sync ${ACC}`]);
    expect(jobs(syncRequest(ACC, 'delete'), ctx())).to.deep.equal(['ignore:sync_request:unknown_action:delete']);
    expect(jobs(syncRequest('003000000000001AAA'), ctx())).to.deep.equal(['ignore:sync_request:unsupported_object']);
    expect(jobs(syncRequest('006; DROP'), ctx())).to.deep.equal(['ignore:sync_request:invalid_record_id']);
  });

  it('decides reconciled records from their current state', () => {
    expect(decideReconciled('Opportunity', { Id: OPP, StageName: 'Closed Won', IsWon: true }, ctx())).to.deep.equal({
      name: 'invoice.create',
      recordId: OPP,
    });
    expect(
      decideReconciled('Opportunity', { Id: OPP, StageName: 'Closed Won', IsWon: true }, ctx([OPP])),
    ).to.deep.equal({ name: 'invoice.amend', recordId: OPP });
    expect(
      decideReconciled('Opportunity', { Id: OPP, StageName: 'Prospecting', IsWon: false }, ctx([OPP])),
    ).to.deep.equal({ name: 'invoice.amend', recordId: OPP });
    expect(decideReconciled('Opportunity', { Id: OPP, StageName: 'Prospecting', IsWon: false }, ctx())).to.equal(
      undefined,
    );
    expect(decideReconciled('Account', { Id: ACC }, ctx([ACC]))).to.deep.equal({
      name: 'customer.sync',
      recordId: ACC,
    });
    expect(decideReconciled('Account', { Id: ACC }, ctx())).to.equal(undefined);
  });
});

describe('stream resume plan (pure)', () => {
  const at = new Date('2026-11-01T00:00:00Z');
  it('resumes from the stored replay id, or from the tip on the very first start', () => {
    expect(resumePlan(CHANNELS.opportunity, { position: '1234', resumeFrom: at }, false)).to.deep.equal({
      replayFrom: 1234,
      mark: false,
    });
    expect(resumePlan(CHANNELS.opportunity, undefined, false)).to.deep.equal({ replayFrom: -1, mark: true });
  });
  it('reconciles CDC channels without a usable replay id; replays all retained platform events', () => {
    expect(resumePlan(CHANNELS.account, { position: '99', resumeFrom: at }, true)).to.deep.equal({
      replayFrom: -1,
      mark: false,
      reconcile: { reason: 'replay_id_invalid', since: at },
    });
    expect(resumePlan(CHANNELS.account, { position: '-1', resumeFrom: at }, false)).to.deep.equal({
      replayFrom: -1,
      mark: false,
      reconcile: { reason: 'resume_without_replay_id', since: at },
    });
    expect(resumePlan(CHANNELS.syncRequest, { position: '99', resumeFrom: at }, true)).to.deep.equal({
      replayFrom: -2,
      mark: true,
    });
  });
  it('derives stable, valid UUIDs for job ids', () => {
    expect(jobIdFor('a')).to.equal(jobIdFor('a'));
    expect(jobIdFor('a')).not.to.equal(jobIdFor('b'));
    expect(jobIdFor('a')).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
