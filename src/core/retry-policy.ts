import { toAppError } from './errors.ts';

/**
 * The one place that decides whether a failed attempt is tried again, after how long, and why.
 * Pure (randomness is injected) so every branch is a one-line test. The reason is logged and stored
 * with the attempt, so "why did this retry / stop" is always answerable from the audit trail.
 */

export interface RetryDecision {
  retry: boolean;
  /** Machine-readable reason, e.g. `rate_limited`, `permanent:validation`, `attempts_exhausted`. */
  reason: string;
  waitMs: number;
}

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /**
   * Attempts allowed while the remote side answers "too many requests". A 429 clears within one
   * rate window, so riding it out in-request is cheaper than failing the job into a long backoff.
   * Defaults to `maxAttempts`.
   */
  maxRateLimitAttempts?: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** In-request retries: short, a few, only for what is likely to pass in seconds. */
export const CLIENT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  maxRateLimitAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 5000,
};

/** Exponential backoff with 50–100 % jitter (stripe-node's scheme), capped. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}

/**
 * @param attempt the attempt that just failed, counting from 1
 */
export function decideRetry(
  error: unknown,
  attempt: number,
  policy: RetryPolicy = CLIENT_RETRY,
  random: () => number = Math.random,
): RetryDecision {
  const err = toAppError(error);
  if (!err.retryable) return { retry: false, reason: `permanent:${err.category}`, waitMs: 0 };
  const allowed =
    err.category === 'rate_limit' ? (policy.maxRateLimitAttempts ?? policy.maxAttempts) : policy.maxAttempts;
  if (attempt >= allowed) return { retry: false, reason: 'attempts_exhausted', waitMs: 0 };
  switch (err.category) {
    case 'rate_limit': {
      // Honour the server's own wait when it gives one; otherwise back off like any other retry.
      const waitMs = err.retryAfterMs ?? backoffMs(attempt, policy, random);
      return { retry: true, reason: 'rate_limited', waitMs: Math.min(waitMs, policy.maxDelayMs * 4) };
    }
    case 'auth':
      // A retryable auth error means "token expired": refresh and try once more, immediately.
      return attempt === 1
        ? { retry: true, reason: 'token_refresh', waitMs: 0 }
        : { retry: false, reason: 'auth_failed_after_refresh', waitMs: 0 };
    case 'unavailable':
      return {
        retry: true,
        reason: err.code === 'network' ? 'network' : 'remote_unavailable',
        waitMs: backoffMs(attempt, policy, random),
      };
    default:
      return { retry: true, reason: `retryable:${err.category}`, waitMs: backoffMs(attempt, policy, random) };
  }
}
