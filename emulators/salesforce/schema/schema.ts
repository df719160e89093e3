import { KEY_PREFIXES } from '../data/ids.ts';
import { f, ref } from './field-builder.ts';
import { loadMetadata } from './metadata-loader.ts';
import { STANDARD_OBJECTS } from './standard-objects.ts';
import type { FieldDef, ObjectDef, Schema } from './types.ts';

export type SchemaOptions = {
  /** SFDX `force-app/main/default` folder; defaults to the repo's salesforce/ metadata. */
  metadataDir?: string | undefined;
  /** Override the CDC selection from metadata (e.g. add OpportunityLineItem). */
  cdcEntities?: string[] | undefined;
};

function index(fields: FieldDef[]): Map<string, FieldDef> {
  return new Map(fields.map((fd) => [fd.name.toLowerCase(), fd]));
}

function prefixFor(name: string): string {
  // Every custom platform event gets its own e0x prefix in a real org; one is enough here.
  const prefix = (KEY_PREFIXES as Record<string, string>)[name] ?? (name.endsWith('__e') ? 'e00' : undefined);
  if (!prefix) throw new Error(`no key prefix known for ${name}`);
  return prefix;
}

/** Platform events expose only these standard fields besides their custom ones. */
function eventStandardFields(): FieldDef[] {
  return [
    f('ReplayId', 'string', { readonly: true }),
    f('EventUuid', 'string', { readonly: true }),
    f('CreatedDate', 'datetime', { readonly: true }),
    ref('CreatedById', 'User', { readonly: true }),
  ];
}

export function buildSchema(opts: SchemaOptions = {}): Schema {
  const metadata = loadMetadata(opts.metadataDir);
  const objects = new Map<string, ObjectDef>();
  for (const std of STANDARD_OBJECTS) {
    const custom = metadata.fields.get(std.name) ?? [];
    objects.set(std.name.toLowerCase(), {
      name: std.name,
      label: std.label,
      keyPrefix: prefixFor(std.name),
      fields: index([...std.fields, ...custom]),
      children: std.children,
      isEvent: false,
    });
  }
  for (const event of metadata.events) {
    const custom = metadata.fields.get(event) ?? [];
    objects.set(event.toLowerCase(), {
      name: event,
      label: event.replace(/__e$/, '').replace(/_/g, ' '),
      keyPrefix: prefixFor(event),
      fields: index([...eventStandardFields(), ...custom]),
      children: [],
      isEvent: true,
    });
  }
  return { objects, cdcEntities: new Set(opts.cdcEntities ?? metadata.cdcEntities) };
}
