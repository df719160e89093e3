import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The app's processes as they run in production — `node src/web/main.ts`, `node src/worker/main.ts`
 * — as children the chaos suite can SIGKILL and start again. Every line they print goes to one log
 * file (for reading afterwards) and through `onLine` (the secrets scan), and can be awaited.
 */

export interface AppProcess {
  name: string;
  pid: number;
  /** Resolves with the first line from now on that satisfies `match`. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number, what: string): Promise<string>;
  exited: Promise<void>;
  alive(): boolean;
  kill(signal: NodeJS.Signals): void;
}

export class ProcessLog {
  readonly #out: WriteStream;
  readonly #listeners = new Set<(line: string, from: string) => void>();
  lines = 0;

  constructor(file: string) {
    this.#out = createWriteStream(file, { flags: 'a' });
  }

  onLine(listener: (line: string, from: string) => void): void {
    this.#listeners.add(listener);
  }

  write(from: string, line: string): void {
    this.lines++;
    this.#out.write(`${from} ${line}\n`);
    for (const listener of this.#listeners) listener(line, from);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#out.end(resolve));
  }
}

export function startAppProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  log: ProcessLog,
  execArgv: readonly string[] = [],
): AppProcess {
  const child: ChildProcess = spawn(process.execPath, [...execArgv, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const waiters = new Set<(line: string) => void>();
  const onLine = (line: string): void => {
    log.write(name, line);
    for (const waiter of [...waiters]) waiter(line);
  };
  for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', onLine);
  let alive = true;
  const exited = once(child, 'exit').then(() => {
    alive = false;
  });
  return {
    name,
    pid: child.pid ?? -1,
    exited,
    alive: () => alive,
    kill: (signal) => {
      if (alive) child.kill(signal);
    },
    waitForLine: (match, timeoutMs, what) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${name}: timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        const waiter = (line: string): void => {
          if (!match(line)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(line);
        };
        waiters.add(waiter);
        void exited.then(() => {
          if (!waiters.has(waiter)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          reject(new Error(`${name} exited while waiting for ${what}`));
        });
      }),
  };
}

/** A JSON log line's `message`, or undefined for anything else. */
export function logMessage(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { message?: unknown };
    return typeof entry.message === 'string' ? entry.message : undefined;
  } catch {
    return undefined;
  }
}
