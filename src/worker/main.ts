import { boot, shutdownOn } from '../boot.ts';
import { loadConfig } from '../config.ts';
import { handlers } from '../jobs/handlers/index.ts';
import { startRuntime } from '../runtime.ts';
import { startWorker } from './worker.ts';

// Procfile `worker`: pg-boss workers, schedules and (later) the Salesforce stream listener.
boot(async () => {
  const config = loadConfig('worker');
  const runtime = await startRuntime(config, { role: 'worker', migrate: config.DATABASE_URL === undefined, supervise: true });
  await startWorker(runtime, handlers);
  shutdownOn(runtime, []);
});
