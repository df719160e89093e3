import { expect } from 'chai';
import { AppError } from '../../../src/core/errors.ts';
import { claimPair } from '../../../src/sources/salesforce/invoice-pair.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

const OPP = '006000000000001AAA';
const ORDER = '801000000000001AAA';

/** The claim that keeps an Opportunity and its Order from being invoiced at the same moment. */
describe('Opportunity/Order pair claim', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db.drop());

  it('lets one record of the pair through; its partner gets a retryable error, the holder may go again', async () => {
    await claimPair(db.pool, 'default', OPP, ORDER);
    const error = await claimPair(db.pool, 'default', OPP, OPP).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(AppError);
    expect((error as AppError).retryable).to.equal(true);
    expect((error as AppError).code).to.equal('record_busy');
    await claimPair(db.pool, 'default', OPP, ORDER);
  });

  it('is free again once the claim has run out', async () => {
    await claimPair(db.pool, 'default', '006000000000002AAA', ORDER);
    await db.pool.query(
      `UPDATE source_leases SET until = now() - interval '1 second' WHERE key LIKE '%006000000000002AAA'`,
    );
    await claimPair(db.pool, 'default', '006000000000002AAA', '006000000000002AAA');
  });
});
