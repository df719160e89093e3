import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';

/** Document and customer jobs not finished yet, counted in pg-boss's table (its stats lag a minute). */
export async function pendingJobs(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job
      WHERE name IN ('document.sync', 'customer.sync', 'source.writeback') AND state IN ('created', 'retry', 'active')`,
  );
  return rows[0]!.n;
}

/** Resolves once no such job has existed for `quietMs` in a row (or `timeoutMs` passed: answers false). */
export async function quiet(pool: pg.Pool, quietMs: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let since = performance.now();
  while (performance.now() < deadline) {
    if ((await pendingJobs(pool).catch(() => 1)) > 0) since = performance.now();
    else if (performance.now() - since >= quietMs) return true;
    await delay(500);
  }
  return false;
}

/** Every POST Fortnox received (documents, customers, articles …), by route. */
export function posts(byRoute: Record<string, number>, prefix = 'POST '): number {
  return Object.entries(byRoute)
    .filter(([route]) => route.startsWith(prefix))
    .reduce((sum, [, n]) => sum + n, 0);
}
