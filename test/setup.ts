import pg from 'pg';
import { silentLogger } from '../src/core/logger.ts';
import { migrateUp } from '../src/db/migrate.ts';
import { createBoss } from '../src/jobs/boss.ts';
import { startTestServer, type TestServer } from './helpers/postgres-server.ts';

/**
 * Mocha global fixture: one Postgres for the whole run, and one template database with our
 * migrations and pg-boss's schema applied, which every test file clones (CREATE DATABASE … TEMPLATE
 * takes milliseconds, migrating takes seconds).
 */

let server: TestServer | undefined;

export const TEMPLATE_DB = `fortnox_sync_tmpl_${process.pid}`;

function urlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function mochaGlobalSetup(): Promise<void> {
  server = await startTestServer();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const target = { url: urlFor(server.adminUrl, TEMPLATE_DB), ssl: false as const };
  await migrateUp(target, silentLogger);
  const boss = createBoss({ target, logger: silentLogger, supervise: false });
  await boss.start();
  await boss.stop({ graceful: false });
  process.env.TEST_PG_ADMIN_URL = server.adminUrl;
  process.env.TEST_PG_TEMPLATE = TEMPLATE_DB;
  process.env.TEST_RUN_ID = String(process.pid);
  process.stdout.write(`  (Postgres: ${server.kind})\n`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  if (server === undefined) return;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
    [`fortnox_sync_t${process.pid}_%`, TEMPLATE_DB],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
  await server.stop();
}
