import { defined } from '../core/optional.ts';
import type { ShutdownStep } from '../core/shutdown.ts';
import { JOB_NAMES } from '../jobs/catalog.ts';
import { createHandlers } from '../jobs/handlers/index.ts';
import { startLostJobSweep } from '../jobs/lost-jobs.ts';
import type { Runtime } from '../runtime.ts';
import { SOURCES } from '../sources/registry.ts';
import type { SourceHandle } from '../sources/source.ts';
import type { SourceSet } from '../sources/source-set.ts';
import type { StatusDeps } from '../status/status-deps.ts';
import { type StatusSync, startStatusSync } from '../status/status-runtime.ts';
import type { TopicsSignal } from '../status/topics-subscriber.ts';
import { type ServiceOptions, type WorkerServices, workerServices } from './services.ts';
import { startWorker, workOptions } from './worker.ts';

/**
 * Everything a worker process runs, in one place for `npm run worker`, `npm start`, the demo stack,
 * the benchmark and the crash tests: job handlers first (so the first jobs find someone to run
 * them), then status schedules and the Fortnox WebSocket, then every source's listeners and pollers.
 */

export interface WorkerProcessOptions extends ServiceOptions {
  observeTopics?: (signal: TopicsSignal) => void;
  /** How often standbys try for the WebSocket lock (tests use a short one). */
  lockPollMs?: number;
}

export interface WorkerProcess {
  services: WorkerServices;
  sources: SourceSet;
  status: StatusSync;
  statusDeps: StatusDeps;
  /** Every source's listeners and pollers, as one handle. */
  listeners: SourceHandle;
  /** The streams stop first on SIGTERM, so nothing new is enqueued while jobs finish. */
  shutdownSteps: ShutdownStep[];
}

export async function startWorkerProcess(runtime: Runtime, options: WorkerProcessOptions = {}): Promise<WorkerProcess> {
  const services = workerServices(runtime, options);
  await startWorker(runtime, createHandlers(services.sync, services.requestFlush, services.status));
  for (const adapter of SOURCES) {
    for (const [name, job] of Object.entries(adapter.jobs ?? {})) {
      await runtime.adapterQueue.work(
        name,
        (payload, context) => job.handler(payload, context, services.sourceServices),
        workOptions(runtime, job.worker),
      );
    }
  }
  // Jobs of a worker that died go back to the queue within seconds, their attempt not counted.
  const lostJobs = startLostJobSweep({
    pool: runtime.pool,
    logger: runtime.logger,
    queues: [...JOB_NAMES, ...SOURCES.flatMap((adapter) => Object.keys(adapter.jobs ?? {}))],
  });
  const status = await startStatusSync(runtime.boss, runtime.config, runtime.target, services.status, {
    ...defined({ observe: options.observeTopics, lockPollMs: options.lockPollMs }),
  });
  const handles: SourceHandle[] = await services.sources.start(runtime.logger);
  const listeners: SourceHandle = { stop: async () => void (await Promise.all(handles.map((h) => h.stop()))) };
  return {
    listeners,
    services,
    sources: services.sources,
    status,
    statusDeps: services.status,
    shutdownSteps: [
      { name: 'lost-job-sweep', run: async () => lostJobs.stop() },
      { name: 'fortnox-websocket', run: () => status.stop() },
      { name: 'sources', run: () => listeners.stop() },
    ],
  };
}
