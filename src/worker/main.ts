import { boot, shutdownOn } from '../boot.ts';
import { loadConfig } from '../config.ts';
import { createHandlers } from '../jobs/handlers/index.ts';
import { startRuntime } from '../runtime.ts';
import { startSalesforceListener } from '../sources/salesforce/listener.ts';
import { syncServices } from './sync-services.ts';
import { startWorker } from './worker.ts';

// Procfile `worker`: pg-boss workers, schedules and the Salesforce stream listener (one leader at a time).
boot(async () => {
  const config = loadConfig('worker');
  const runtime = await startRuntime(config, { role: 'worker', migrate: config.DATABASE_URL === undefined, supervise: true });
  await startWorker(runtime, createHandlers(syncServices(runtime)));
  // After the workers, so a leader's first jobs find someone to run them; stopped first on SIGTERM.
  const listener = startSalesforceListener(runtime);
  shutdownOn(runtime, [{ name: 'salesforce-listener', run: () => listener.stop() }]);
});
