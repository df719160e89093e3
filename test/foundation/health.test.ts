import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { PgBoss } from 'pg-boss';
import { silentLogger } from '../../src/core/logger.ts';
import { createPool } from '../../src/db/connection.ts';
import { createBoss } from '../../src/jobs/boss.ts';
import { jobCatalog } from '../../src/jobs/catalog.ts';
import { JobQueue } from '../../src/jobs/queue.ts';
import { createWebApp } from '../../src/web/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

async function serve(app: ReturnType<typeof createWebApp>): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('GET /healthz', () => {
  let db: TestDatabase;
  let boss: PgBoss;
  before(async () => {
    db = await createTestDatabase();
    boss = createBoss({ target: db.target, logger: silentLogger, supervise: false });
    await boss.start();
    await new JobQueue(boss, jobCatalog, silentLogger).createQueues();
  });
  after(async () => {
    await boss.stop({ graceful: false });
    await db.drop();
  });

  it('answers 200 with database and queue state, and sets security headers', async () => {
    const { server, url } = await serve(createWebApp({ pool: db.pool, boss, logger: silentLogger }));
    try {
      const response = await fetch(`${url}/healthz`);
      expect(response.status).to.equal(200);
      const body = (await response.json()) as {
        status: string;
        database: string;
        queue: { state: string; queues: Record<string, unknown> };
      };
      expect(body.status).to.equal('ok');
      expect(body.database).to.equal('up');
      expect(body.queue.state).to.equal('up');
      expect(body.queue.queues).to.have.property('document.sync');
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('content-security-policy')).to.contain("default-src 'self'");
      expect(response.headers.get('x-powered-by')).to.equal(null);
    } finally {
      server.close();
    }
  });

  it('answers 503 when the database is unreachable', async () => {
    // A pool aimed at a port where nothing listens behaves like a database that went away.
    const deadPool = createPool({ url: 'postgres://postgres@127.0.0.1:1/postgres', ssl: false }, 1);
    const { server, url } = await serve(createWebApp({ pool: deadPool, boss, logger: silentLogger }));
    try {
      const response = await fetch(`${url}/healthz`);
      expect(response.status).to.equal(503);
      expect(await response.json()).to.deep.equal({ status: 'unavailable', database: 'down' });
    } finally {
      server.close();
      await deadPool.end();
    }
  });

  it('answers unknown paths with a JSON 404', async () => {
    const { server, url } = await serve(createWebApp({ pool: db.pool, boss, logger: silentLogger }));
    try {
      const response = await fetch(`${url}/nope`);
      expect(response.status).to.equal(404);
      expect(((await response.json()) as { error: string }).error).to.equal('not_found');
    } finally {
      server.close();
    }
  });
});
