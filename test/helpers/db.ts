import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, type DatabaseTarget } from '../../src/db/connection.ts';

/** A database of its own for one test file, cloned from the migrated template. */
export interface TestDatabase {
  url: string;
  target: DatabaseTarget;
  pool: pg.Pool;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (url === undefined) throw new Error('test/setup.ts did not run (mocha must load it via .mocharc.json "require")');
  return url;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // Named for the run (the mocha process), not this process: with --parallel, files run in workers.
  const name = `fortnox_sync_t${process.env.TEST_RUN_ID ?? process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${process.env.TEST_PG_TEMPLATE}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const target: DatabaseTarget = { url: url.toString(), ssl: false };
  const pool = createPool(target, 5, 'fortnox-sync-test');
  return {
    url: target.url,
    target,
    pool,
    drop: async () => {
      await pool.end();
      const dropper = new pg.Client({ connectionString: adminUrl() });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
