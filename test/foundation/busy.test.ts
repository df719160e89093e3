import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { silentLogger } from '../../src/core/logger.ts';
import { createBoss } from '../../src/jobs/boss.ts';
import type { SourceSet } from '../../src/sources/source-set.ts';
import { createWebApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * A burst of webhooks (a month's renewals at once) can outrun the web process's database pool. The
 * sender must be told to come back (503 with Retry-After: every webhook sender retries that), not
 * that we failed (500 and an error in the logs).
 */
describe('a webhook burst that outruns the database pool', () => {
  let db: TestDatabase;
  let boss: PgBoss;
  let pool: pg.Pool;
  let server: Server;
  let url: string;

  before(async () => {
    db = await createTestDatabase();
    boss = createBoss({ target: db.target, logger: silentLogger, supervise: false });
    pool = new pg.Pool({ connectionString: db.target.url, max: 1, connectionTimeoutMillis: 100 });
    // A source's webhook route as they all are: it needs the database to enqueue.
    const sources = {
      all: () => [
        {
          adapter: { system: 'demo' },
          runtime: {
            routes: (router: {
              post: (path: string, h: (req: unknown, res: { json(b: unknown): void }) => Promise<void>) => void;
            }) =>
              router.post('/webhook', async (_req, res) => {
                await pool.query('SELECT 1');
                res.json({ received: true });
              }),
          },
        },
      ],
    } as unknown as SourceSet;
    server = createServer(createWebApp({ pool, boss, logger: silentLogger, sources }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server?.close();
    await pool?.end();
    await db?.drop();
  });

  it('answers 503 with Retry-After while every connection is busy, and 200 once one is free', async () => {
    const held = await pool.connect();
    let answer: Response;
    try {
      answer = await fetch(`${url}/sources/demo/webhook`, { method: 'POST', headers: { accept: 'application/json' } });
    } finally {
      held.release();
    }
    expect(answer.status).to.equal(503);
    expect(answer.headers.get('retry-after')).to.equal('5');
    expect(await answer.json()).to.include({ error: 'busy' });
    const again = await fetch(`${url}/sources/demo/webhook`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(again.status).to.equal(200);
  });
});
