// describe / describeGlobal: enough of Salesforce's shape for jsforce (retrieve without
// `fields` describes first) and for an admin poking at the API.
import type { JsonRecord } from '../data/format.ts';
import type { FieldDef, ObjectDef, Schema } from '../schema/types.ts';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  currency: 'xsd:double',
  double: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

function urls(obj: ObjectDef, version: string): JsonRecord {
  const base = `/services/data/v${version}/sobjects/${obj.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function field(fd: FieldDef): JsonRecord {
  return {
    name: fd.name,
    label: fd.label,
    type: fd.type,
    soapType: SOAP_TYPES[fd.type] ?? 'xsd:string',
    length: fd.length ?? 0,
    custom: fd.custom,
    createable: fd.createable,
    updateable: fd.updateable,
    nillable: fd.nillable,
    filterable: fd.filterable,
    sortable: fd.filterable,
    externalId: fd.externalId ?? false,
    inlineHelpText: fd.inlineHelpText ?? null,
    calculated: false,
    defaultedOnCreate: fd.type === 'boolean',
    idLookup: fd.type === 'id',
    referenceTo: fd.referenceTo ? [fd.referenceTo] : [],
    relationshipName: fd.relationshipName ?? null,
    precision: fd.type === 'currency' ? 18 : 0,
    scale: fd.type === 'currency' ? 2 : 0,
    restrictedPicklist: fd.restrictedPicklist ?? false,
    picklistValues: (fd.picklist ?? []).map((value) => ({
      active: true,
      defaultValue: false,
      label: value,
      validFor: null,
      value,
    })),
  };
}

export function describeSummary(obj: ObjectDef, version: string): JsonRecord {
  return {
    name: obj.name,
    label: obj.label,
    labelPlural: `${obj.label}s`,
    keyPrefix: obj.keyPrefix,
    custom: obj.isEvent,
    customSetting: false,
    createable: true,
    updateable: !obj.isEvent,
    deletable: !obj.isEvent,
    queryable: !obj.isEvent,
    retrieveable: !obj.isEvent,
    searchable: !obj.isEvent,
    triggerable: true,
    layoutable: !obj.isEvent,
    replicateable: !obj.isEvent,
    undeletable: !obj.isEvent,
    urls: urls(obj, version),
  };
}

export function describe(obj: ObjectDef, version: string): JsonRecord {
  return {
    ...describeSummary(obj, version),
    fields: [...obj.fields.values()].map(field),
    childRelationships: obj.children.map((c) => ({
      childSObject: c.childSObject,
      field: c.field,
      relationshipName: c.relationshipName,
      cascadeDelete: true,
      deprecatedAndHidden: false,
    })),
    recordTypeInfos: [],
  };
}

export function describeGlobal(schema: Schema, version: string): JsonRecord {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: [...schema.objects.values()].map((obj) => describeSummary(obj, version)),
  };
}
