import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A child Node process whose `MARK {json}` stdout lines can be awaited as events. */
export interface MarkedChild {
  process: ChildProcess;
  /** Resolves with the first MARK line (from now or already seen) that satisfies `match`. */
  waitFor(match: (mark: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

export function spawnMarked(script: string, env: Record<string, string>): MarkedChild {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const marks: Record<string, unknown>[] = [];
  const waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] =
    [];
  let text = '';
  createInterface({ input: child.stdout! }).on('line', (line) => {
    text += `${line}\n`;
    if (!line.startsWith('MARK ')) return;
    const mark = JSON.parse(line.slice(5)) as Record<string, unknown>;
    marks.push(mark);
    for (const waiter of [...waiters]) {
      if (waiter.match(mark)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(mark);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return {
    process: child,
    exited,
    output: () => text,
    waitFor: (match) => {
      const seen = marks.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void exited.then(({ code }) => reject(new Error(`child exited (${code}) before the expected mark:\n${text}`)));
      });
    },
  };
}
