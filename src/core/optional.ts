/**
 * Optional fields under `exactOptionalPropertyTypes`: a field that is absent must be left out, not
 * set to undefined (Fortnox, Salesforce and the shops all tell "missing" from "null" apart, and the
 * compiler holds us to it). `defined({ a, b })` keeps the fields that have a value, so
 *
 *   { ...defined({ productCode: line.sku, unit }) }
 *
 * replaces one `...(x === undefined ? {} : { x })` per field. Only `undefined` is dropped: `null` is
 * a value the receiving API is meant to see (it clears a field).
 */

export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

export function defined<T extends object>(fields: T): Defined<T> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) kept[key] = value;
  return kept as Defined<T>;
}
