import { z } from 'zod';
import type { Ctx } from './api.ts';
import { noSuch } from './errors.ts';
import { type ListQuery, listOf } from './list.ts';
import { expand, listParams, parseParams } from './params.ts';
import { expand as expandJson, renderObject } from './render.ts';
import type { ApiObject, Json } from './store.ts';

/** The shapes every resource's routes share: retrieve with `expand`, list with filters, answer with `expand`. */

export const ExpandOnly = z.strictObject({ expand });

export function retrieve<T extends ApiObject>(c: Ctx, object: T['object'], kind: string): T {
  const id = c.ids[0] ?? '';
  const o = c.store.get<T>(id, object);
  if (!o) throw noSuch(kind, id);
  return o;
}

/** The object as answered, with the request's `expand[]` applied. */
export function answer(c: Ctx, o: ApiObject): Json {
  const raw = c.params.expand;
  const paths = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : undefined;
  return expandJson(c.store, renderObject(c.store, o, c.version), paths, c.version);
}

export function getRoute<T extends ApiObject>(object: T['object'], kind: string) {
  return (c: Ctx): Json => {
    parseParams(ExpandOnly, c.params);
    return answer(c, retrieve<T>(c, object, kind));
  };
}

export function listRoute<S extends z.ZodRawShape>(
  object: string,
  url: string,
  filters: S,
  keep: (o: ApiObject, p: z.infer<z.ZodObject<S>>) => boolean = () => true,
) {
  const schema = z.strictObject({ ...listParams, ...filters });
  return (c: Ctx): Json => {
    const p = parseParams(schema, c.params) as ListQuery & { expand?: string[] } & z.infer<z.ZodObject<S>>;
    const items = c.store.all<ApiObject>(object).filter((o) => keep(o, p));
    const list = listOf(c.store, items, p, url, (o) => renderObject(c.store, o, c.version), object);
    return expandJson(c.store, list, p.expand, c.version);
  };
}
