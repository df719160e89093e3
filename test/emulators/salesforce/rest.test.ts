import { expect } from 'chai';
import { Connection } from 'jsforce';
import type { SalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_USERNAME,
  devPrivateKey,
  signAssertion,
} from '../../../emulators/salesforce/index.ts';
import { login, startEmulator, VERSION } from './helpers.ts';

async function rejection(
  promise: PromiseLike<unknown>,
): Promise<{ errorCode?: string; name?: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { errorCode?: string; message: string };
  }
  throw new Error('expected a rejection');
}

describe('Salesforce emulator: auth and REST with real jsforce', () => {
  let sf: SalesforceEmulator;
  beforeEach(async () => {
    sf = await startEmulator();
  });
  afterEach(async () => {
    await sf.close();
  });

  it('logs in with JWT bearer signed by the dev key and rejects a foreign key', async () => {
    const conn = new Connection({ version: VERSION, oauth2: { loginUrl: sf.url, clientId: DEMO_CLIENT_ID } });
    const claims = {
      iss: DEMO_CLIENT_ID,
      sub: DEMO_USERNAME,
      aud: 'https://login.salesforce.com',
      exp: Math.floor(Date.now() / 1000) + 180,
    };
    const info = await conn.authorize({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signAssertion(claims, devPrivateKey()),
    });
    expect(info.id).to.equal(sf.handle.users.integrationUserId);
    expect(conn.instanceUrl).to.equal(sf.url);
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const err = await rejection(
      conn.authorize({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: signAssertion(claims, other),
      }),
    );
    expect([err.name, err.message]).to.deep.equal(['invalid_grant', 'invalid assertion']);
  });

  it('refreshes an expired session with the refresh token and retries the call', async () => {
    const authorize = await fetch(
      `${sf.url}/services/oauth2/authorize?response_type=code&client_id=${DEMO_CLIENT_ID}&redirect_uri=http://localhost/cb`,
      { redirect: 'manual' },
    );
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const conn = new Connection({
      version: VERSION,
      oauth2: {
        loginUrl: sf.url,
        clientId: DEMO_CLIENT_ID,
        clientSecret: DEMO_CLIENT_SECRET,
        redirectUri: 'http://localhost/cb',
      },
    });
    await conn.authorize(code);
    const first = conn.accessToken;
    let refreshed = 0;
    conn.on('refresh', () => {
      refreshed++;
    });
    sf.handle.clock.advance(3 * 3_600_000);
    const result = await conn.query('SELECT Id FROM User');
    expect(result.totalSize).to.equal(2);
    expect(refreshed).to.equal(1);
    expect(conn.accessToken).to.not.equal(first);
  });

  it('does CRUD with derived Opportunity fields, ids in both forms and a counted API allocation', async () => {
    const conn = await login(sf);
    const account = await conn.sobject('Account').create({ Name: 'Kund AB', Organisation_Number__c: '556000-0001' });
    const opp = await conn
      .sobject('Opportunity')
      .create({ Name: 'Deal', AccountId: account.id, StageName: 'Prospecting', CloseDate: '2026-12-01' });
    expect(opp.id).to.match(/^006[a-zA-Z0-9]{15}$/);
    await conn.sobject('Opportunity').update({ Id: String(opp.id).slice(0, 15), StageName: 'Closed Won' });
    const rec = await conn.sobject('Opportunity').retrieve(opp.id ?? '', {
      fields: ['IsWon', 'IsClosed', 'Probability', 'ForecastCategoryName', 'LastModifiedDate'],
    });
    expect(rec).to.include({ IsWon: true, IsClosed: true, Probability: 100, ForecastCategoryName: 'Closed' });
    expect(String(rec.LastModifiedDate)).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    expect(conn.limitInfo.apiUsage?.used).to.equal(sf.handle.counters().apiUsed);
    const err = await rejection(conn.sobject('Opportunity').update({ Id: String(opp.id), Fortnox_Status__c: 'Bogus' }));
    expect(err.errorCode).to.equal('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    await conn.sobject('Account').destroy(account.id ?? '');
    expect((await rejection(conn.sobject('Opportunity').update({ Id: String(opp.id), Name: 'x' }))).errorCode).to.equal(
      'ENTITY_IS_DELETED',
    );
  });

  it('rolls line items up into Amount and derives line prices from the price book', async () => {
    const conn = await login(sf);
    const product = await conn.sobject('Product2').create({ Name: 'Licens', ProductCode: 'LIC', IsActive: true });
    const entry = await conn
      .sobject('PricebookEntry')
      .create({ Pricebook2Id: sf.handle.standardPricebookId, Product2Id: product.id, UnitPrice: 500, IsActive: true });
    const opp = await conn
      .sobject('Opportunity')
      .create({ Name: 'Lines', StageName: 'Prospecting', CloseDate: '2026-12-01' });
    const both = await rejection(
      conn
        .sobject('OpportunityLineItem')
        .create({ OpportunityId: opp.id, PricebookEntryId: entry.id, Quantity: 1, UnitPrice: 1, TotalPrice: 1 }),
    );
    expect(both.errorCode).to.equal('FIELD_INTEGRITY_EXCEPTION');
    await conn
      .sobject('OpportunityLineItem')
      .create({ OpportunityId: opp.id, PricebookEntryId: entry.id, Quantity: 4, UnitPrice: 450, Discount: 10 });
    const [row] = (
      await conn.query<{ Amount: number; OpportunityLineItems: { records: Array<Record<string, unknown>> } }>(
        `SELECT Amount, (SELECT ProductCode, Name, ListPrice, Subtotal, TotalPrice FROM OpportunityLineItems) FROM Opportunity WHERE Id = '${opp.id}'`,
      )
    ).records;
    expect(row?.Amount).to.equal(1620);
    expect(row?.OpportunityLineItems.records[0]).to.include({
      ProductCode: 'LIC',
      Name: 'Lines Licens',
      ListPrice: 500,
      Subtotal: 1800,
      TotalPrice: 1620,
    });
  });

  it('pages queries of more than 2,000 rows through queryMore (autoFetch)', async () => {
    const conn = await login(sf);
    for (let i = 0; i < 2100; i++) sf.handle.insert('Account', { Name: `Bulk ${i}` });
    const first = await conn.query('SELECT Id FROM Account');
    expect([first.records.length, first.done, first.totalSize]).to.deep.equal([2000, false, 2100]);
    expect(first.nextRecordsUrl).to.match(new RegExp(`/services/data/v${VERSION}/query/01g\\w+-2000$`));
    const all = await conn.query('SELECT Id, Name FROM Account ORDER BY Name').run({ autoFetch: true, maxFetch: 5000 });
    expect(all.records.length).to.equal(2100);
  });

  it('updates 200 records in one composite call, refuses 201, and honours allOrNone', async () => {
    const conn = await login(sf, 'fortnox-sync');
    const ids = Array.from({ length: 201 }, (_, i) => sf.handle.insert('Account', { Name: `C${i}` }));
    const results = await conn.sobject('Account').update(ids.slice(0, 200).map((Id) => ({ Id, VAT_Number__c: 'SE1' })));
    expect(results.every((r) => r.success)).to.equal(true);
    const err = await rejection(
      conn.requestPatch(`/services/data/v${VERSION}/composite/sobjects`, {
        allOrNone: false,
        records: ids.map((id) => ({ attributes: { type: 'Account' }, id, VAT_Number__c: 'SE2' })),
      }),
    );
    expect(err.errorCode).to.equal('EXCEEDED_ID_LIMIT');
    sf.handle.faults.validationRules.set(ids[1] ?? '', { message: 'VAT must be Swedish', fields: [] });
    const partial = await conn.sobject('Account').update(
      [
        { Id: String(ids[0]), VAT_Number__c: 'SE3' },
        { Id: String(ids[1]), VAT_Number__c: 'SE3' },
      ],
      { allOrNone: true },
    );
    expect(partial.map((r) => !r.success && r.errors[0])).to.deep.equal([
      {
        statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
        message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
        fields: [],
      },
      { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'VAT must be Swedish', fields: [] },
    ]);
    expect(sf.handle.get(ids[0] ?? '')?.VAT_Number__c).to.equal('SE1');
  });

  it('injects UNABLE_TO_LOCK_ROW, REQUEST_LIMIT_EXCEEDED and 503 on demand', async () => {
    const conn = await login(sf);
    const id = sf.handle.insert('Account', { Name: 'Locked' });
    sf.handle.faults.lockNextWrites = 1;
    expect((await rejection(conn.sobject('Account').update({ Id: id, Name: 'x' }))).errorCode).to.equal(
      'UNABLE_TO_LOCK_ROW',
    );
    await conn.sobject('Account').update({ Id: id, Name: 'y' });
    sf.handle.faults.requestLimitExceeded = 1;
    expect((await rejection(conn.query('SELECT Id FROM Account'))).errorCode).to.equal('REQUEST_LIMIT_EXCEEDED');
    // jsforce itself retries a GET answered with 503, so one injected 503 costs one extra call.
    sf.handle.faults.serverErrors = 1;
    const before = sf.handle.counters().apiUsed;
    expect((await conn.query('SELECT Id FROM Account')).totalSize).to.equal(1);
    expect(sf.handle.counters().apiUsed - before).to.equal(2);
  });
});
