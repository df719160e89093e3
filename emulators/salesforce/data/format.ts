// Records as the REST API prints them: `attributes` first, datetimes as
// 2026-11-22T10:15:00.000+0000 (Salesforce's format, not JavaScript's "Z").
import type { FieldDef, ObjectDef, SRecord, Value } from '../schema/types.ts';

export type JsonRecord = { [key: string]: unknown };

export function restValue(fd: FieldDef, value: Value): Value {
  if (fd.type === 'datetime' && typeof value === 'string') return value.replace(/Z$/, '+0000');
  return value;
}

export function attributes(type: string, id: Value, version: string): { type: string; url: string } {
  return { type, url: `/services/data/v${version}/sobjects/${type}/${String(id)}` };
}

export function restRecord(obj: ObjectDef, rec: SRecord, version: string, only?: readonly FieldDef[]): JsonRecord {
  const out: JsonRecord = { attributes: attributes(obj.name, rec.Id ?? null, version) };
  for (const fd of only ?? obj.fields.values()) out[fd.name] = restValue(fd, rec[fd.name] ?? null);
  return out;
}
