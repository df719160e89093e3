import type { Clock } from './clock.ts';

/**
 * Sliding window per (client id, tenant): at most `max` accepted requests in any `windowMs`
 * [reference §2: 25 per 5 s since Nov 2022]. Refused requests do not occupy the window
 * [unverified: Fortnox only says 429 lasts "until the average is back under the limit"].
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();
  readonly #clock: Clock;
  readonly settings: { max: number; windowMs: number; enabled: boolean };
  constructor(clock: Clock, settings: { max: number; windowMs: number; enabled: boolean }) {
    this.#clock = clock;
    this.settings = settings;
  }
  /** Records the request and answers whether it may pass. */
  take(clientId: string, tenantId: number): boolean {
    if (!this.settings.enabled) return true;
    const key = `${clientId}\u0000${tenantId}`;
    const now = this.#clock.now();
    const recent = (this.#hits.get(key) ?? []).filter((at) => at > now - this.settings.windowMs);
    const allowed = recent.length < this.settings.max;
    if (allowed) recent.push(now);
    this.#hits.set(key, recent);
    return allowed;
  }
  reset(): void {
    this.#hits.clear();
  }
}

/** Per-tenant request counters; the benchmark reads the /3/ total and the 429s. */
export interface TenantStats {
  requests: number;
  rateLimited: number;
  dropped: number;
  byStatus: Record<string, number>;
}

export class Stats {
  readonly #byTenant = new Map<string, TenantStats>();

  #of(tenant: number | undefined): TenantStats {
    const key = tenant === undefined ? 'unauthenticated' : String(tenant);
    let s = this.#byTenant.get(key);
    if (!s) {
      s = { requests: 0, rateLimited: 0, dropped: 0, byStatus: {} };
      this.#byTenant.set(key, s);
    }
    return s;
  }
  request(tenant: number | undefined): void {
    this.#of(tenant).requests++;
  }
  answered(tenant: number | undefined, status: number): void {
    const s = this.#of(tenant);
    s.byStatus[String(status)] = (s.byStatus[String(status)] ?? 0) + 1;
    if (status === 429) s.rateLimited++;
  }
  dropped(tenant: number | undefined): void {
    this.#of(tenant).dropped++;
  }
  /** One tenant's counters, or all of them keyed by tenant id ("unauthenticated" for 401s). */
  get(tenant?: number): TenantStats | Record<string, TenantStats> {
    if (tenant !== undefined) return structuredClone(this.#of(tenant));
    return Object.fromEntries([...this.#byTenant].map(([k, v]) => [k, structuredClone(v)]));
  }
  total(): TenantStats {
    const t: TenantStats = { requests: 0, rateLimited: 0, dropped: 0, byStatus: {} };
    for (const s of this.#byTenant.values()) {
      t.requests += s.requests;
      t.rateLimited += s.rateLimited;
      t.dropped += s.dropped;
      for (const [k, v] of Object.entries(s.byStatus)) t.byStatus[k] = (t.byStatus[k] ?? 0) + v;
    }
    return t;
  }
  reset(): void {
    this.#byTenant.clear();
  }
}
