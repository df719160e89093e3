import { expect } from 'chai';
import { silentLogger } from '../../src/core/logger.ts';
import { migrateUp } from '../../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('migrations', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db.drop());

  it('running them again is a no-op (the release phase runs on every deploy)', async () => {
    expect(await migrateUp(db.target, silentLogger)).to.deep.equal([]);
    expect(await migrateUp(db.target, silentLogger)).to.deep.equal([]);
    const { rows } = await db.pool.query<{ count: string }>('SELECT count(*) FROM pgmigrations');
    expect(Number(rows[0]!.count)).to.be.greaterThan(0);
  });

  it('concurrent runs (web and worker starting together) wait for each other and apply nothing twice', async () => {
    const results = await Promise.all([migrateUp(db.target, silentLogger), migrateUp(db.target, silentLogger)]);
    expect(results.flat()).to.deep.equal([]);
  });

  it('allows only one sync record per source record, tenant and document kind', async () => {
    const insert = `INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind)
                    VALUES ('salesforce', 'Opportunity', '006000000000001AAA', '1001', 'invoice')`;
    await db.pool.query(insert);
    try {
      await db.pool.query(insert);
      expect.fail('a second ledger row was accepted');
    } catch (error) {
      expect((error as { code?: string }).code).to.equal('23505');
    }
  });

  it('refuses a state outside the state machine', async () => {
    try {
      await db.pool.query(`INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state)
                           VALUES ('salesforce', 'Opportunity', '006000000000002AAA', '1001', 'invoice', 'almost_paid')`);
      expect.fail('an unknown state was accepted');
    } catch (error) {
      expect((error as { code?: string }).code).to.equal('23514');
    }
  });
});
