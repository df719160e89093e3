/**
 * Drops the keys whose value is `undefined`. zod parses an absent optional field as `T | undefined`,
 * while an optional property under `exactOptionalPropertyTypes` must be absent, not undefined: this
 * turns the one into the other at the boundary, with the type to match.
 */
export type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

export function compact<T extends object>(value: T): Compact<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Compact<T>;
}
