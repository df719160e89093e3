import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const SCRIPT = resolve(import.meta.dirname, '../../fixtures/fortnox-client-process.ts');

/** A child Node process running test/fixtures/fortnox-client-process.ts, driven by stdout marks. */
export interface ClientProcess {
  ready: Promise<void>;
  go(): void;
  result: Promise<unknown>;
  kill(): void;
}

export function startClientProcess(env: Record<string, string>): ClientProcess {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let markReady: () => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  let deliver: (v: unknown) => void = () => undefined;
  const ready = new Promise<void>((res, rej) => {
    markReady = res;
    fail = rej;
  });
  const result = new Promise<unknown>((res, rej) => {
    deliver = res;
    const previous = fail;
    fail = (e) => {
      previous(e);
      rej(e);
    };
  });
  result.catch(() => undefined);
  ready.catch(() => undefined);
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    if (line === 'READY') markReady();
    else if (line.startsWith('RESULT ')) deliver(JSON.parse(line.slice('RESULT '.length)));
  });
  void once(child, 'exit').then(([code]) =>
    fail(new Error(`client process exited with ${String(code)} before answering:\n${stderr.slice(-2000)}`)),
  );
  return {
    ready,
    result,
    go: () => child.stdin?.write('GO\n'),
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
