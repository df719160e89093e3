import { EventEmitter } from 'node:events';

/**
 * Request counters per scope (tenant, store, project; "unauthenticated" when none), and a live
 * event per request so a fault suite can time a kill to a POST in flight instead of guessing.
 */
export interface ScopeStats {
  requests: number;
  rateLimited: number;
  dropped: number;
  byStatus: Record<string, number>;
  /** `GET /stores/{hash}/v2/orders` → count, with ids collapsed to `:id`. */
  byRoute: Record<string, number>;
}

export interface RequestSeen {
  scope: string;
  method: string;
  path: string;
  at: number;
}

const empty = (): ScopeStats => ({ requests: 0, rateLimited: 0, dropped: 0, byStatus: {}, byRoute: {} });

/** Numbers and long hex/uuid segments become `:id`, so routes aggregate. */
export function routeKey(method: string, path: string): string {
  const bare = path.split('?')[0] ?? path;
  const collapsed = bare
    .split('/')
    .map((s) => (/^\d+$/.test(s) || /^[0-9a-f-]{16,}$/i.test(s) ? ':id' : s))
    .join('/');
  return `${method.toUpperCase()} ${collapsed}`;
}

export class RequestStats extends EventEmitter<{ request: [RequestSeen] }> {
  readonly #byScope = new Map<string, ScopeStats>();

  #of(scope: string | undefined): ScopeStats {
    const key = scope ?? 'unauthenticated';
    let s = this.#byScope.get(key);
    if (!s) {
      s = empty();
      this.#byScope.set(key, s);
    }
    return s;
  }

  request(scope: string | undefined, method = 'GET', path = '/'): void {
    const s = this.#of(scope);
    s.requests++;
    const route = routeKey(method, path);
    s.byRoute[route] = (s.byRoute[route] ?? 0) + 1;
    this.emit('request', { scope: scope ?? 'unauthenticated', method, path, at: Date.now() });
  }

  answered(scope: string | undefined, status: number): void {
    const s = this.#of(scope);
    s.byStatus[String(status)] = (s.byStatus[String(status)] ?? 0) + 1;
    if (status === 429) s.rateLimited++;
  }

  dropped(scope: string | undefined): void {
    this.#of(scope).dropped++;
  }

  get(scope: string): ScopeStats {
    return structuredClone(this.#of(scope));
  }

  all(): Record<string, ScopeStats> {
    return Object.fromEntries([...this.#byScope].map(([k, v]) => [k, structuredClone(v)]));
  }

  total(): ScopeStats {
    const t = empty();
    for (const s of this.#byScope.values()) {
      t.requests += s.requests;
      t.rateLimited += s.rateLimited;
      t.dropped += s.dropped;
      for (const [k, v] of Object.entries(s.byStatus)) t.byStatus[k] = (t.byStatus[k] ?? 0) + v;
      for (const [k, v] of Object.entries(s.byRoute)) t.byRoute[k] = (t.byRoute[k] ?? 0) + v;
    }
    return t;
  }

  reset(): void {
    this.#byScope.clear();
  }

  /** Resolves at the next request that matches (e.g. the next POST /3/invoices): no polling, no sleep. */
  next(match: (seen: RequestSeen) => boolean): Promise<RequestSeen> {
    return new Promise((resolve) => {
      const on = (seen: RequestSeen): void => {
        if (!match(seen)) return;
        this.off('request', on);
        resolve(seen);
      };
      this.on('request', on);
    });
  }
}
