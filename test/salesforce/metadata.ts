// Reads the SFDX source under salesforce/ the way the tests need it: file lists and parsed XML.
// Only the tags a test looks at are given a shape (zod), so a change elsewhere in a file never
// breaks a test that does not care about it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

export const SALESFORCE_DIR = new URL('../../salesforce/', import.meta.url).pathname;
export const DEFAULT_DIR = join(SALESFORCE_DIR, 'force-app/main/default');
export const JWT_APP_DIR = join(SALESFORCE_DIR, 'jwt-app/main/default');
export const LWC_DIR = join(DEFAULT_DIR, 'lwc/fortnoxInvoice');

const project = z.object({
  packageDirectories: z.array(z.object({ path: z.string() })).min(1),
  sourceApiVersion: z.string(),
});

export const sfdxProject = project.parse(JSON.parse(readFileSync(join(SALESFORCE_DIR, 'sfdx-project.json'), 'utf8')));

/** Tags that may repeat (by path); the parser returns them as arrays even when a file has only one. */
const REPEATED = new Set([
  'CustomField.valueSet.valueSetDefinition.value',
  'CustomLabels.labels',
  'Translations.customLabels',
  'PermissionSet.fieldPermissions',
  'PermissionSet.objectPermissions',
  'PermissionSet.flowAccesses',
  'Flow.variables',
  'Flow.recordCreates',
  'Flow.recordCreates.inputAssignments',
  'ListView.filters',
  'ListView.columns',
  'CompactLayout.fields',
  'LightningComponentBundle.targetConfigs.targetConfig.objects.object',
  'Package.types',
  'Package.types.members',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (_name, path) => typeof path === 'string' && REPEATED.has(path),
});

export function readXml<T>(file: string, shape: z.ZodType<T>): T {
  return shape.parse(parser.parse(readFileSync(file, 'utf8')));
}

/** Every file under dir (recursively), as paths relative to dir. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

const customField = z.object({
  CustomField: z.object({
    fullName: z.string(),
    type: z.string(),
    length: z.string().optional(),
    precision: z.string().optional(),
    scale: z.string().optional(),
    valueSet: z
      .object({
        restricted: z.string().optional(),
        valueSetDefinition: z.object({ value: z.array(z.object({ fullName: z.string() })) }),
      })
      .optional(),
  }),
});

export type FieldShape = {
  type: string;
  length?: string;
  precision?: string;
  scale?: string;
  picklist?: string[];
};

/** The custom fields of one object in salesforce/, by API name. */
export function fieldsOf(object: string): Map<string, FieldShape> {
  const dir = join(DEFAULT_DIR, 'objects', object, 'fields');
  const result = new Map<string, FieldShape>();
  for (const file of filesUnder(dir)) {
    const { fullName, type, length, precision, scale, valueSet } = readXml(join(dir, file), customField).CustomField;
    const picklist = valueSet?.valueSetDefinition.value.map((value) => value.fullName);
    result.set(fullName, { type, length, precision, scale, ...(picklist ? { picklist } : {}) });
  }
  return result;
}
