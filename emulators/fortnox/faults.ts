import { z } from 'zod';
import { type FailureBody, FaultSpec } from '../kit/index.ts';
import { FortnoxError, KNOWN } from './errors.ts';
import { fortnoxJson } from './values.ts';

/**
 * Faults are the kit's (`emulators/kit/faults.ts`); Fortnox names its scope by tenant: a fault with
 * `tenantId` only hits requests whose token belongs to that tenant (kit `scope` = String(tenantId)),
 * and its targets are `api` (/3/), `token` (/oauth-v1/token) or `any`. A status fault is one a
 * Fortnox client can meet: 500 (JSON), 502/503/504 from the gateway in front (HTML), or 400 (JSON): a
 * write Fortnox refuses without applying it (a locked period, a rule the emulator does not model).
 */
export const FortnoxFault = FaultSpec.extend({
  tenantId: z.number().int().optional(),
  status: z.union([z.literal(400), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(500),
  target: z.enum(['api', 'token', 'any']).default('api'),
}).transform(({ tenantId, ...f }) => ({
  ...f,
  scope: f.scope ?? (tenantId === undefined ? undefined : String(tenantId)),
}));
export type FaultInput = z.input<typeof FortnoxFault>;

const SERVER = { Server: 'Fortnox' };

/** [unverified] body of a Fortnox 5xx; 502–504 are usually the gateway's HTML page. A 400 is a refusal. */
export function fortnoxFailure(status: number): FailureBody {
  if (status === 400) {
    const e = new FortnoxError(400, KNOWN.invalidParam.code, KNOWN.invalidParam.message);
    return { status, contentType: 'application/json', body: fortnoxJson(e.body()), headers: SERVER };
  }
  if (status === 500) {
    const e = new FortnoxError(500, KNOWN.systemError.code, KNOWN.systemError.message);
    return { status, contentType: 'application/json', body: fortnoxJson(e.body()), headers: SERVER };
  }
  return {
    status,
    contentType: 'text/html',
    body: '<html><body><h1>Service Unavailable</h1></body></html>',
    headers: SERVER,
  };
}

export const rateLimited = (body: string): FailureBody => ({
  status: 429,
  contentType: 'application/json',
  body,
  headers: SERVER,
});
