import { FortnoxError, KNOWN } from './errors.ts';
import { applyFields, given } from './fields.ts';
import { listResult } from './query.ts';
import type { ResourceDef } from './resource.ts';
import { type ApiResult, ok } from './resource.ts';
import type { Stored, Tenant } from './tenant.ts';
import { isRec, type Rec, str } from './values.ts';

/** The body must be `{"<Single>": {...}}`; anything else is Fortnox's 2001392. */
export function unwrap(def: { single: string }, body: unknown): Rec {
  const inner = isRec(body) ? body[def.single] : undefined;
  if (!isRec(inner)) throw new FortnoxError(400, KNOWN.noData.code, KNOWN.noData.message);
  return inner;
}

export function find(def: ResourceDef, t: Tenant, key: string): Rec {
  const rec = def.table(t).get(key);
  if (!rec) throw new FortnoxError(404, def.notFound.code, def.notFound.message);
  return rec;
}

/** The full object as answered: @url first, then the links, then the stored fields. */
export function full(def: ResourceDef, t: Tenant, rec: Rec, write = false): Rec {
  const key = str(rec[def.key]);
  const out: Rec = { '@url': t.env.url(`${def.path}/${encodeURIComponent(key)}`), ...def.links?.(t, key) };
  Object.assign(out, def.serialize ? def.serialize(rec, write) : rec);
  return out;
}

export function listItem(def: ResourceDef, t: Tenant, s: Stored): Rec {
  if (def.listItem) return def.listItem(s.rec, t);
  const out: Rec = { '@url': t.env.url(`${def.path}/${encodeURIComponent(str(s.rec[def.key]))}`) };
  for (const k of def.listKeys) out[k] = s.rec[k] ?? null;
  return out;
}

export function list(def: ResourceDef, t: Tenant, q: URLSearchParams): ApiResult {
  return listResult(def, t, q, (s) => listItem(def, t, s));
}

export function get(def: ResourceDef, t: Tenant, key: string): ApiResult {
  return ok({ [def.single]: full(def, t, find(def, t, key)) });
}

/** Stores `rec` after the resource's own rules ran; one place so every write is stamped. */
export function save(def: ResourceDef, t: Tenant, rec: Rec, created: boolean): void {
  def.table(t).put(str(rec[def.key]), rec, t.now());
  def.afterSave?.(t, rec, created);
}

export function create(def: ResourceDef, t: Tenant, body: unknown): ApiResult {
  const payload = unwrap(def, body);
  const rec = def.blank(t);
  applyFields(t.env, rec, payload, def.spec, [], true);
  for (const name of def.required ?? []) {
    if (!given(rec[name])) throw t.env.err('required', name);
  }
  const table = def.table(t);
  if (given(rec[def.key])) {
    if (table.has(str(rec[def.key]))) {
      throw def.path === 'customers'
        ? new FortnoxError(400, KNOWN.customerNumberUsed.code, `Kundnummer ${str(rec[def.key])} används redan.`)
        : t.env.err('duplicateNumber', str(rec[def.key]));
    }
  } else if (def.autoNumber) {
    rec[def.key] = table.nextNumber();
  } else {
    throw t.env.err('required', def.key);
  }
  def.beforeSave?.(t, rec, payload, true, undefined);
  save(def, t, rec, true);
  return ok({ [def.single]: full(def, t, rec, true) }, 201);
}

export function update(def: ResourceDef, t: Tenant, key: string, body: unknown): ApiResult {
  const previous = find(def, t, key);
  const payload = unwrap(def, body);
  const rec = structuredClone(previous);
  applyFields(t.env, rec, payload, def.spec, def.keyImmutable ? [def.key] : []);
  rec[def.key] = previous[def.key] ?? key; // the id in the path wins
  def.beforeSave?.(t, rec, payload, false, previous);
  save(def, t, rec, false);
  return ok({ [def.single]: full(def, t, rec, true) });
}

export function remove(def: ResourceDef, t: Tenant, key: string): ApiResult {
  find(def, t, key);
  def.table(t).delete(key);
  return { status: 204 };
}
