import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import pg from 'pg';
import { createPool } from '../../src/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/** Issue #17 (postgres-outage): Postgres ending a connection the app holds must not crash the process. */
describe('a pooled connection Postgres ends while it is checked out', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db.drop());

  it('fails the holder’s next query instead of crashing the process, and the pool goes on', async () => {
    const pool = createPool(db.target, 2, 'pool-outage-test');
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => void uncaught.push(error);
    // Mocha's own handler would fail the run; ours records what an unhandled 'error' event would throw.
    const mochaHandlers = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      const held = await pool.connect();
      const { rows } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await admin.end();
      await delay(300);
      expect(uncaught, 'uncaught errors').to.deep.equal([]);
      const failed = await held.query('SELECT 1').then(
        () => false,
        () => true,
      );
      expect(failed, 'the held connection is gone').to.equal(true);
      held.release(true);
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).to.equal(1);
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const handler of mochaHandlers) process.on('uncaughtException', handler);
      await pool.end();
    }
  });
});
