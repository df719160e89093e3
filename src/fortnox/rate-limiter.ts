import type pg from 'pg';
import { sleep } from './sleep.ts';

/**
 * Fortnox allows 25 requests per 5 s per (integration, tenant), over a sliding window, shared by
 * every process that holds a token for the tenant [reference §2; DESIGN invariant 6]. So the
 * limiter lives in Postgres: `fortnox_take_rate_slot()` (migrations/1763800001000_fortnox.sql)
 * takes a slot under a per-tenant advisory lock, or answers how long until the oldest slot leaves
 * the window; we sleep exactly that long and ask again. No polling loop, one round trip per try.
 *
 * A slot counts from the moment it is taken until one window after the request *finished*.
 * Fortnox counts the instant it received the request, which lies somewhere between the two; any
 * set of requests Fortnox sees inside one window was therefore also inside ours when the last of
 * them was admitted, so at most `limit` of them can exist, whatever the network or event-loop
 * delays. The price is one round trip's latency per window, well under 1 % of throughput.
 */

export interface RateSlot {
  /** Marks the request finished; the slot then leaves the window `windowMs` later. */
  release(): Promise<void>;
}

export interface RateLimiter {
  acquire(tenantId: string, signal?: AbortSignal): Promise<RateSlot>;
}

export interface PostgresRateLimiterOptions {
  pool: pg.Pool;
  /** Requests per window per tenant (FORTNOX_RATE_LIMIT). */
  limit: number;
  /** FORTNOX_RATE_WINDOW_MS. */
  windowMs: number;
  /**
   * How long a slot whose process never released it (crash, lost connection) stays counted as in
   * flight; the client's request timeout is the natural value.
   */
  maxInFlightMs: number;
}

const TakeRow = (row: unknown): { slotId: string | null; waitMs: number } => {
  const r = row as { slot_id: string | null; wait_ms: number };
  return { slotId: r.slot_id, waitMs: r.wait_ms };
};

export class PostgresRateLimiter implements RateLimiter {
  readonly #pool: pg.Pool;
  readonly #options: PostgresRateLimiterOptions;

  constructor(options: PostgresRateLimiterOptions) {
    this.#pool = options.pool;
    this.#options = options;
  }

  async acquire(tenantId: string, signal?: AbortSignal): Promise<RateSlot> {
    const { limit, windowMs, maxInFlightMs } = this.#options;
    for (;;) {
      signal?.throwIfAborted();
      const { rows } = await this.#pool.query('SELECT slot_id, wait_ms FROM fortnox_take_rate_slot($1, $2, $3, $4)', [
        tenantId,
        limit,
        windowMs,
        maxInFlightMs,
      ]);
      const { slotId, waitMs } = TakeRow(rows[0]);
      if (slotId !== null) return this.#slot(slotId);
      // The wait is computed from the database clock; a millisecond of slack absorbs rounding.
      await sleep(waitMs + 1, signal);
    }
  }

  #slot(id: string): RateSlot {
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        // If this fails the slot still expires after maxInFlightMs: safe, only slower.
        await this.#pool
          .query('UPDATE fortnox_rate_slots SET done_at = clock_timestamp() WHERE id = $1', [id])
          .catch(() => undefined);
      },
    };
  }
}

/** For tests of code that must not be throttled, and for a process that talks to no real tenant. */
export const unlimited: RateLimiter = {
  acquire: async () => ({ release: async () => undefined }),
};
