// Shapes shared by the schema, the record store, SOQL and the REST layer.

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'currency'
  | 'double'
  | 'percent'
  | 'int'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'url'
  | 'email'
  | 'phone';

export type Value = string | number | boolean | null;
export type SRecord = Record<string, Value>;

export type FieldDef = {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly length?: number;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly nillable: boolean;
  /** Insert fails with REQUIRED_FIELD_MISSING when absent. */
  readonly required?: boolean;
  readonly referenceTo?: string;
  readonly relationshipName?: string;
  readonly picklist?: readonly string[];
  readonly restrictedPicklist?: boolean;
  readonly custom: boolean;
  /** Long text areas cannot be used in WHERE (real SOQL rejects them). */
  readonly filterable: boolean;
  /** Left out of CDC payloads (SystemModstamp, IsDeleted, computed values). */
  readonly cdcExcluded?: boolean;
  readonly externalId?: boolean;
  /** The field's help text (metadata `inlineHelpText`), shown as a tooltip in Lightning. */
  readonly inlineHelpText?: string;
};

export type ChildRelationship = {
  readonly relationshipName: string;
  readonly childSObject: string;
  readonly field: string;
};

export type ObjectDef = {
  readonly name: string;
  readonly label: string;
  readonly keyPrefix: string;
  /** Keyed by lower-case name: SOQL and REST field names are case-insensitive. */
  readonly fields: Map<string, FieldDef>;
  readonly children: ChildRelationship[];
  readonly isEvent: boolean;
};

export type Schema = {
  readonly objects: Map<string, ObjectDef>;
  /** CDC entities selected by PlatformEventChannelMember metadata. */
  readonly cdcEntities: ReadonlySet<string>;
};

export function objectDef(schema: Schema, name: string): ObjectDef | undefined {
  return schema.objects.get(name.toLowerCase());
}

export function fieldDef(obj: ObjectDef, name: string): FieldDef | undefined {
  return obj.fields.get(name.toLowerCase());
}
