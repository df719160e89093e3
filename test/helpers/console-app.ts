import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PgBoss } from 'pg-boss';
import { type Config, loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createBoss } from '../../src/jobs/boss.ts';
import { type JobCatalog, jobCatalog } from '../../src/jobs/catalog.ts';
import { JobQueue } from '../../src/jobs/queue.ts';
import { seedSourceConnections } from '../../src/sources/source-set.ts';
import { formToken } from '../../src/web/admin-auth.ts';
import { createWebApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

/**
 * The web process on a database of its own, as the console's tests sign in to it: HTTP Basic with
 * `ADMIN_PASSWORD` for scripts and the JSON API, or a browser of its own (cookies, the form token
 * read off each page) for the sign-in flow. Connections the environment defines exist, as at start.
 */

export const ADMIN_PASSWORD = 'a long enough password';

export interface Browser {
  jar: Map<string, string>;
  get(path: string): Promise<Response>;
  post(path: string, fields: Record<string, string>): Promise<Response>;
  /** The token of the first form on a page. */
  tokenOf(path: string): Promise<string>;
  signIn(username: string, password: string, next?: string): Promise<Response>;
}

export interface ConsoleApp {
  db: TestDatabase;
  boss: PgBoss;
  queue: JobQueue<JobCatalog>;
  config: Config;
  url: string;
  /** HTTP Basic as the admin. */
  auth: { Authorization: string };
  /** GET as the admin. */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** A form POST as the admin with the app-wide form token (unless `fields.token` says otherwise); never follows the redirect. */
  post(path: string, fields?: Record<string, string>): Promise<Response>;
  /** The `notice` a form's redirect carries back. */
  notice(res: Response): string;
  browser(): Browser;
  stop(): Promise<void>;
}

export function browserAt(url: string): Browser {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [k, ...v] = pair!.split('=');
      if (/Max-Age=0/.test(line)) jar.delete(k!);
      else jar.set(k!, v.join('='));
    }
  };
  const cookies = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const b: Browser = {
    jar,
    async get(path) {
      const res = await fetch(`${url}${path}`, {
        headers: { Cookie: cookies(), Accept: 'text/html' },
        redirect: 'manual',
      });
      remember(res);
      return res;
    },
    async post(path, fields) {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { Cookie: cookies(), 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
      remember(res);
      return res;
    },
    async tokenOf(path) {
      const html = await (await b.get(path)).text();
      return /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
    },
    async signIn(username, password, next = '/') {
      const token = await b.tokenOf('/signin');
      return b.post('/signin', { token, username, password, next });
    },
  };
  return b;
}

export async function startConsoleApp(env: Record<string, string> = {}): Promise<ConsoleApp> {
  const db = await createTestDatabase();
  const boss = createBoss({ target: db.target, logger: silentLogger, supervise: false, spies: true });
  await boss.start();
  const queue = new JobQueue(boss, jobCatalog, silentLogger);
  await queue.createQueues();
  const config = loadConfig('all', { ADMIN_PASSWORD, ...env });
  await seedSourceConnections({ pool: db.pool, config });
  const server: Server = createServer(createWebApp({ pool: db.pool, boss, logger: silentLogger, config, queue }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` };
  return {
    db,
    boss,
    queue,
    config,
    url,
    auth,
    get: (path, headers = {}) => fetch(`${url}${path}`, { headers: { ...auth, ...headers } }),
    post: (path, fields = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: formToken(config), ...fields }).toString(),
        redirect: 'manual',
      }),
    notice: (res) => new URL(res.headers.get('location') ?? '/', url).searchParams.get('notice') ?? '',
    browser: () => browserAt(url),
    stop: async () => {
      server.close();
      await boss.stop({ graceful: false });
      await db.drop();
    },
  };
}
