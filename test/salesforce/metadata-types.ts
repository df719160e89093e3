// The Metadata API's own type definitions, as published by Salesforce in @salesforce/types
// (generated from its metadata WSDL), read into a map: type → field → the type of that field.
// With it a test can tell whether an XML element is a field Salesforce knows, with no WSDL and no org.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const DEFINITIONS = new URL('../../node_modules/@salesforce/types/lib/metadata.d.ts', import.meta.url);

/** Metadata type → its fields (inherited ones included) → the field's type, without `[]`. */
export type MetadataTypes = Map<string, Map<string, string>>;

type Declared = { bases: string[]; fields: Map<string, string> };

function elementTypeName(node: ts.TypeNode, source: ts.SourceFile): string {
  return ts.isArrayTypeNode(node) ? elementTypeName(node.elementType, source) : node.getText(source);
}

function declarations(source: ts.SourceFile): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  for (const statement of source.statements) {
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    // `export type FlowRecordCreate = FlowNode & { … }`: bases by name, fields from the literal.
    const parts = ts.isIntersectionTypeNode(statement.type) ? statement.type.types : [statement.type];
    const entry: Declared = { bases: [], fields: new Map() };
    for (const part of parts) {
      if (ts.isTypeReferenceNode(part)) entry.bases.push(part.typeName.getText(source));
      if (!ts.isTypeLiteralNode(part)) continue;
      for (const member of part.members) {
        if (ts.isPropertySignature(member) && member.type && ts.isIdentifier(member.name)) {
          entry.fields.set(member.name.text, elementTypeName(member.type, source));
        }
      }
    }
    if (entry.fields.size > 0) declared.set(statement.name.text, entry);
  }
  return declared;
}

export function loadMetadataTypes(): MetadataTypes {
  const text = readFileSync(DEFINITIONS, 'utf8');
  const declared = declarations(ts.createSourceFile('metadata.d.ts', text, ts.ScriptTarget.Latest));
  const resolved: MetadataTypes = new Map();
  const resolve = (name: string): Map<string, string> => {
    const done = resolved.get(name);
    if (done) return done;
    const entry = declared.get(name);
    const fields = new Map<string, string>();
    for (const base of entry?.bases ?? []) for (const [field, type] of resolve(base)) fields.set(field, type);
    for (const [field, type] of entry?.fields ?? []) fields.set(field, type);
    resolved.set(name, fields);
    return fields;
  };
  for (const name of declared.keys()) resolve(name);
  return resolved;
}

/** Elements of a parsed XML value that are not fields of `type`, as paths; nested types are followed. */
export function unknownElements(types: MetadataTypes, type: string, value: unknown, path: string): string[] {
  const fields = types.get(type);
  if (!fields || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item) => unknownElements(types, type, item, path));
  return Object.entries(value).flatMap(([element, child]) => {
    const fieldType = fields.get(element);
    if (fieldType === undefined) return [`${path}/${element} (not a field of ${type})`];
    return unknownElements(types, fieldType, child, `${path}/${element}`);
  });
}
