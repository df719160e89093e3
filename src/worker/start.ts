import type { ShutdownStep } from '../core/shutdown.ts';
import { createHandlers } from '../jobs/handlers/index.ts';
import type { Runtime } from '../runtime.ts';
import {
  type ListenerSignal,
  type SalesforceListener,
  startSalesforceListener,
} from '../sources/salesforce/listener.ts';
import type { StatusDeps, StatusDepsOptions } from '../status/status-deps.ts';
import { type StatusSync, startStatusSync, wireStatus } from '../status/status-runtime.ts';
import type { TopicsSignal } from '../status/topics-subscriber.ts';
import { syncServices } from './sync-services.ts';
import { startWorker } from './worker.ts';

/**
 * Everything a worker process runs, in one place for `npm run worker`, `npm start`, the demo stack,
 * the benchmark and the crash tests: job handlers first (so the first jobs find someone to run
 * them), then status schedules and the Fortnox WebSocket, then the Salesforce stream listener.
 */

export interface WorkerProcessOptions {
  status?: StatusDepsOptions;
  observe?: (signal: ListenerSignal) => void;
  observeTopics?: (signal: TopicsSignal) => void;
  /** How often standbys try for the WebSocket lock (tests use a short one). */
  lockPollMs?: number;
}

export interface WorkerProcess {
  listener: SalesforceListener;
  status: StatusSync;
  statusDeps: StatusDeps;
  /** The streams stop first on SIGTERM, so nothing new is enqueued while jobs finish. */
  shutdownSteps: ShutdownStep[];
}

export async function startWorkerProcess(runtime: Runtime, options: WorkerProcessOptions = {}): Promise<WorkerProcess> {
  const wired = wireStatus(runtime, syncServices(runtime), options.status);
  await startWorker(runtime, createHandlers(wired.sync, wired.deps));
  const status = await startStatusSync(runtime, wired.deps, {
    ...(options.observeTopics === undefined ? {} : { observe: options.observeTopics }),
    ...(options.lockPollMs === undefined ? {} : { lockPollMs: options.lockPollMs }),
  });
  const listener = startSalesforceListener({
    ...runtime,
    ...(options.observe === undefined ? {} : { observe: options.observe }),
  });
  return {
    listener,
    status,
    statusDeps: wired.deps,
    shutdownSteps: [
      { name: 'fortnox-websocket', run: () => status.stop() },
      { name: 'salesforce-listener', run: () => listener.stop() },
    ],
  };
}
