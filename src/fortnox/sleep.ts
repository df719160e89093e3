import { setTimeout as delay } from 'node:timers/promises';

/**
 * An abortable wait for the rate limiter and the client's short retries. The abort reason is
 * rethrown as is, so a cancelled job sees its own AbortError/TimeoutError, not a Fortnox error.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) {
    signal?.throwIfAborted();
    return;
  }
  try {
    await delay(ms, undefined, signal === undefined ? undefined : { signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}
