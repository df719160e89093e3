/** JSON type names as the fidelity comparison sees them. */
export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Drift between the Jan 2023 and Dec 2024 recordings of the same API. The emulator answers like
 * Dec 2024; a 2023 recording tolerates exactly these differences (listed, not silently ignored).
 */
export const DRIFT_2023 = {
  /** Keys Fortnox added later: invoice rows' VATCode, articles' CommodityCode. */
  addedKeys: new Set(['VATCode', 'CommodityCode']),
  /** key → [type in 2023, type in 2024]. */
  retyped: new Map<string, [string, string]>([
    ['ContractReference', ['number', 'string']],
    ['StockWarning', ['number', 'null']],
  ]),
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Same keys and JSON types, recursively; each actual array element must match the shape of
 * some recorded element, and an array is empty exactly when the recorded one is.
 */
export function shapeDiff(recorded: unknown, actual: unknown, old: boolean, path = '$', key = ''): string[] {
  const rt = typeOf(recorded),
    at = typeOf(actual);
  if (rt !== at) {
    const drift = old ? DRIFT_2023.retyped.get(key) : undefined;
    return drift && drift[0] === rt && drift[1] === at ? [] : [`${path}: recorded ${rt}, emulator ${at}`];
  }
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    if ((recorded.length === 0) !== (actual.length === 0)) {
      return [`${path}: recorded ${recorded.length} elements, emulator ${actual.length}`];
    }
    const out: string[] = [];
    actual.forEach((el, i) => {
      const tries = recorded.map((r) => shapeDiff(r, el, old, `${path}[${i}]`, key));
      if (!tries.some((d) => d.length === 0)) out.push(...(tries[0] ?? []));
    });
    return out;
  }
  if (isObj(recorded) && isObj(actual)) {
    const out: string[] = [];
    for (const k of Object.keys(recorded)) {
      if (!(k in actual)) out.push(`${path}.${k}: missing in emulator`);
      else out.push(...shapeDiff(recorded[k], actual[k], old, `${path}.${k}`, k));
    }
    for (const k of Object.keys(actual)) {
      if (!(k in recorded) && !(old && DRIFT_2023.addedKeys.has(k))) out.push(`${path}.${k}: not in recording`);
    }
    return out;
  }
  return [];
}
