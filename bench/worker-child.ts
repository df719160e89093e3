import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
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
  | { type: 'stopped'; peakRss: number };
export type ParentMessage = { type: 'rss' } | { type: 'stop' };

export interface WorkerChild {
  pid: number;
  /** Resolves once the listener is subscribed to all channels. */
  ready: Promise<void>;
  peakRss(): Promise<number>;
  /** Warnings and errors the worker logged so far, by message. */
  problems(): Record<string, number>;
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

export function forkWorker(env: Record<string, string>): WorkerChild {
  const child: ChildProcess = fork(new URL('./worker-process.ts', import.meta.url), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const tail: string[] = [];
  const problems: Record<string, number> = {};
  const keep = (line: string): void => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    const entry = parseLogLine(line);
    if (entry !== undefined && (entry.level === 'warn' || entry.level === 'error')) {
      const key = `${entry.level}: ${entry.message}`;
      problems[key] = (problems[key] ?? 0) + 1;
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
    problems: () => ({ ...problems }),
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
