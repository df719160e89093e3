import { loadConfig } from '../src/config.ts';
import { startRuntime } from '../src/runtime.ts';
import type { ListenerSignal } from '../src/sources/salesforce/listener.ts';
import { startWorkerProcess } from '../src/worker/start.ts';
import { peakSampler } from './timing.ts';
import type { ParentMessage, WorkerMessage } from './worker-child.ts';

/**
 * The bench's worker process, forked by worker-child.ts: the same wiring as `npm run worker`
 * (src/worker/start.ts: job handlers, status sync, stream listener) configured from the environment,
 * plus an IPC channel that reports the listener's subscriptions (so the bench marks deals won
 * only once the stream is live) and the peak RSS of this process alone, without the emulators.
 */

const SAMPLE_MS = 100;

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

const rss = peakSampler(() => process.memoryUsage().rss, SAMPLE_MS);

const config = loadConfig('worker');
const runtime = await startRuntime(config, { role: 'worker', migrate: false, supervise: true });
const worker = await startWorkerProcess(runtime, {
  sourceOptions: {
    salesforce: {
      observe: (signal: ListenerSignal) => {
        if (signal.type === 'subscribed') send({ type: 'subscribed', channel: signal.channel });
      },
    },
  },
});

process.on('message', (message: ParentMessage) => {
  if (message.type === 'rss') {
    send({ type: 'rss', peakRss: rss.peak() });
    return;
  }
  void (async () => {
    for (const step of worker.shutdownSteps) await step.run();
    await runtime.stop(5000);
    // The parent disconnects once it has this; that ends the process (below).
    send({ type: 'stopped', peakRss: rss.stop() });
  })();
});
// The parent going away (a crashed bench) must not leave a worker behind.
process.on('disconnect', () => process.exit(0));
