import type { z } from 'zod';

/**
 * Settings forms rendered from zod schemas: the core's Fortnox settings and every adapter's
 * connection settings are edited the same way, with the labels the schemas carry (`.meta({ title })`)
 * and every bad value named. Supported shapes: string lists, enums and literal unions (a select),
 * booleans, numbers, optional text, and one level of nested objects (flattened to `parent.child`).
 */

export type FieldKind =
  | { kind: 'list' }
  | { kind: 'enum'; options: readonly string[]; numeric: boolean; labels?: Readonly<Record<string, string>> }
  | { kind: 'bool' }
  | { kind: 'number'; nullable: boolean }
  | { kind: 'text'; nullable: boolean };

export interface FormField {
  /** Path in the settings object ('wonStages', 'salesAccounts.EXPORT'). */
  path: string[];
  label: string;
  help: string | undefined;
  field: FieldKind;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
  entries?: Record<string, string>;
};
const def = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodType): { core: z.ZodType; nullable: boolean } {
  let current = schema;
  let nullable = false;
  for (;;) {
    const d = def(current);
    if (d.type === 'nullable') nullable = true;
    if ((d.type === 'default' || d.type === 'nullable' || d.type === 'optional') && d.innerType) current = d.innerType;
    else return { core: current, nullable };
  }
}

function kindOf(schema: z.ZodType): FieldKind | 'object' {
  const { core, nullable } = unwrap(schema);
  const d = def(core);
  switch (d.type) {
    case 'array':
      return { kind: 'list' };
    case 'enum':
      return { kind: 'enum', options: Object.values(d.entries ?? {}), numeric: false };
    case 'union': {
      const literals = (d.options ?? []).map((o) => def(o).values?.[0]);
      return { kind: 'enum', options: literals.map(String), numeric: literals.every((v) => typeof v === 'number') };
    }
    case 'boolean':
      return { kind: 'bool' };
    case 'number':
      return { kind: 'number', nullable };
    case 'object':
      return 'object';
    default:
      return { kind: 'text', nullable };
  }
}

/** `optionLabels` words an enum's values for people (`close_date` → "The deal's close date"). */
type Meta = { title?: string; description?: string; optionLabels?: Record<string, string> };
function metaOf(schema: z.ZodType): Meta {
  return (schema.meta() ?? {}) as Meta;
}

const withLabels = (kind: FieldKind | 'object', meta: Meta): FieldKind | 'object' =>
  kind !== 'object' && kind.kind === 'enum' && meta.optionLabels ? { ...kind, labels: meta.optionLabels } : kind;

export function formFields(schema: z.ZodObject): FormField[] {
  const out: FormField[] = [];
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const meta = metaOf(field);
    const kind = withLabels(kindOf(field), meta);
    if (kind === 'object') {
      const inner = unwrap(field).core as z.ZodObject;
      for (const [sub, subField] of Object.entries(inner.shape) as [string, z.ZodType][]) {
        const subKind = kindOf(subField);
        if (subKind === 'object') continue;
        out.push({ path: [key, sub], label: `${meta.title ?? key}: ${sub}`, help: meta.description, field: subKind });
      }
      continue;
    }
    out.push({ path: [key], label: meta.title ?? key, help: meta.description, field: kind });
  }
  return out;
}

/** A form value as the schema wants it. */
function coerce(field: FieldKind, raw: string[]): unknown {
  const last = (raw.at(-1) ?? '').trim();
  switch (field.kind) {
    case 'list':
      return last
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'bool':
      return raw.includes('true');
    case 'enum':
      return field.numeric ? Number(last) : last;
    case 'number':
      return last === '' && field.nullable ? null : Number(last);
    case 'text':
      return last === '' && field.nullable ? null : last;
  }
}

export interface ParsedForm {
  values: Record<string, unknown>;
  /** "Label: what is wrong", one per bad field. */
  problems: string[];
}

/**
 * Reads the fields present in `body` (named `prefix` + path), validates each with its own schema and
 * answers the partial settings object; fields absent from the body are left out (not reset).
 */
export function parseForm(
  schema: z.ZodObject,
  current: Record<string, unknown>,
  body: Record<string, unknown>,
  prefix = '',
): ParsedForm {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const f of formFields(schema)) {
    const raw = body[prefix + f.path.join('.')];
    if (raw === undefined) continue;
    const value = coerce(f.field, Array.isArray(raw) ? raw.map(String) : [String(raw)]);
    const [top, sub] = f.path as [string, string | undefined];
    if (sub === undefined) values[top] = value;
    else values[top] = { ...(current[top] as object), ...(values[top] as object), [sub]: value };
  }
  for (const [key, value] of Object.entries(values)) {
    const parsed = (schema.shape[key] as z.ZodType).safeParse(value);
    if (parsed.success) values[key] = parsed.data;
    else {
      const issue = parsed.error.issues[0];
      const sub = issue?.path[0];
      const label =
        // A list's issue path is an index, not a sub-field: its label is the list's own.
        formFields(schema).find((f) => f.path[0] === key && (f.path.length === 1 || f.path[1] === sub))?.label ?? key;
      problems.push(`${label}: ${issue?.message ?? 'invalid'}`);
    }
  }
  return { values, problems };
}
