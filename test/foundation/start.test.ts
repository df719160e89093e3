import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { freePort } from '../../scripts/free-port.ts';
import { reachable } from '../../src/db/embedded.ts';

const MAIN = path.resolve(import.meta.dirname, '../../src/main.ts');

/** Resolves with the first JSON log line whose message matches; rejects if the process exits first. */
function logLine(child: ReturnType<typeof spawn>, message: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let seen = '';
    createInterface({ input: child.stdout! }).on('line', (line) => {
      seen += `${line}\n`;
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.message === message) resolve(entry);
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before "${message}":\n${seen}`)));
  });
}

describe('npm start on a machine with nothing set up', function () {
  this.timeout(90_000);

  async function sandbox(): Promise<{ dir: string; port: number; env: Record<string, string> }> {
    const dir = await mkdtemp(path.join(tmpdir(), 'fortnox-sync-start-'));
    await chmod(dir, 0o755); // like a project checkout, so the data folder lands inside it
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      PORT: String(port),
      EMBEDDED_PG_DIR: path.join(dir, 'pg'),
      EMBEDDED_PG_PORT: String(await freePort()),
    };
    return { dir, port, env };
  }

  it('stops quietly on Ctrl-C: the terminal’s SIGINT reaches the app, which stops its own Postgres last', async () => {
    const { dir, env } = await sandbox();
    // detached: the child leads a process group, as a shell's foreground job does; Ctrl-C signals the group.
    const child = spawn(process.execPath, [MAIN], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await logLine(child, 'fortnox-sync running');
      const exited = once(child, 'exit');
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      process.kill(-child.pid!, 'SIGINT');
      const [code] = await exited;
      expect(code, output).to.equal(0);
      // Only what is said while stopping: before Ctrl-C the app may rightly complain (no Salesforce here).
      const stopping = output.slice(output.indexOf('"message":"shutting down"'));
      expect(stopping, output).to.include('shutdown complete');
      const loud = stopping.split('\n').filter((line) => /"level":"(error|warn)"/.test(line));
      expect(loud, 'no error or warning lines while stopping').to.deep.equal([]);
      const pgUrl = `postgres://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/postgres`;
      expect(await reachable(pgUrl), 'embedded Postgres is stopped too').to.equal(false);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('boots its own Postgres, applies migrations, answers /healthz 200 within 60 s, and stops cleanly', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fortnox-sync-start-'));
    await chmod(dir, 0o755); // like a project checkout, so the data folder lands inside it
    const port = await freePort();
    // Only what a fresh shell has, plus where to put things so the test does not collide with a dev's instance.
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      PORT: String(port),
      EMBEDDED_PG_DIR: path.join(dir, 'pg'),
      EMBEDDED_PG_PORT: String(await freePort()),
    };
    const started = Date.now();
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const running = await logLine(child, 'fortnox-sync running');
      expect(running.url).to.equal(`http://localhost:${port}`);
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).to.equal(200);
      expect(((await response.json()) as { database: string }).database).to.equal('up');
      expect(Date.now() - started).to.be.below(60_000);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).to.equal(0);
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
