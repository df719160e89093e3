/**
 * The fixtures rule (`../shared/fixtures/README.md`): an emulator answers with the same keys, nesting
 * and JSON types as the documented example; values may differ. `shapeDiff` lists every difference as
 * `path: why`, so a failing fidelity test says exactly what drifted.
 *
 * Arrays: each element the emulator gives must have the shape of some element of the example (lists
 * mix shapes: an order with refunds beside one without), and an array is empty exactly when the
 * example's is. Paths name array elements `[]`, e.g. `$.line_items[].taxes[].total`.
 *
 * `nullable` lists paths where either side may be `null` (a field the official SDK types as
 * `T | null` whose example value is a generator placeholder, or a state the equivalent request
 * cannot reach); each use must say why in the test. `extraKeys` lists paths the emulator may add;
 * `emptyOk` arrays the equivalent state leaves empty where the example has elements (or the reverse).
 */
export interface ShapeOptions {
  nullable?: readonly string[];
  extraKeys?: readonly string[];
  emptyOk?: readonly string[];
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function diff(expected: unknown, actual: unknown, path: string, o: ShapeOptions): string[] {
  const et = jsonType(expected);
  const at = jsonType(actual);
  if ((et === 'null' || at === 'null') && o.nullable?.includes(path)) return [];
  if (et !== at) return [`${path}: example ${et}, emulator ${at}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if ((expected.length === 0) !== (actual.length === 0)) {
      if (o.emptyOk?.includes(path)) return [];
      return [`${path}: example has ${expected.length} elements, emulator ${actual.length}`];
    }
    const out: string[] = [];
    for (const el of actual) {
      const tries = expected.map((e) => diff(e, el, `${path}[]`, o));
      if (!tries.some((d) => d.length === 0)) {
        const closest = tries.reduce((a, b) => (b.length < a.length ? b : a), tries[0] ?? []);
        out.push(...closest);
      }
    }
    return [...new Set(out)];
  }
  if (isObject(expected) && isObject(actual)) {
    const out: string[] = [];
    for (const k of Object.keys(expected)) {
      if (!(k in actual)) out.push(`${path}.${k}: missing in emulator`);
      else out.push(...diff(expected[k], actual[k], `${path}.${k}`, o));
    }
    for (const k of Object.keys(actual)) {
      if (!(k in expected) && !o.extraKeys?.includes(`${path}.${k}`)) out.push(`${path}.${k}: not in example`);
    }
    return out;
  }
  return [];
}

export function shapeDiff(expected: unknown, actual: unknown, options: ShapeOptions = {}): string[] {
  return diff(expected, actual, '$', options);
}
