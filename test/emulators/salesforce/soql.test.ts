import { expect } from 'chai';
import { Clock } from '../../../emulators/kit/index.ts';
import { Database } from '../../../emulators/salesforce/data/database.ts';
import { seedOrg } from '../../../emulators/salesforce/data/seed.ts';
import { SfError } from '../../../emulators/salesforce/data/sf-error.ts';
import { buildSchema } from '../../../emulators/salesforce/schema/schema.ts';
import { executeSoql } from '../../../emulators/salesforce/soql/executor.ts';
import { parseSoql } from '../../../emulators/salesforce/soql/parser.ts';
import { tokenize } from '../../../emulators/salesforce/soql/tokenizer.ts';

function org() {
  const db = new Database(buildSchema(), new Clock());
  const seeded = seedOrg(db);
  const ctx = { userId: seeded.salesUserId, origin: '' };
  const ids = db.transaction(ctx, (tx) => {
    const acme = db.insert(tx, 'Account', { Name: 'Acme AB', BillingCountry: 'Sweden' });
    const nord = db.insert(tx, 'Account', { Name: "O'Neil Nord", BillingCountry: null });
    const product = db.insert(tx, 'Product2', { Name: 'Widget', ProductCode: 'W-1', IsActive: true });
    const entry = db.insert(tx, 'PricebookEntry', {
      Pricebook2Id: seeded.standardPricebookId,
      Product2Id: product,
      UnitPrice: 100,
      IsActive: true,
    });
    const won = db.insert(tx, 'Opportunity', {
      Name: 'Big',
      AccountId: acme,
      StageName: 'Closed Won',
      CloseDate: '2026-01-15',
    });
    db.insert(tx, 'OpportunityLineItem', {
      OpportunityId: won,
      PricebookEntryId: entry,
      Quantity: 3,
      UnitPrice: 100,
      Discount: 10,
    });
    db.insert(tx, 'Opportunity', {
      Name: 'Small',
      AccountId: nord,
      StageName: 'Prospecting',
      CloseDate: '2026-03-01',
      Amount: 50,
    });
    return { acme, nord, won };
  });
  const q = (soql: string) => executeSoql(db, soql, { version: '64.0' });
  return { db, q, ...ids };
}

function soqlError(fn: () => unknown): SfError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SfError) return err;
    throw err;
  }
  throw new Error('expected an SfError');
}

describe('SOQL tokenizer and parser', () => {
  it('reads strings with escapes, dates, datetimes and date literals with N', () => {
    const kinds = tokenize(
      "Name = 'O\\'Neil' AND CloseDate > 2026-01-01 AND LastModifiedDate < 2026-01-01T10:00:00Z OR CreatedDate = LAST_N_DAYS:7",
    ).map((t) => `${t.kind}:${t.text}`);
    expect(kinds).to.include.members([
      "string:O'Neil",
      'date:2026-01-01',
      'datetime:2026-01-01T10:00:00Z',
      'ident:LAST_N_DAYS',
      'number:7',
    ]);
  });

  it('gives AND precedence over OR and keeps parentheses', () => {
    const q = parseSoql("SELECT Id FROM Account WHERE Name = 'a' OR Name = 'b' AND (NOT Name = 'c')");
    expect(q.where?.kind).to.equal('or');
  });

  it('parses ORDER BY with NULLS, LIMIT, OFFSET and a child subquery', () => {
    const q = parseSoql(
      'select Id, (select Id from OpportunityLineItems) from Opportunity order by Amount desc nulls first, Name limit 5 offset 2',
    );
    expect(q.orderBy.map((o) => [o.descending, o.nullsLast])).to.deep.equal([
      [true, false],
      [false, false],
    ]);
    expect([q.limit, q.offset, q.select[1]?.kind]).to.deep.equal([5, 2, 'subquery']);
  });

  it('rejects malformed queries with MALFORMED_QUERY', () => {
    expect(soqlError(() => parseSoql('SELECT FROM Account')).errorCode).to.equal('MALFORMED_QUERY');
    expect(soqlError(() => parseSoql('SELECT Id FROM Account WHERE')).message).to.equal('unexpected token: <EOF>');
  });
});

