/**
 * Bracket-nested parameters as PHP (`$_GET`) and Rails/Stripe read them from a query string or a
 * form body: `items[0][price]=p&metadata[k]=v&status[]=a` → `{items:[{price:'p'}], metadata:{k:'v'},
 * status:['a']}`. WooCommerce filters and Stripe's form-encoded requests both arrive this way.
 *
 * Containers whose keys are all array indices (or `[]`) become arrays, ordered by index; a later
 * value for the same key replaces the earlier one (PHP and Stripe both keep the last).
 */
export type NestedValue = string | NestedValue[] | { [key: string]: NestedValue };

type Node = Map<string, Node | string>;

/** `a[b][0]` → ['a', 'b', '0']; `a[]` → ['a', '']; a key with unbalanced brackets stays whole. */
export function bracketPath(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return [key];
  const head = key.slice(0, open);
  const rest = key.slice(open);
  const parts: string[] = [];
  const re = /\[([^[\]]*)\]/gy;
  let consumed = 0;
  for (let m = re.exec(rest); m !== null; m = re.exec(rest)) {
    parts.push(m[1] ?? '');
    consumed = re.lastIndex;
  }
  return consumed === rest.length ? [head, ...parts] : [key];
}

function place(node: Node, path: string[], value: string): void {
  const [first, ...rest] = path;
  if (first === undefined) return;
  const key = first === '' ? String(node.size) : first;
  if (rest.length === 0) {
    node.set(key, value);
    return;
  }
  let child = node.get(key);
  if (typeof child !== 'object') {
    child = new Map();
    node.set(key, child);
  }
  place(child, rest, value);
}

function finish(node: Node): NestedValue {
  const keys = [...node.keys()];
  const isList = keys.length > 0 && keys.every((k) => /^(0|[1-9]\d{0,5})$/.test(k));
  const convert = (v: Node | string): NestedValue => (typeof v === 'string' ? v : finish(v));
  if (isList) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => convert(node.get(String(k)) as Node | string));
  }
  const out: { [key: string]: NestedValue } = {};
  for (const [k, v] of node) out[k] = convert(v);
  return out;
}

export function parseNestedParams(pairs: Iterable<[string, string]>): Record<string, NestedValue> {
  const root: Node = new Map();
  for (const [key, value] of pairs) place(root, bracketPath(key), value);
  const out: Record<string, NestedValue> = {};
  for (const [k, v] of root) out[k] = typeof v === 'string' ? v : finish(v);
  return out;
}

/** The same from a raw `a=1&b[c]=2` string (query string or form body). */
export function parseNestedQuery(raw: string): Record<string, NestedValue> {
  return parseNestedParams(new URLSearchParams(raw));
}
