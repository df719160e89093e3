import { z } from 'zod';

/**
 * Misbehaviour on demand. Each fault applies to the next `count` matching requests:
 * - status: answer 500/503 (nothing is stored)
 * - hang: never answer (the socket stays open until the client gives up or the emulator closes)
 * - drop: destroy the connection before handling
 * - commit-then-fail: handle and store the write, then answer 500 (`then: 'status'`) or drop
 * - latency: delay by `ms`, then behave normally
 * - rate-limit: answer 429 as the limiter would
 */
export const FaultSpec = z.object({
  kind: z.enum(['status', 'hang', 'drop', 'commit-then-fail', 'latency', 'rate-limit']),
  count: z.number().int().positive().default(1),
  status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(500),
  then: z.enum(['status', 'drop']).default('status'),
  ms: z.number().int().nonnegative().default(0),
  /** Only requests of this tenant (by token), method and/or path prefix (e.g. "/3/invoices"). */
  tenantId: z.number().int().optional(),
  method: z.string().optional(),
  pathPrefix: z.string().optional(),
  /** 'api' = /3/ only (default), 'token' = /oauth-v1/token only, 'any' = both. */
  target: z.enum(['api', 'token', 'any']).default('api'),
});
export type FaultSpec = z.infer<typeof FaultSpec>;
export type FaultInput = z.input<typeof FaultSpec>;

export interface RequestInfo {
  method: string;
  path: string;
  tenantId: number | undefined;
  target: 'api' | 'token';
}

export class Faults {
  #queue: Array<FaultSpec & { left: number }> = [];

  add(input: FaultInput): FaultSpec {
    const spec = FaultSpec.parse(input);
    this.#queue.push({ ...spec, left: spec.count });
    return spec;
  }
  clear(): void {
    this.#queue = [];
  }
  pending(): FaultSpec[] {
    return this.#queue.map(({ left, ...f }) => ({ ...f, count: left }));
  }
  /** Takes the first fault that matches this request (consuming one of its count). */
  take(req: RequestInfo): FaultSpec | undefined {
    const i = this.#queue.findIndex(
      (f) =>
        (f.target === 'any' || f.target === req.target) &&
        (f.tenantId === undefined || f.tenantId === req.tenantId) &&
        (f.method === undefined || f.method.toUpperCase() === req.method) &&
        (f.pathPrefix === undefined || req.path.startsWith(f.pathPrefix)),
    );
    const f = this.#queue[i];
    if (!f) return undefined;
    f.left -= 1;
    if (f.left <= 0) this.#queue.splice(i, 1);
    return f;
  }
}
