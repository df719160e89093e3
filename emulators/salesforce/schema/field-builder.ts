import type { FieldDef, FieldType } from './types.ts';

type Opts = Partial<Omit<FieldDef, 'name' | 'type'>> & { readonly?: boolean };

/** One standard field; `readonly` fields are neither createable nor updateable. */
export function f(name: string, type: FieldType, opts: Opts = {}): FieldDef {
  const { readonly = false, ...rest } = opts;
  return {
    name,
    label: rest.label ?? name.replace(/([a-z])([A-Z])/g, '$1 $2'),
    type,
    createable: !readonly,
    updateable: !readonly,
    nillable: !rest.required && type !== 'boolean',
    custom: false,
    filterable: true,
    ...rest,
  };
}

/** A lookup: the id field plus the relationship name SOQL uses for parent fields. */
export function ref(name: string, to: string, opts: Opts = {}): FieldDef {
  return f(name, 'reference', {
    referenceTo: to,
    relationshipName: name.endsWith('Id') ? name.slice(0, -2) : name,
    ...opts,
  });
}

/** Fields every sObject carries; they are maintained by the store, never by callers. */
export function systemFields(withOwner: boolean): FieldDef[] {
  const fields = [
    f('Id', 'id', { readonly: true, nillable: false }),
    f('IsDeleted', 'boolean', { readonly: true, cdcExcluded: true }),
    f('CreatedDate', 'datetime', { readonly: true }),
    ref('CreatedById', 'User', { readonly: true }),
    f('LastModifiedDate', 'datetime', { readonly: true }),
    ref('LastModifiedById', 'User', { readonly: true }),
    f('SystemModstamp', 'datetime', { readonly: true, cdcExcluded: true }),
  ];
  if (withOwner) fields.push(ref('OwnerId', 'User', { createable: true, updateable: true }));
  return fields;
}

export function currencyIsoCode(): FieldDef {
  return f('CurrencyIsoCode', 'picklist', {
    picklist: ['SEK', 'EUR', 'USD', 'NOK', 'DKK', 'GBP'],
    restrictedPicklist: true,
    length: 3,
  });
}
