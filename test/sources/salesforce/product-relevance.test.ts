import { expect } from 'chai';
import { decide, decideReconciled, type RelevanceContext } from '../../../src/sources/salesforce/relevance.ts';
import {
  CHANNELS,
  parseStreamEvent,
  type StreamEvent,
  wantedChannels,
} from '../../../src/sources/salesforce/stream-events.ts';
import { coreJobOf } from '../../../src/sources/salesforce/stream-store.ts';

const PRODUCT = '01t000000000001AAA';
const ENTRY = '01u000000000001AAA';
const UI = 'com/salesforce/api/soap/64.0;client=SfdcInternalAPI/';

function change(
  entity: 'Product2' | 'PricebookEntry',
  changeType: string,
  fields: Record<string, unknown> = {},
): StreamEvent {
  const parsed = parseStreamEvent(entity === 'Product2' ? CHANNELS.product : CHANNELS.price, {
    payload: {
      ChangeEventHeader: {
        entityName: entity,
        recordIds: [entity === 'Product2' ? PRODUCT : ENTRY],
        changeType,
        changeOrigin: UI,
        changedFields: changeType === 'UPDATE' ? [...Object.keys(fields), 'LastModifiedDate'] : [],
        commitTimestamp: 1_700_000_000_000,
      },
      ...fields,
    },
    event: { replayId: 3 },
  });
  if (parsed.kind === 'invalid') throw new Error(parsed.error);
  return parsed;
}

const ctx: RelevanceContext = { clientName: 'fortnox-sync', wonStages: ['Closed Won'], ledger: new Set() };
const outcome = (event: StreamEvent) => {
  const d = decide(event, ctx);
  return d.kind === 'enqueue' ? d.jobs.map((j) => `${j.name}:${j.recordId}`) : d.kind === 'ignore' ? d.reason : d.kind;
};

describe('Salesforce product relevance', () => {
  it('a new product or a change to what the article is made of syncs it; other fields do not', () => {
    expect(outcome(change('Product2', 'CREATE', { Name: 'Widget' }))).to.deep.equal([`article.sync:${PRODUCT}`]);
    for (const field of ['Name', 'ProductCode', 'IsActive', 'QuantityUnitOfMeasure', 'Fortnox_VAT_Rate__c'])
      expect(outcome(change('Product2', 'UPDATE', { [field]: 'x' })), field).to.deep.equal([`article.sync:${PRODUCT}`]);
    expect(outcome(change('Product2', 'UPDATE', { Family: 'Software' }))).to.equal('product:no_article_change');
    expect(outcome(change('Product2', 'DELETE'))).to.equal('delete');
  });

  it('a standard price change names the price book entry, for the processor to resolve to its product', () => {
    expect(outcome(change('PricebookEntry', 'UPDATE', { UnitPrice: 10 }))).to.deep.equal([`price.sync:${ENTRY}`]);
    expect(outcome(change('PricebookEntry', 'CREATE', { UnitPrice: 10 }))).to.deep.equal([`price.sync:${ENTRY}`]);
    expect(outcome(change('PricebookEntry', 'UPDATE', { Name: 'x' }))).to.equal('price:no_article_change');
  });

  it('gaps reconcile; reconciled entries sync their product; sync requests for a product id sync it', () => {
    expect(outcome(change('Product2', 'GAP_UPDATE'))).to.equal('reconcile');
    expect(decideReconciled('PricebookEntry', { Id: ENTRY, Product2Id: PRODUCT }, ctx)).to.deep.equal({
      name: 'article.sync',
      recordId: PRODUCT,
    });
    const request = parseStreamEvent(CHANNELS.syncRequest, {
      payload: { Record_Id__c: PRODUCT, Action__c: 'retry' },
      event: { replayId: 1 },
    });
    if (request.kind === 'invalid') throw new Error(request.error);
    expect(outcome(request)).to.deep.equal([`article.sync:${PRODUCT}`]);
    expect(coreJobOf({ name: 'article.sync', recordId: PRODUCT })).to.deep.include({ name: 'document.sync' });
    expect(coreJobOf({ name: 'article.sync', recordId: PRODUCT }).payload.source.object).to.equal('Product2');
  });

  it('subscribes to the product channels only while the connection syncs products', async () => {
    const store = (syncProducts: boolean) => ({
      settings: async () => ({ settings: { invoiceObjects: 'opportunities' as const, syncProducts } }),
    });
    const all = [CHANNELS.account, CHANNELS.product, CHANNELS.price];
    expect(await wantedChannels(store(false), all)).to.deep.equal([CHANNELS.account]);
    expect(await wantedChannels(store(true), all)).to.deep.equal(all);
  });
});
