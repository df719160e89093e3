/**
 * JSON shape comparison for fixture (contract) tests: the same keys, nesting and JSON types
 * (string, number, boolean, null, object, array) as an official example, values aside
 * (`../shared/fixtures/README.md`). Arrays: every element of the actual array must have the shape of
 * some element of the example, and an array is empty exactly when the example's is (an empty array
 * proves nothing about element shape).
 *
 * Documentation examples are trimmed, so a fixture test may allow named extra keys (documented
 * optional fields the emulator fills in that situation) and tolerate named missing keys (each with
 * the reason); both are listed by normalised path, `$.lineItems[].taxedPrice.totalTax`, so nothing
 * is ignored silently.
 */

export interface ShapeRules {
  /** Paths the actual JSON may have beyond the example. */
  extra?: Iterable<string>;
  /** Paths of the example the actual JSON may lack: path → why. */
  missing?: Record<string, string>;
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function diff(
  expected: unknown,
  actual: unknown,
  path: string,
  extra: Set<string>,
  missing: Record<string, string>,
): string[] {
  const et = jsonType(expected);
  const at = jsonType(actual);
  if (et !== at) return [`${path}: example ${et}, actual ${at}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if ((expected.length === 0) !== (actual.length === 0)) {
      return [`${path}: example has ${expected.length} elements, actual ${actual.length}`];
    }
    const out: string[] = [];
    for (const el of actual) {
      const tries = expected.map((e) => diff(e, el, `${path}[]`, extra, missing));
      if (!tries.some((d) => d.length === 0)) out.push(...(tries[0] ?? []));
    }
    return [...new Set(out)];
  }
  if (isObj(expected) && isObj(actual)) {
    const out: string[] = [];
    for (const k of Object.keys(expected)) {
      const p = `${path}.${k}`;
      if (!(k in actual)) {
        if (!(p in missing)) out.push(`${p}: missing`);
      } else out.push(...diff(expected[k], actual[k], p, extra, missing));
    }
    for (const k of Object.keys(actual)) {
      const p = `${path}.${k}`;
      if (!(k in expected) && !extra.has(p)) out.push(`${p}: not in the example`);
    }
    return out;
  }
  return [];
}

/** Differences between the example's shape and the actual JSON; empty when they agree. */
export function shapeDiff(expected: unknown, actual: unknown, rules: ShapeRules = {}): string[] {
  return diff(expected, actual, '$', new Set(rules.extra ?? []), rules.missing ?? {});
}

/** Allowed extras that did not occur: a stale allow-list hides nothing but is worth knowing about. */
export function unusedExtras(actual: unknown, extra: Iterable<string>): string[] {
  const seen = new Set<string>();
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) for (const el of v) walk(el, `${path}[]`);
    else if (isObj(v)) {
      for (const [k, child] of Object.entries(v)) {
        seen.add(`${path}.${k}`);
        walk(child, `${path}.${k}`);
      }
    }
  };
  walk(actual, '$');
  return [...extra].filter((p) => !seen.has(p));
}