describe('SOQL evaluation', () => {
  it('filters with comparison, IN, NOT IN, LIKE, null and booleans (text is case-insensitive)', () => {
    const { q } = org();
    const names = (soql: string) => q(soql).records.map((r) => r.Name);
    expect(names("SELECT Name FROM Account WHERE Name = 'acme ab'")).to.deep.equal(['Acme AB']);
    expect(names('SELECT Name FROM Account WHERE BillingCountry = null')).to.deep.equal(["O'Neil Nord"]);
    expect(names('SELECT Name FROM Opportunity WHERE IsWon = true')).to.deep.equal(['Big']);
    expect(names("SELECT Name FROM Opportunity WHERE StageName NOT IN ('Closed Won', 'Closed Lost')")).to.deep.equal([
      'Small',
    ]);
    expect(names("SELECT Name FROM Account WHERE Name LIKE 'o\\'%'")).to.deep.equal(["O'Neil Nord"]);
    expect(
      names('SELECT Name FROM Opportunity WHERE Amount >= 270 AND (CloseDate < 2026-02-01 OR NOT IsWon = false)'),
    ).to.deep.equal(['Big']);
  });

  it('evaluates date literals against the clock', () => {
    const { q, db } = org();
    expect(q('SELECT Id FROM Account WHERE CreatedDate = TODAY').totalSize).to.equal(2);
    expect(q('SELECT Id FROM Account WHERE CreatedDate = YESTERDAY').totalSize).to.equal(0);
    db.clock.advance(3 * 86_400_000);
    expect(q('SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:3').totalSize).to.equal(2);
    expect(q('SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:2').totalSize).to.equal(0);
  });

  it('accepts 15-char ids in filters', () => {
    const { q, acme } = org();
    expect(q(`SELECT Name FROM Account WHERE Id = '${acme.slice(0, 15)}'`).records[0]?.Name).to.equal('Acme AB');
  });

  it('orders with NULLS FIRST/LAST and pages with LIMIT/OFFSET; COUNT() returns totalSize only', () => {
    const { q } = org();
    const order = (soql: string) => q(soql).records.map((r) => r.BillingCountry);
    expect(order('SELECT BillingCountry FROM Account ORDER BY BillingCountry')).to.deep.equal([null, 'Sweden']);
    expect(order('SELECT BillingCountry FROM Account ORDER BY BillingCountry NULLS LAST')).to.deep.equal([
      'Sweden',
      null,
    ]);
    expect(q('SELECT Name FROM Account ORDER BY Name LIMIT 1 OFFSET 1').records.map((r) => r.Name)).to.deep.equal([
      "O'Neil Nord",
    ]);
    expect(q('SELECT COUNT() FROM Opportunity WHERE IsClosed = false')).to.deep.equal({ totalSize: 1, records: [] });
  });

  it('shapes parent relationships and child subqueries like the REST API', () => {
    const { q } = org();
    const [big, small] = q(
      'SELECT Name, Account.Name, Owner.Name, (SELECT Quantity, TotalPrice, ProductCode FROM OpportunityLineItems) FROM Opportunity ORDER BY Name',
    ).records;
    expect(big?.Account).to.include({ Name: 'Acme AB' });
    expect(big?.Owner).to.include({ Name: 'Sara Säljare' });
    expect(big?.OpportunityLineItems).to.deep.include({ totalSize: 1, done: true });
    expect(small?.OpportunityLineItems).to.equal(null);
  });

  it('checks field names, literal types and filterability with Salesforce wording', () => {
    const { q } = org();
    expect(soqlError(() => q('SELECT Nope FROM Account')).message).to.contain(
      "No such column 'Nope' on entity 'Account'",
    );
    expect(soqlError(() => q("SELECT Id FROM Opportunity WHERE Amount = '5'")).message).to.equal(
      "value of filter criterion for field 'Amount' must be of type double and should not be enclosed in quotes",
    );
    expect(soqlError(() => q("SELECT Id FROM Opportunity WHERE Fortnox_Sync_Error__c = 'x'")).message).to.contain(
      'can not be filtered',
    );
    expect(soqlError(() => q('SELECT Id FROM Nothing')).errorCode).to.equal('INVALID_TYPE');
  });
});
