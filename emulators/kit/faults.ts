import { z } from 'zod';
import type { Clock } from './clock.ts';

/**
 * Misbehaviour on demand, the same words in every emulator. A fault applies to matching requests:
 * - status: answer with `status` (nothing is stored); the emulator renders the body its system sends
 * - hang: never answer (the socket stays open until the client gives up or the emulator closes)
 * - drop: destroy the connection before handling
 * - commit-then-fail: handle and store the write, then answer 500 (`then: 'status'`) or drop the socket
 * - latency: delay by `ms`, then behave normally
 * - rate-limit: answer 429 as the system's limiter would (a "429 storm" is one with a large count or `forMs`)
 *
 * It lasts `count` hits (default 1), or for `forMs` of emulator time, whichever ends first; with
 * `probability` only that share of matching requests is hit (a seeded generator, so a chaos run replays).
 */
export const FaultSpec = z.object({
  kind: z.enum(['status', 'hang', 'drop', 'commit-then-fail', 'latency', 'rate-limit']),
  count: z.number().int().positive().optional(),
  forMs: z.number().int().positive().optional(),
  probability: z.number().gt(0).max(1).default(1),
  status: z.number().int().min(400).max(599).default(500),
  then: z.enum(['status', 'drop']).default('status'),
  ms: z.number().int().nonnegative().default(0),
  /** Only requests with this method, path prefix (e.g. "/3/invoices"), target and/or scope (tenant, store, project). */
  method: z.string().optional(),
  pathPrefix: z.string().optional(),
  /** Which face of the emulator: 'api' (default), 'token', 'webhook', … — each emulator names its own. */
  target: z.string().default('api'),
  scope: z.string().optional(),
});
export type FaultSpec = z.infer<typeof FaultSpec>;
export type FaultInput = z.input<typeof FaultSpec>;

export interface FaultRequest {
  method: string;
  path: string;
  target?: string;
  scope?: string | undefined;
}

interface Armed {
  spec: FaultSpec;
  left: number;
  until: number;
}

/** mulberry32: tiny, fast and good enough to decide "is this request one of the 10 %?" reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  #armed: Armed[] = [];
  readonly #clock: Clock;
  #random: () => number;
  /** How many requests each kind of fault has hit (chaos reports say where kills and faults landed). */
  readonly hits: Record<string, number> = {};

  constructor(clock: Clock, seed = 1) {
    this.#clock = clock;
    this.#random = seededRandom(seed);
  }

  reseed(seed: number): void {
    this.#random = seededRandom(seed);
  }

  add(input: FaultInput): FaultSpec {
    const spec = FaultSpec.parse(input);
    const left = spec.count ?? (spec.forMs === undefined ? 1 : Number.POSITIVE_INFINITY);
    const until = spec.forMs === undefined ? Number.POSITIVE_INFINITY : this.#clock.now() + spec.forMs;
    this.#armed.push({ spec, left, until });
    return spec;
  }

  clear(): void {
    this.#armed = [];
  }

  pending(): (FaultSpec & { remaining: number | null; until: string | null })[] {
    this.#expire();
    return this.#armed.map((a) => ({
      ...a.spec,
      remaining: Number.isFinite(a.left) ? a.left : null,
      until: Number.isFinite(a.until) ? new Date(a.until).toISOString() : null,
    }));
  }

  /** The first armed fault that matches this request and fires (consuming one of its count). */
  take(req: FaultRequest): FaultSpec | undefined {
    this.#expire();
    const target = req.target ?? 'api';
    for (const [i, armed] of this.#armed.entries()) {
      const f = armed.spec;
      if (f.target !== 'any' && f.target !== target) continue;
      if (f.scope !== undefined && f.scope !== req.scope) continue;
      if (f.method !== undefined && f.method.toUpperCase() !== req.method.toUpperCase()) continue;
      if (f.pathPrefix !== undefined && !req.path.startsWith(f.pathPrefix)) continue;
      if (f.probability < 1 && this.#random() >= f.probability) continue;
      armed.left -= 1;
      if (armed.left <= 0) this.#armed.splice(i, 1);
      this.hits[f.kind] = (this.hits[f.kind] ?? 0) + 1;
      return f;
    }
    return undefined;
  }

  #expire(): void {
    const now = this.#clock.now();
    this.#armed = this.#armed.filter((a) => a.until > now && a.left > 0);
  }
}
