import { setTimeout as delay } from 'node:timers/promises';
import type { Stack } from '../../scripts/stack.ts';

/** Resolves once no core job (sync, customer, write-back) waits or runs: the source's side is finished too. */
export async function drained(stack: Stack, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { rows } = await stack.runtime.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job
        WHERE name IN ('document.sync', 'customer.sync', 'source.writeback') AND state IN ('created', 'retry', 'active')`,
    );
    if (rows[0]?.n === 0) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${rows[0]?.n} jobs to finish`);
    await delay(200);
  }
}
