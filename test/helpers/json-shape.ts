/**
 * The fixture rule (`../shared/fixtures/README.md`): an emulator answers with the same JSON shape
 * as the documented example — the same keys, nesting and JSON types. Values may differ. Each
 * array element of the answer must have the shape of one of the example's elements (most examples
 * show one; commercetools' variant attributes show a text and an enum value side by side); when it
 * fits none, the differences from the first are reported. Deviations are never silent: a key the
 * emulator may leave out, or add, or a type two official examples disagree on, is listed by path
 * with the reason, e.g. `$.sales[].source.previousAccountId`.
 */

export interface ShapeAllowances {
  /** Paths the answer may lack (a conditional field), path → why. `$.a[]` allows an empty array. */
  optional?: Record<string, string>;
  /** Paths the answer may have beyond the example (schema fields with no example), path → why. */
  extra?: Record<string, string>;
  /** Paths whose JSON type may differ from the example's (official examples disagree), path → why. */
  retyped?: Record<string, string>;
  /** Each answer element is held against whichever example element it fits (the default; kept for callers that say so). */
  anyElement?: boolean;
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const isObject = (v: unknown): v is Record<string, unknown> => jsonType(v) === 'object';

function arrayDiff(expected: unknown[], actual: unknown[], allow: ShapeAllowances, path: string): string[] {
  const item = `${path}[]`;
  if (expected.length > 0 && actual.length === 0 && !(item in (allow.optional ?? {}))) {
    return [`${path}: empty, the example has elements`];
  }
  if (expected.length === 0) return actual.length === 0 ? [] : [`${path}: the example is empty, the answer is not`];
  return actual.flatMap((el) => {
    const tries = expected.map((model) => shapeDiff(model, el, allow, item));
    return tries.find((t) => t.length === 0) ?? tries[0] ?? [];
  });
}

/** Every difference in shape between the example and the answer, one line each; empty when they agree. */
export function shapeDiff(expected: unknown, actual: unknown, allow: ShapeAllowances = {}, path = '$'): string[] {
  const et = jsonType(expected);
  const at = jsonType(actual);
  if (et !== at) return path in (allow.retyped ?? {}) ? [] : [`${path}: the example has ${et}, the answer ${at}`];
  if (Array.isArray(expected) && Array.isArray(actual)) return arrayDiff(expected, actual, allow, path);
  if (isObject(expected) && isObject(actual)) {
    const out: string[] = [];
    for (const k of Object.keys(expected)) {
      const p = `${path}.${k}`;
      if (!(k in actual)) {
        if (!(p in (allow.optional ?? {}))) out.push(`${p}: missing in the answer`);
      } else out.push(...shapeDiff(expected[k], actual[k], allow, p));
    }
    for (const k of Object.keys(actual)) {
      const p = `${path}.${k}`;
      if (!(k in expected) && !(p in (allow.extra ?? {}))) out.push(`${p}: not in the example`);
    }
    return out;
  }
  return [];
}

/** Allowed extras that never occur in `actual`: a stale allowance hides nothing but should go. */
export function unusedExtras(actual: unknown, allow: ShapeAllowances): string[] {
  const seen = new Set<string>();
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) for (const el of v) walk(el, `${path}[]`);
    else if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        seen.add(`${path}.${k}`);
        walk(child, `${path}.${k}`);
      }
    }
  };
  walk(actual, '$');
  return Object.keys(allow.extra ?? {}).filter((p) => !seen.has(p));
}
