import { createServer } from 'node:http';
import { boot, closeServerStep, listen, shutdownOn } from '../boot.ts';
import { loadConfig } from '../config.ts';
import { startRuntime } from '../runtime.ts';
import { workerServices } from '../worker/services.ts';
import { createWebApp } from './app.ts';

// Procfile `web`: HTTP only. Migrations belong to the release phase, maintenance to the worker.
boot(async () => {
  const config = loadConfig('web');
  const runtime = await startRuntime(config, {
    role: 'web',
    migrate: config.DATABASE_URL === undefined,
    supervise: false,
  });
  // Sources are opened here for their webhook intake and connect routes; their pollers run in the worker.
  const { sources } = workerServices(runtime);
  const server = createServer(createWebApp({ ...runtime, sources }));
  await listen(server, config.PORT);
  runtime.logger.info('web listening', { port: config.PORT });
  shutdownOn(runtime, [closeServerStep(server)]);
});
