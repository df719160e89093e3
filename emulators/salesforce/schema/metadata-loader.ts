// Reads the SFDX source under salesforce/ so the emulator's custom fields, platform event and
// CDC selection come from the same files an admin deploys (one source of truth for names).
// The XML is simple and machine-written, so a few regexes are enough; no XML dependency.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldDef, FieldType } from './types.ts';

export type LoadedMetadata = {
  /** Custom fields per object API name (standard and custom objects alike). */
  fields: Map<string, FieldDef[]>;
  /** Custom objects whose object-meta.xml says they are platform events (`__e`). */
  events: string[];
  /** Entity names selected for CDC, e.g. "Opportunity" from OpportunityChangeEvent. */
  cdcEntities: string[];
};

export const DEFAULT_METADATA_DIR = new URL('../../../salesforce/force-app/main/default/', import.meta.url).pathname;

const TYPE_MAP: Record<string, FieldType> = {
  Text: 'string',
  LongTextArea: 'textarea',
  TextArea: 'textarea',
  Picklist: 'picklist',
  Currency: 'currency',
  Number: 'double',
  Percent: 'percent',
  Checkbox: 'boolean',
  Date: 'date',
  DateTime: 'datetime',
  Url: 'url',
  Email: 'email',
  Phone: 'phone',
  Lookup: 'reference',
};

const ENTITIES: Record<string, string> = { amp: '&', apos: "'", quot: '"', lt: '<', gt: '>' };

function tag(xml: string, name: string): string | undefined {
  const raw = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return raw?.replace(/&(amp|apos|quot|lt|gt);/g, (_m, e: string) => ENTITIES[e] ?? '');
}

export function parseCustomField(xml: string): FieldDef {
  const name = tag(xml, 'fullName');
  const rawType = tag(xml, 'type');
  const type = rawType === undefined ? undefined : TYPE_MAP[rawType];
  if (!name || !type) throw new Error(`unsupported custom field metadata: ${name ?? '?'} (${rawType ?? '?'})`);
  const valueSet = /<valueSetDefinition>([\s\S]*?)<\/valueSetDefinition>/.exec(xml)?.[1];
  const picklist = valueSet
    ? [...valueSet.matchAll(/<value>\s*<fullName>([^<]*)<\/fullName>/g)].map((m) => m[1] ?? '')
    : undefined;
  const length = tag(xml, 'length');
  const required = tag(xml, 'required') === 'true';
  // Url and Email fields have no <length> in metadata; Salesforce stores up to 255 and 80 chars.
  const maxLength = length ? Number(length) : type === 'url' ? 255 : type === 'email' ? 80 : undefined;
  const help = tag(xml, 'inlineHelpText');
  return {
    name,
    label: tag(xml, 'label') ?? name,
    type,
    custom: true,
    createable: true,
    updateable: true,
    nillable: !required && type !== 'boolean',
    required,
    ...(maxLength === undefined ? {} : { length: maxLength }),
    ...(picklist ? { picklist, restrictedPicklist: tag(xml, 'restricted') === 'true' } : {}),
    filterable: rawType !== 'LongTextArea',
    externalId: tag(xml, 'externalId') === 'true',
    ...(help === undefined ? {} : { inlineHelpText: help }),
  };
}

export function loadMetadata(dir: string = DEFAULT_METADATA_DIR): LoadedMetadata {
  const result: LoadedMetadata = { fields: new Map(), events: [], cdcEntities: [] };
  const objectsDir = join(dir, 'objects');
  if (!existsSync(objectsDir)) throw new Error(`Salesforce metadata not found at ${dir}`);
  for (const object of readdirSync(objectsDir)) {
    const objectFile = join(objectsDir, object, `${object}.object-meta.xml`);
    if (existsSync(objectFile) && tag(readFileSync(objectFile, 'utf8'), 'eventType')) result.events.push(object);
    const fieldsDir = join(objectsDir, object, 'fields');
    if (!existsSync(fieldsDir)) continue;
    const defs = readdirSync(fieldsDir)
      .filter((file) => file.endsWith('.field-meta.xml'))
      .sort()
      .map((file) => parseCustomField(readFileSync(join(fieldsDir, file), 'utf8')));
    result.fields.set(object, defs);
  }
  const membersDir = join(dir, 'platformEventChannelMembers');
  if (existsSync(membersDir)) {
    for (const file of readdirSync(membersDir)) {
      const entity = tag(readFileSync(join(membersDir, file), 'utf8'), 'selectedEntity');
      if (entity?.endsWith('ChangeEvent')) result.cdcEntities.push(entity.slice(0, -'ChangeEvent'.length));
    }
  }
  return result;
}
