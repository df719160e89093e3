import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** `npm run emulator:<system>` as a child process on a free port; resolves its first JSON line. */
export async function startCli(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ url: string; line: Record<string, unknown>; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  for await (const text of lines) {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.close();
    return {
      url: String(line.url),
      line,
      stop: async () => {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      },
    };
  }
  throw new Error(`${script} ended without printing its address`);
}
