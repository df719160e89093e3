import { createServer } from 'node:http';
import { boot, closeServerStep, listen, shutdownOn } from './boot.ts';
import { loadConfig } from './config.ts';
import { startRuntime } from './runtime.ts';
import { createWebApp } from './web/app.ts';
import { startWorkerProcess } from './worker/start.ts';

// `npm start`: web and worker in one process for local use; with no DATABASE_URL it brings its
// own embedded Postgres and applies migrations first.
boot(async () => {
  const config = loadConfig('all');
  const runtime = await startRuntime(config, { role: 'local', migrate: true, supervise: true });
  const worker = await startWorkerProcess(runtime);
  const server = createServer(createWebApp({ ...runtime, sources: worker.sources }));
  await listen(server, config.PORT);
  // Installed before "running" is logged: from then on a SIGTERM must find every step.
  shutdownOn(runtime, [...worker.shutdownSteps, closeServerStep(server)]);
  runtime.logger.info('fortnox-sync running', {
    url: `http://localhost:${config.PORT}`,
    health: `http://localhost:${config.PORT}/healthz`,
  });
});
