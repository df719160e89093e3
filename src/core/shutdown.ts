import type { Logger } from './logger.ts';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

/**
 * Runs the steps in order on SIGTERM/SIGINT and exits. Heroku sends SIGTERM (possibly more than once)
 * and SIGKILLs 30 s later, so a watchdog exits non-zero at `timeoutMs` whatever is still hanging;
 * what was not finished by then is safe to redo (jobs are idempotent and are retried).
 */
export function installShutdown(
  logger: Logger,
  timeoutMs: number,
  steps: () => readonly ShutdownStep[],
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    running ??= (async () => {
      const watchdog = setTimeout(() => {
        logger.error('shutdown timed out; exiting', { timeoutMs });
        process.exit(1);
      }, timeoutMs);
      watchdog.unref();
      let failed = false;
      for (const step of steps()) {
        try {
          await step.run();
        } catch (error) {
          failed = true;
          logger.error('shutdown step failed', { step: step.name, error });
        }
      }
      clearTimeout(watchdog);
      logger.info('shutdown complete');
      process.exitCode = failed ? 1 : 0;
    })();
    return running;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      logger.info('shutting down', { signal });
      void shutdown();
    });
  }
  return shutdown;
}
