import type { Clock } from './clock.ts';

/**
 * A sliding-window limiter keyed by whatever the real service counts by (Fortnox: client + tenant;
 * BigCommerce: store). Refused requests do not occupy the window. `take` also answers what the
 * headers of rate-limited APIs need: requests left, when the window frees up.
 */
export interface LimitSettings {
  max: number;
  windowMs: number;
  enabled: boolean;
}

export interface LimitAnswer {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the oldest counted request leaves the window. */
  resetMs: number;
}

export class SlidingWindowLimiter {
  readonly #hits = new Map<string, number[]>();
  readonly #clock: Clock;
  readonly settings: LimitSettings;

  constructor(clock: Clock, settings: LimitSettings) {
    this.#clock = clock;
    this.settings = settings;
  }

  take(key: string): LimitAnswer {
    const { max, windowMs, enabled } = this.settings;
    const now = this.#clock.now();
    const recent = (this.#hits.get(key) ?? []).filter((at) => at > now - windowMs);
    const allowed = !enabled || recent.length < max;
    if (allowed && enabled) recent.push(now);
    this.#hits.set(key, recent);
    const oldest = recent[0];
    return {
      allowed,
      limit: max,
      remaining: Math.max(0, max - recent.length),
      resetMs: oldest === undefined ? windowMs : Math.max(0, oldest + windowMs - now),
    };
  }

  update(settings: Partial<LimitSettings>): LimitSettings {
    Object.assign(this.settings, settings);
    this.reset();
    return this.settings;
  }

  reset(): void {
    this.#hits.clear();
  }
}
