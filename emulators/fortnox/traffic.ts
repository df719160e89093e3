import { type Clock, type LimitSettings, SlidingWindowLimiter } from '../kit/index.ts';

/**
 * Fortnox counts requests per (client id, tenant): at most `max` accepted requests in any
 * `windowMs` [reference §2: 25 per 5 s since Nov 2022]. The window is the kit's; refused requests
 * do not occupy it [unverified: Fortnox only says 429 lasts "until the average is back under the
 * limit"]. `take` answers a boolean so tests can observe each decision by wrapping it.
 */
export class FortnoxLimiter {
  readonly #window: SlidingWindowLimiter;

  constructor(clock: Clock, settings: LimitSettings) {
    this.#window = new SlidingWindowLimiter(clock, settings);
  }

  get settings(): LimitSettings {
    return this.#window.settings;
  }

  take(clientId: string, tenantId: number): boolean {
    return this.#window.take(`${clientId}\u0000${tenantId}`).allowed;
  }

  update(settings: Partial<LimitSettings>): LimitSettings {
    return this.#window.update(settings);
  }

  reset(): void {
    this.#window.reset();
  }
}
