import { execFileSync } from 'node:child_process';
import { cpus, platform, release, totalmem } from 'node:os';
import pg from 'pg';
import { startTestServer } from '../test/helpers/postgres-server.ts';

/**
 * Where a bench run happens: a database of its own on the Postgres the tests would use (the server
 * at 127.0.0.1:5432 when it answers, else a throw-away embedded one), dropped afterwards — a
 * leftover ledger or pg-boss backlog would change every figure — and the commit and machine the
 * figures belong to.
 */

export interface BenchDatabase {
  url: string;
  kind: 'server' | 'embedded';
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const server = await startTestServer();
  const name = `fortnox_sync_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: server.kind,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: server.adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
      await server.stop();
    },
  };
}

export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export function machine(): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}
