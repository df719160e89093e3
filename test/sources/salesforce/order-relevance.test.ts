import { expect } from 'chai';
import { decide, decideReconciled, type RelevanceContext } from '../../../src/sources/salesforce/relevance.ts';
import { CHANNELS, parseStreamEvent, type StreamEvent } from '../../../src/sources/salesforce/stream-events.ts';
import { coreJobOf } from '../../../src/sources/salesforce/stream-store.ts';

const ORDER = '801000000000001AAA';
const OPP = '006000000000001AAA';
const UI = 'com/salesforce/api/soap/64.0;client=SfdcInternalAPI/';

function orderChange(changeType: string, fields: Record<string, unknown> = {}): StreamEvent {
  const parsed = parseStreamEvent(CHANNELS.order, {
    payload: {
      ChangeEventHeader: {
        entityName: 'Order',
        recordIds: [ORDER],
        changeType,
        changeOrigin: UI,
        changedFields: changeType === 'UPDATE' ? [...Object.keys(fields), 'LastModifiedDate'] : [],
        commitTimestamp: 1_700_000_000_000,
      },
      ...fields,
    },
    event: { replayId: 7 },
  });
  if (parsed.kind === 'invalid') throw new Error(parsed.error);
  return parsed;
}

const ctx = (over: Partial<RelevanceContext> = {}): RelevanceContext => ({
  clientName: 'fortnox-sync',
  wonStages: ['Closed Won'],
  ledger: new Set(),
  invoiceObjects: 'both',
  ...over,
});
const jobs = (event: StreamEvent, c: RelevanceContext) => {
  const d = decide(event, c);
  return d.kind === 'enqueue' ? d.jobs.map((j) => j.name) : d.reason;
};

describe('Order relevance: activation is "won", deactivation "lost"', () => {
  it('an Order activated (Status or its category StatusCode) creates a document', () => {
    expect(jobs(orderChange('UPDATE', { Status: 'Activated', StatusCode: 'Activated' }), ctx())).to.deep.equal([
      'invoice.create',
    ]);
    expect(jobs(orderChange('UPDATE', { StatusCode: 'A' }), ctx())).to.deep.equal(['invoice.create']);
    expect(jobs(orderChange('CREATE', { Status: 'Draft', StatusCode: 'Draft' }), ctx())).to.equal(
      'order:created_not_activated',
    );
  });

  it('with the default setting (Opportunities) a new activation is ignored, an invoiced Order still amends', () => {
    const activated = orderChange('UPDATE', { Status: 'Activated', StatusCode: 'Activated' });
    expect(jobs(activated, ctx({ invoiceObjects: 'opportunities' }))).to.equal('order:activated:not_in_ledger');
    const { invoiceObjects: _, ...absent } = ctx();
    expect(jobs(activated, absent)).to.equal('order:activated:not_in_ledger');
    const amended = orderChange('UPDATE', { TotalAmount: 1200 });
    expect(jobs(amended, ctx({ invoiceObjects: 'opportunities', ledger: new Set([ORDER]) }))).to.deep.equal([
      'invoice.amend',
    ]);
  });

  it('an invoiced Order amends on billing changes and deactivation, not on its name', () => {
    const known = ctx({ ledger: new Set([ORDER]) });
    expect(jobs(orderChange('UPDATE', { TotalAmount: 1200 }), known)).to.deep.equal(['invoice.amend']);
    expect(jobs(orderChange('UPDATE', { Status: 'Draft', StatusCode: 'Draft' }), known)).to.deep.equal([
      'invoice.amend',
    ]);
    expect(jobs(orderChange('UPDATE', { Name: 'Renamed' }), known)).to.equal('order:no_billing_change');
    expect(jobs(orderChange('UPDATE', { TotalAmount: 1200 }), ctx())).to.equal('order:billing_changed:not_in_ledger');
  });

  it('our own write-back to the Order is an echo', () => {
    expect(jobs(orderChange('UPDATE', { Fortnox_Status__c: 'Draft' }), ctx())).to.equal('echo:own_fields');
  });

  it('reconciliation creates for an activated Order only when Orders are invoiced', () => {
    const rec = { Id: ORDER, Status: 'Activated', StatusCode: 'Activated' };
    expect(decideReconciled('Order', rec, ctx())).to.deep.equal({ name: 'invoice.create', recordId: ORDER });
    expect(decideReconciled('Order', rec, ctx({ invoiceObjects: 'opportunities' }))).to.equal(undefined);
    expect(decideReconciled('Opportunity', { Id: OPP, IsWon: true }, ctx({ invoiceObjects: 'orders' }))).to.equal(
      undefined,
    );
  });

  it('an Order id becomes a document.sync of the Order (Retry on an Order too)', () => {
    expect(coreJobOf({ name: 'invoice.create', recordId: ORDER }).payload.source.object).to.equal('Order');
    expect(coreJobOf({ name: 'invoice.create', recordId: OPP }).payload.source.object).to.equal('Opportunity');
    const retry = parseStreamEvent(CHANNELS.syncRequest, {
      payload: { Record_Id__c: ORDER, Action__c: 'retry' },
      event: { replayId: 1 },
    });
    if (retry.kind === 'invalid') throw new Error(retry.error);
    expect(jobs(retry, ctx())).to.deep.equal(['invoice.create']);
  });
});
