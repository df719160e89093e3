import { boot, shutdownOn } from '../boot.ts';
import { loadConfig } from '../config.ts';
import { startRuntime } from '../runtime.ts';
import { startWorkerProcess } from './start.ts';

// Procfile `worker`: pg-boss workers, status schedules, the Fortnox WebSocket and the Salesforce
// stream listener (one leader of each across all worker dynos).
boot(async () => {
  const config = loadConfig('worker');
  const runtime = await startRuntime(config, {
    role: 'worker',
    migrate: config.DATABASE_URL === undefined,
    supervise: true,
  });
  const worker = await startWorkerProcess(runtime);
  shutdownOn(runtime, worker.shutdownSteps);
});
