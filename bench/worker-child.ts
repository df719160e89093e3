import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Stack } from '../scripts/stack.ts';
import { ALL_CHANNELS } from '../src/sources/salesforce/stream-events.ts';
import { within } from './timing.ts';

/**
 * The parent's side of the worker process (worker-process.ts): fork it with the stack's URLs, wait
 * until its stream listener has subscribed to every channel, ask for its peak RSS, stop it. Its
 * logs are kept in memory (warnings and errors counted) and shown only if something goes wrong.
 */

export type WorkerMessage =
  | { type: 'subscribed'; channel: string }
  | { type: 'rss'; peakRss: number }
  | { type: 'usage'; cpuMicros: number; queries: number; peakHeapUsed: number }
  | { type: 'stopped'; peakRss: number };
export type ParentMessage = { type: 'rss' } | { type: 'usage' } | { type: 'stop' };

/** The worker's CPU time (user + system) and the Postgres queries it has sent, since it started. */
export interface WorkerUsage {
  cpuMicros: number;
  queries: number;
  /** The most JavaScript heap in use at any sample so far. */
  peakHeapUsed: number;
}

export interface WorkerChild {
  pid: number;
  /** Resolves once the listener is subscribed to all channels. */
  ready: Promise<void>;
  peakRss(): Promise<number>;
  usage(): Promise<WorkerUsage>;
  /** Warnings and errors the worker logged so far, by message. */
  problems(): Record<string, number>;
  /** The first log line of each kind of warning or error, so a run's problems can be read afterwards. */
  problemSamples(): Record<string, string>;
  logTail(): string;
  stop(): Promise<number>;
}

const TAIL_LINES = 400;

function parseLogLine(line: string): { level: string; message: string } | undefined {
  try {
    const entry = JSON.parse(line) as { level?: unknown; message?: unknown };
    return typeof entry.level === 'string' ? { level: entry.level, message: String(entry.message) } : undefined;
  } catch {
    return undefined;
  }
}

/** The `--flags` the Procfile gives a process type's `node`, e.g. `--max-semi-space-size=2`. */
export function procfileFlags(processType: string): string[] {
  const procfile = readFileSync(new URL('../Procfile', import.meta.url), 'utf8');
  const line = procfile.split('\n').find((l) => l.startsWith(`${processType}:`));
  return (line ?? '').split(/\s+/).filter((token) => token.startsWith('--'));
}

/** The burst's worker CPU and Postgres queries per invoice, from usage read before and after it. */
export function perInvoice(
  before: WorkerUsage,
  after: WorkerUsage,
  invoices: number,
): { worker_cpu_ms_per_invoice: number; pg_queries_per_invoice: number; worker_peak_heap_used_mb: number } {
  return {
    worker_peak_heap_used_mb: Math.round((after.peakHeapUsed / 2 ** 20) * 10) / 10,
    worker_cpu_ms_per_invoice: Math.round(((after.cpuMicros - before.cpuMicros) / 1000 / invoices) * 100) / 100,
    pg_queries_per_invoice: Math.round(((after.queries - before.queries) / invoices) * 10) / 10,
  };
}

/** The worker wired to a bench stack's emulators and database (and a source's, in `env`), logging warnings and errors. */
export function forkStackWorker(stack: Stack, databaseUrl: string, env: Record<string, string> = {}): WorkerChild {
  return forkWorker({
    DATABASE_URL: databaseUrl,
    FORTNOX_API_URL: stack.fortnox.url,
    FORTNOX_AUTH_URL: stack.fortnox.url,
    SALESFORCE_LOGIN_URL: stack.salesforce.url,
    LOG_LEVEL: process.env.BENCH_WORKER_LOG_LEVEL ?? 'warn',
    ...env,
  });
}

export function forkWorker(env: Record<string, string>): WorkerChild {
  const child: ChildProcess = fork(new URL('./worker-process.ts', import.meta.url), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // The worker as deployed: the Procfile's V8 flags, unless BENCH_WORKER_NODE_OPTIONS tries others.
    execArgv: [
      ...process.execArgv,
      ...(process.env.BENCH_WORKER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? procfileFlags('worker')),
    ],
  });
  const tail: string[] = [];
  const problems: Record<string, number> = {};
  const samples: Record<string, string> = {};
  const keep = (line: string): void => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    const entry = parseLogLine(line);
    if (entry !== undefined && (entry.level === 'warn' || entry.level === 'error')) {
      const key = `${entry.level}: ${entry.message}`;
      problems[key] = (problems[key] ?? 0) + 1;
      samples[key] ??= line.slice(0, 2000);
    }
  };
  for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', keep);

  const subscribed = new Set<string>();
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: WorkerMessage) => {
      if (message.type !== 'subscribed') return;
      subscribed.add(message.channel);
      if (ALL_CHANNELS.every((channel) => subscribed.has(channel))) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`worker process exited (${code}) before subscribing:\n${tail.join('\n')}`)),
    );
  });
  const ask = async <T extends WorkerMessage['type']>(
    request: ParentMessage,
    answer: T,
  ): Promise<Extract<WorkerMessage, { type: T }>> => {
    const reply = new Promise<Extract<WorkerMessage, { type: T }>>((resolve) => {
      const on = (message: WorkerMessage): void => {
        if (message.type !== answer) return;
        child.off('message', on);
        resolve(message as Extract<WorkerMessage, { type: T }>);
      };
      child.on('message', on);
    });
    child.send(request);
    return within(reply, 30_000, `worker answer to ${request.type}`);
  };

  return {
    pid: child.pid ?? -1,
    ready: within(ready, 60_000, 'worker stream listener subscribing'),
    peakRss: async () => (await ask({ type: 'rss' }, 'rss')).peakRss,
    usage: async () => {
      const { cpuMicros, queries, peakHeapUsed } = await ask({ type: 'usage' }, 'usage');
      return { cpuMicros, queries, peakHeapUsed };
    },
    problems: () => ({ ...problems }),
    problemSamples: () => ({ ...samples }),
    logTail: () => tail.join('\n'),
    stop: async () => {
      if (child.exitCode !== null) return 0;
      const { peakRss } = await ask({ type: 'stop' }, 'stopped');
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
      return peakRss;
    },
  };
}
