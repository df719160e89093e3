import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/core/logger.ts';
import { reachable, startEmbeddedPostgres } from '../../src/db/embedded.ts';

/**
 * Which Postgres the suite runs against: `TEST_PG=server` (the one at TEST_PG_URL, default
 * 127.0.0.1:5432), `TEST_PG=embedded` (a throw-away embedded server), or by default the server when
 * it answers and embedded otherwise. Both are real Postgres; nothing is mocked.
 */

export interface TestServer {
  kind: 'server' | 'embedded';
  /** Admin URL (database `postgres`); test databases are created next to it. */
  adminUrl: string;
  stop(): Promise<void>;
}

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function startTestServer(): Promise<TestServer> {
  const wanted = process.env.TEST_PG ?? 'auto';
  const serverUrl = process.env.TEST_PG_URL ?? DEFAULT_SERVER_URL;
  if (wanted !== 'embedded') {
    if (await reachable(serverUrl)) return { kind: 'server', adminUrl: serverUrl, stop: async () => undefined };
    if (wanted === 'server') throw new Error(`TEST_PG=server but no Postgres answers at ${serverUrl}`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'fortnox-sync-test-pg-'));
  // A port of its own per run, so parallel runs and a developer's `npm start` never collide.
  const port = 55000 + (process.pid % 5000);
  const embedded = await startEmbeddedPostgres({
    dir: path.join(dir, 'data'),
    port,
    logger: silentLogger,
    persistent: false,
  });
  return {
    kind: 'embedded',
    adminUrl: embedded.url,
    stop: async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
