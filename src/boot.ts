import type { Server } from 'node:http';
import { ConfigError } from './core/errors.ts';
import { createLogger } from './core/logger.ts';
import { installShutdown, type ShutdownStep } from './core/shutdown.ts';
import type { Runtime } from './runtime.ts';

/**
 * Runs a process entry point: a configuration error prints its one message (every bad variable
 * listed) and exits 1 before anything connects anywhere; any other start-up failure is logged.
 */
export function boot(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      createLogger().error('failed to start', { error });
    }
    process.exit(1);
  });
}

/** Listens, and resolves once the port is bound (Heroku's R10 needs that within 60 s). */
export function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
}

/** Stop taking requests, let in-flight ones finish, then release the runtime. */
export function closeServerStep(server: Server): ShutdownStep {
  return {
    name: 'http',
    run: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

export function shutdownOn(runtime: Runtime, steps: readonly ShutdownStep[]): void {
  installShutdown(runtime.logger, runtime.config.SHUTDOWN_TIMEOUT_MS, () => [
    ...steps,
    { name: 'runtime', run: () => runtime.stop() },
  ]);
}
