import pg from 'pg';
import type { Config } from '../config.ts';

/** How to reach Postgres: a URL plus the TLS setting node-postgres needs for it. */
export interface DatabaseTarget {
  url: string;
  ssl: false | { rejectUnauthorized: false };
}

/**
 * Heroku Postgres requires TLS with a certificate Node cannot verify, so `rejectUnauthorized:false`.
 * An `sslmode` in the URL would silently override the `ssl` object in node-postgres (pg#2375), so
 * when we decide TLS ourselves we take it out of the URL.
 */
export function databaseTarget(url: string, config: Pick<Config, 'DATABASE_SSL' | 'DYNO'>): DatabaseTarget {
  // Heroku Postgres needs TLS; a dyno is how we know we are on Heroku (config must not be imported
  // as a value here: config → registry → adapters → this file would be an import cycle).
  const useSsl = config.DATABASE_SSL ?? config.DYNO !== undefined;
  const parsed = new URL(url);
  parsed.searchParams.delete('sslmode');
  return { url: parsed.toString(), ssl: useSsl ? { rejectUnauthorized: false } : false };
}

export function createPool(target: DatabaseTarget, max: number, applicationName = 'fortnox-sync'): pg.Pool {
  const pool = new pg.Pool({
    connectionString: target.url,
    ssl: target.ssl,
    max,
    application_name: applicationName,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (failover, restart) emits on the pool; unhandled, it
  // would crash the process. The next query gets a fresh connection.
  pool.on('error', () => undefined);
  // A client checked out of the pool has no error listener of the pool's (pg-pool removes it on
  // checkout), so Postgres ending its connection while it is held between queries (a poll holding an
  // advisory lock across HTTP calls, a transaction awaiting work) emitted an unhandled 'error' and
  // killed the worker (found by the chaos suite's postgres-outage). The holder's next query fails
  // instead, and the pool discards the client on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs `work` in one transaction on one client; rolls back on any error. */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The subset of pg's client API our repositories use, so they run on a pool or inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;
