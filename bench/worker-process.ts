import { writeFileSync } from 'node:fs';
import pg from 'pg';
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
// Live JavaScript objects, beside RSS: tells memory the program holds from heap V8 has not given back.
const heap = peakSampler(() => process.memoryUsage().heapUsed, SAMPLE_MS);

// Every query this process sends — the app's pool and pg-boss's alike go through pg.Client.
let queries = 0;
// BENCH_QUERY_PROFILE=file: also tally queries by their text, to see where the queries per invoice go.
const profilePath = process.env.BENCH_QUERY_PROFILE;
const byText = new Map<string, number>();
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  queries++;
  if (profilePath !== undefined) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '?');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 140);
    byText.set(key, (byText.get(key) ?? 0) + 1);
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;
const writeProfile = () => {
  if (profilePath === undefined) return;
  const rows = [...byText].sort((a, b) => b[1] - a[1]).map(([text, count]) => ({ count, text }));
  writeFileSync(profilePath, `${JSON.stringify(rows, null, 1)}\n`);
};

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
  if (message.type === 'usage') {
    const cpu = process.cpuUsage();
    send({ type: 'usage', cpuMicros: cpu.user + cpu.system, queries, peakHeapUsed: heap.peak() });
    return;
  }
  void (async () => {
    for (const step of worker.shutdownSteps) await step.run();
    await runtime.stop(5000);
    // The parent disconnects once it has this; that ends the process (below).
    writeProfile();
    send({ type: 'stopped', peakRss: rss.stop() });
  })();
});
// The parent going away (a crashed bench) must not leave a worker behind.
process.on('disconnect', () => process.exit(0));
