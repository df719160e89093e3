import { createServer } from 'node:http';
import { boot, closeServerStep, listen, shutdownOn } from './boot.ts';
import { loadConfig } from './config.ts';
import { createHandlers } from './jobs/handlers/index.ts';
import { startRuntime } from './runtime.ts';
import { startSalesforceListener } from './sources/salesforce/listener.ts';
import { createWebApp } from './web/app.ts';
import { syncServices } from './worker/sync-services.ts';
import { startWorker } from './worker/worker.ts';

// `npm start`: web and worker in one process for local use; with no DATABASE_URL it brings its
// own embedded Postgres and applies migrations first.
boot(async () => {
  const config = loadConfig('all');
  const runtime = await startRuntime(config, { role: 'local', migrate: true, supervise: true });
  await startWorker(runtime, createHandlers(syncServices(runtime)));
  const server = createServer(createWebApp(runtime));
  await listen(server, config.PORT);
  runtime.logger.info('fortnox-sync running', { url: `http://localhost:${config.PORT}`, health: `http://localhost:${config.PORT}/healthz` });
  const listener = startSalesforceListener(runtime);
  shutdownOn(runtime, [{ name: 'salesforce-listener', run: () => listener.stop() }, closeServerStep(server)]);
});
