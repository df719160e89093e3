import type { ProjectState } from './state.ts';

/**
 * Reference Expansion [https://docs.commercetools.com/api/general-concepts#reference-expansion]:
 * `expand=paymentInfo.payments[*]` adds `obj` (the referenced resource) to each reference on that
 * path. Only id references expand (key references such as `store` do not); unknown paths and
 * references to deleted resources are left as they are, as the API does.
 */

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function expandAt(
  p: ProjectState,
  value: unknown,
  steps: readonly string[],
  present: (typeId: string, r: unknown) => unknown,
): unknown {
  if (steps.length === 0) {
    if (!isObj(value) || typeof value.typeId !== 'string' || typeof value.id !== 'string') return value;
    const target = p.repo(value.typeId)?.get(value.id);
    return target ? { ...value, obj: present(value.typeId, target) } : value;
  }
  const [step, ...rest] = steps as [string, ...string[]];
  const all = step.endsWith('[*]');
  const name = all ? step.slice(0, -3) : step;
  if (!isObj(value) || !(name in value)) return value;
  const child = value[name];
  const next =
    all && Array.isArray(child) ? child.map((c) => expandAt(p, c, rest, present)) : expandAt(p, child, rest, present);
  return { ...value, [name]: next };
}

export function expand(
  p: ProjectState,
  resource: unknown,
  paths: readonly string[],
  present: (typeId: string, r: unknown) => unknown,
): unknown {
  let out = resource;
  for (const path of paths) out = expandAt(p, out, path.split('.').filter(Boolean), present);
  return out;
}
