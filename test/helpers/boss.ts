import type { PgBoss } from 'pg-boss';
import { silentLogger } from '../../src/core/logger.ts';
import { createBoss } from '../../src/jobs/boss.ts';
import { type JobCatalog, jobCatalog } from '../../src/jobs/catalog.ts';
import { JobQueue } from '../../src/jobs/queue.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

/** pg-boss on a test database with every catalog queue created; spies on, so tests await job states. */
export async function startBoss(db: TestDatabase): Promise<{ boss: PgBoss; queue: JobQueue<JobCatalog> }> {
  const boss = createBoss({ target: db.target, logger: silentLogger, supervise: false, spies: true, max: 3 });
  await boss.start();
  const queue = new JobQueue(boss, jobCatalog, silentLogger);
  await queue.createQueues();
  return { boss, queue };
}

/**
 * A fresh database and pg-boss for every test of the calling `describe` (registered as hooks);
 * read `.db`, `.boss` and `.queue` inside the tests.
 */
export function useQueueDatabase(): { db: TestDatabase; boss: PgBoss; queue: JobQueue<JobCatalog> } {
  const current = {} as { db: TestDatabase; boss: PgBoss; queue: JobQueue<JobCatalog> };
  beforeEach(async () => {
    current.db = await createTestDatabase();
    Object.assign(current, await startBoss(current.db));
  });
  afterEach(async () => {
    await current.boss.stop({ graceful: false });
    await current.db.drop();
  });
  return current;
}
