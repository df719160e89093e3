import type { Node, Value } from './predicate.ts';

/**
 * Evaluates a parsed predicate against a resource's JSON. A field that is an array matches when any
 * element does (that is how `lineItems(variant(sku = "A"))` and `roles = "OrderExport"` work); a missing
 * field matches nothing, negations included.
 */

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function comparable(a: unknown, b: Value): [number | string | boolean, number | string | boolean] | undefined {
  if (typeof a === 'number') {
    const n = typeof b === 'number' ? b : typeof b === 'string' && b.trim() !== '' ? Number(b) : Number.NaN;
    return Number.isNaN(n) ? undefined : [a, n];
  }
  if (typeof a === 'string' && typeof b === 'string') {
    if (ISO.test(a) && ISO.test(b)) {
      const x = Date.parse(a);
      const y = Date.parse(b);
      if (!Number.isNaN(x) && !Number.isNaN(y)) return [x, y];
    }
    return [a, b];
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return [a, b];
  return undefined;
}

function compare(a: unknown, op: string, b: Value): boolean {
  const pair = comparable(a, b);
  if (!pair) return false;
  const [x, y] = pair;
  switch (op) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    default:
      return false;
  }
}

const fieldOf = (target: unknown, name: string): unknown =>
  typeof target === 'object' && target !== null && !Array.isArray(target)
    ? (target as Record<string, unknown>)[name]
    : undefined;

const anyOf = (v: unknown, test: (x: unknown) => boolean): boolean => (Array.isArray(v) ? v.some(test) : test(v));

export function matches(node: Node, target: unknown): boolean {
  switch (node.kind) {
    case 'and':
      return matches(node.left, target) && matches(node.right, target);
    case 'or':
      return matches(node.left, target) || matches(node.right, target);
    case 'not':
      return !matches(node.inner, target);
    case 'nested': {
      const v = fieldOf(target, node.field);
      return v !== undefined && anyOf(v, (el) => matches(node.inner, el));
    }
    case 'cmp': {
      const v = fieldOf(target, node.field);
      return v !== undefined && anyOf(v, (el) => compare(el, node.op, node.value));
    }
    case 'in': {
      const v = fieldOf(target, node.field);
      if (v === undefined) return false;
      const hit = anyOf(v, (el) => node.values.some((x) => compare(el, '=', x)));
      return node.negate ? !hit : hit;
    }
    case 'contains': {
      const v = fieldOf(target, node.field);
      if (!Array.isArray(v)) return false;
      const has = (x: Value): boolean => v.some((el) => compare(el, '=', x));
      return node.mode === 'all' ? node.values.every(has) : node.values.some(has);
    }
    case 'is': {
      const v = fieldOf(target, node.field);
      const yes =
        node.what === 'defined'
          ? v !== undefined && v !== null
          : Array.isArray(v)
            ? v.length === 0
            : v === undefined || v === '';
      return node.negate ? !yes : yes;
    }
  }
}
