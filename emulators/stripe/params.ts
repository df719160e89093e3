import { z } from 'zod';
import { invalid, invalidInteger, missingParam, type StripeError, unknownParam } from './errors.ts';

/**
 * Stripe reads form-encoded parameters (`items[0][price]=…`) as strings and is strict about them:
 * an unknown parameter is `parameter_unknown`, a missing one `parameter_missing`, a bad integer
 * `parameter_invalid_integer`, each naming the parameter in bracket form. These schemas parse the
 * nested strings into typed values and turn zod's issues into those errors.
 */

export const int = z
  .string()
  .regex(/^-?\d+$/, { error: 'integer' })
  .transform(Number);
export const bool = z.enum(['true', 'false'], { error: 'boolean' }).transform((v) => v === 'true');
export const str = z.string();
export const id = z.string().min(1);
/** `expand[]=a&expand[]=b` (or one string). */
export const expand = z.union([z.array(z.string()), z.string().transform((s) => [s])]).optional();

/** Metadata: up to 50 keys (≤ 40 chars), values ≤ 500 chars; `''` clears all, `metadata[k]=` removes k. */
export const metadata = z
  .union([
    z.literal('').transform(() => null),
    z.record(z.string().max(40), z.string().max(500)).refine((m) => Object.keys(m).length <= 50, { error: 'metadata' }),
  ])
  .optional();

/** `created=123` or `created[gte]=123` … */
export const range = z
  .union([int, z.strictObject({ gt: int.optional(), gte: int.optional(), lt: int.optional(), lte: int.optional() })])
  .optional();

export const listParams = {
  limit: int.optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
  created: range,
  expand,
};

export const bracket = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (i === 0 ? String(p) : `[${String(p)}]`)).join('');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

export function toStripeError(error: z.ZodError, input: unknown): StripeError {
  // Stripe names an unknown parameter before anything missing or malformed.
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0];
  if (!issue) return invalid('Invalid request.');
  if (issue.code === 'unrecognized_keys') return unknownParam(bracket([...issue.path, issue.keys[0] ?? '']));
  const param = bracket(issue.path);
  const value = valueAt(input, issue.path);
  if (value === undefined) return missingParam(param);
  if (issue.message === 'integer') return invalidInteger(param, String(value));
  if (issue.message === 'boolean') return invalid(`Invalid boolean: ${String(value)}`, { param });
  if (issue.message === 'decimal') return invalid(`Invalid decimal: ${String(value)}`, { param });
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return invalid(`Invalid ${param}: must be one of ${issue.values.join(', ')}`, { param });
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') {
    return invalid(`Invalid object`, { param });
  }
  if (issue.code === 'invalid_type' && issue.expected === 'array') {
    return invalid(`Invalid array`, { param });
  }
  return invalid(`Invalid ${param}: ${issue.message}`, { param });
}

/** Parses parameters with a strict schema or throws the Stripe error for the first problem. */
export function parseParams<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw toStripeError(parsed.error, input);
}

/** Applies a metadata update: null clears, '' values remove keys, others set. */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | null | undefined) {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  return next;
}
