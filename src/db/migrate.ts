import { existsSync } from 'node:fs';
import path from 'node:path';
import { runner } from 'node-pg-migrate';
import type { Logger } from '../core/logger.ts';
import type { DatabaseTarget } from './connection.ts';

/** `migrations/` at the project root, found from this file whether it runs from src/ or dist/src/. */
function migrationsDir(): string {
  for (let dir = import.meta.dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'migrations')))
      return path.join(dir, 'migrations');
  }
  throw new Error('cannot find the migrations folder above ' + import.meta.dirname);
}

/**
 * Applies every pending SQL migration in `migrations/`. Safe to run from several processes at once
 * (node-pg-migrate holds an advisory lock; we wait for it rather than fail) and a no-op when
 * everything is applied.
 */
export async function migrateUp(target: DatabaseTarget, logger: Logger): Promise<string[]> {
  const applied = await runner({
    databaseUrl: { connectionString: target.url, ssl: target.ssl },
    dir: migrationsDir(),
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => logger.warn(m),
      error: (m: string) => logger.error(m),
    },
  });
  const names = applied.map((m) => m.name);
  if (names.length > 0) logger.info('migrations applied', { migrations: names });
  return names;
}
