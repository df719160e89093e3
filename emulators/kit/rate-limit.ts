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

/**
 * A fixed-window quota keyed like the sliding one: the first request opens a window of `windowMs`,
 * every request in it spends one unit, and the whole quota comes back when the window ends
 * (BigCommerce: "a quota that's refreshed every 30 seconds", shared by every app on the store).
 * Refused requests spend nothing. Same answers as `SlidingWindowLimiter`, so headers are built alike.
 */
export class FixedWindowLimiter {
  readonly #windows = new Map<string, { startedAt: number; used: number }>();
  readonly #clock: Clock;
  readonly settings: LimitSettings;

  constructor(clock: Clock, settings: LimitSettings) {
    this.#clock = clock;
    this.settings = settings;
  }

  take(key: string): LimitAnswer {
    const { max, windowMs, enabled } = this.settings;
    const now = this.#clock.now();
    let w = this.#windows.get(key);
    if (w === undefined || now >= w.startedAt + windowMs) {
      w = { startedAt: now, used: 0 };
      this.#windows.set(key, w);
    }
    const allowed = !enabled || w.used < max;
    if (allowed && enabled) w.used++;
    return {
      allowed,
      limit: max,
      remaining: Math.max(0, max - w.used),
      resetMs: Math.max(0, w.startedAt + windowMs - now),
    };
  }

  update(settings: Partial<LimitSettings>): LimitSettings {
    Object.assign(this.settings, settings);
    this.reset();
    return this.settings;
  }

  reset(): void {
    this.#windows.clear();
  }
}
