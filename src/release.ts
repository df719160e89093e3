import { boot } from './boot.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './core/logger.ts';
import { createPool, databaseTarget } from './db/connection.ts';
import { migrateUp } from './db/migrate.ts';
import { createBoss } from './jobs/boss.ts';
import { ensureJobIndexes } from './jobs/job-indexes.ts';

// Procfile `release`: Heroku runs it before a deploy goes live; a non-zero exit keeps the old release.
boot(async () => {
  const config = loadConfig('release');
  const logger = createLogger({ level: config.LOG_LEVEL }).child({ process: 'release' });
  if (config.DATABASE_URL === undefined)
    throw new Error('DATABASE_URL is not set; the release phase migrates that database.');
  const target = databaseTarget(config.DATABASE_URL, config);
  await migrateUp(target, logger);
  // Install or upgrade pg-boss's own schema here too, so web and worker dynos start without DDL.
  const boss = createBoss({ target, logger, supervise: false });
  await boss.start();
  await boss.stop({ graceful: false });
  // Our index on pg-boss's job table can only follow pg-boss's own schema (src/jobs/job-indexes.ts).
  const pool = createPool(target, 1, 'fortnox-sync-release');
  try {
    if (await ensureJobIndexes(pool)) logger.info('job lookup index created');
  } finally {
    await pool.end();
  }
  logger.info('release complete');
});
