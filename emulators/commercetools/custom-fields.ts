import type { CustomFields } from '@commercetools/platform-sdk';
import type { CustomFieldsDraft, Identifier } from './drafts.ts';
import { invalidInput, invalidOperation, requiredField } from './errors.ts';
import type { ResourceMessage } from './repo.ts';
import type { ProjectState } from './state.ts';

/**
 * Custom Fields [CT types/type/{Type,CustomFields,FieldDefinition}.raml]: a resource gets a Type
 * (`custom.type`) that must be meant for its resource type id and defines every field it holds.
 * `setCustomField` on a resource without a Type, or with a field the Type does not define, fails;
 * removing a field that is not there is an InvalidOperation [OrderSetCustomFieldAction.raml].
 */

export function buildCustom(
  p: ProjectState,
  resourceTypeId: string,
  draft: CustomFieldsDraft | undefined,
): CustomFields | undefined {
  if (!draft) return undefined;
  const type = p.resolve(p.types, draft.type);
  if (!type.resourceTypeIds.includes(resourceTypeId as never)) {
    throw invalidInput(`The type with key '${type.key}' does not have the resource type id '${resourceTypeId}'.`);
  }
  const fields = { ...(draft.fields ?? {}) };
  for (const name of Object.keys(fields)) {
    if (!type.fieldDefinitions.some((f) => f.name === name)) {
      throw invalidInput(`The field '${name}' is not defined in type '${type.key}'.`);
    }
  }
  for (const def of type.fieldDefinitions)
    if (def.required && fields[def.name] === undefined) throw requiredField(def.name);
  return { type: { typeId: 'type', id: type.id }, fields };
}

/** `setCustomType`: replaces the Type and its fields (absent type removes both). */
export function setCustomType(
  p: ProjectState,
  resourceTypeId: string,
  action: { type?: Identifier; fields?: Record<string, unknown> },
): CustomFields | undefined {
  if (!action.type) return undefined;
  return buildCustom(p, resourceTypeId, { type: action.type, fields: action.fields });
}

/**
 * `setCustomField`: the new `custom` and the message kind the change produces (the `…CustomFieldAdded`,
 * `…Changed` or `…Removed` message of the resource, where one exists).
 */
export function setCustomField(
  p: ProjectState,
  current: CustomFields | undefined,
  name: string,
  value: unknown,
  messagePrefix: string | undefined,
): { custom: CustomFields; message?: ResourceMessage } {
  if (!current) throw invalidOperation('This resource has no custom type: set one with setCustomType first.');
  const type = p.types.get(current.type.id);
  if (!type?.fieldDefinitions.some((f) => f.name === name)) {
    throw invalidInput(`The field '${name}' is not defined in type '${type?.key ?? current.type.id}'.`);
  }
  const fields = { ...current.fields };
  const previous = fields[name];
  if (value === undefined || value === null) {
    if (previous === undefined) throw invalidOperation(`The field '${name}' does not exist and cannot be removed.`);
    delete fields[name];
    return {
      custom: { ...current, fields },
      ...(messagePrefix ? { message: { type: `${messagePrefix}CustomFieldRemoved`, name } } : {}),
    };
  }
  fields[name] = value;
  const custom = { ...current, fields };
  if (!messagePrefix) return { custom };
  return {
    custom,
    message:
      previous === undefined
        ? { type: `${messagePrefix}CustomFieldAdded`, name, value }
        : { type: `${messagePrefix}CustomFieldChanged`, name, value, previousValue: previous },
  };
}
