import { setTimeout as delay } from 'node:timers/promises';
import type { Stack } from '../scripts/stack.ts';
import { awaitWritebacks, type DraftWatch } from './drafts.ts';
import { markWon } from './seed.ts';

/**
 * The three phases of a bench run, each starting from deals already seeded (open) in Salesforce:
 * warm-up (customers and articles come to exist), light load (one deal at a time, for latency)
 * and the burst (every deal won at once, for throughput and requests per invoice).
 */

/** Customers synced, articles created and cached by the worker; the figures after this are steady state. */
export async function warmUp(
  stack: Stack,
  watch: DraftWatch,
  opportunityIds: readonly string[],
  timeoutMs = 180_000,
): Promise<void> {
  for (const id of opportunityIds) markWon(stack.salesforce.handle, id);
  await watch.waitFor(opportunityIds, timeoutMs, 'warm-up drafts');
  await awaitWritebacks(stack.salesforce.handle, opportunityIds, 60_000);
}

/**
 * Stage change → draft, one deal at a time, each waiting for the previous draft. Latency is from
 * the update (which publishes the CDC event in the same call) to the emulator's invoice-created-v1.
 * A draft takes well under the limiter's spacing (5 s / 24 ≈ 208 ms), so back to back the deals
 * would run into the rate limit and measure its wait, not light load: deals start no closer than
 * 1.25 × that spacing (≈ 80 % of the limit).
 */
export async function lightLoad(
  stack: Stack,
  watch: DraftWatch,
  opportunityIds: readonly string[],
  spacingMs: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (const id of opportunityIds) {
    const wonAt = performance.now();
    markWon(stack.salesforce.handle, id);
    const [createdAt] = await watch.waitFor([id], 30_000, 'a light-load draft');
    latencies.push(createdAt! - wonAt);
    const rest = spacingMs * 1.25 - (performance.now() - wonAt);
    if (rest > 0) await delay(rest);
  }
  await awaitWritebacks(stack.salesforce.handle, opportunityIds, 60_000);
  return latencies;
}

export interface BurstTimes {
  /** When the first deal was marked won. */
  wonAt: number;
  /** How long marking all of them won took (CDC events published). */
  markingMs: number;
  firstDraftAt: number;
  lastDraftAt: number;
  /** When the last write-back reached Salesforce. */
  writtenBackAt: number;
}

export async function burst(
  stack: Stack,
  watch: DraftWatch,
  opportunityIds: readonly string[],
  timeoutMs: number,
): Promise<BurstTimes> {
  const wonAt = performance.now();
  for (const id of opportunityIds) markWon(stack.salesforce.handle, id);
  const markingMs = performance.now() - wonAt;
  const times = await watch.waitFor(opportunityIds, timeoutMs, 'burst drafts');
  await awaitWritebacks(stack.salesforce.handle, opportunityIds, 120_000);
  return {
    wonAt,
    markingMs,
    firstDraftAt: Math.min(...times),
    lastDraftAt: Math.max(...times),
    writtenBackAt: performance.now(),
  };
}
