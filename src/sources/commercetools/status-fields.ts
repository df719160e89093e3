import type { Order, OrderUpdateAction, Type } from '@commercetools/platform-sdk';
import { stateLabel } from '../../core/sync-state.ts';
import type { DocumentOutcome, FieldValues } from '../source.ts';
import { type CtApi, ctCall, errorCodeOf, toCtError } from './client.ts';
import { literal, OBJECTS } from './ids.ts';

/**
 * What an order is told after an outcome. The Fortnox number always goes to `syncInfo` (the
 * idiomatic "exported to the ERP" marker); the Fortnox status and the plain-English problem go to
 * three String custom fields when the merchant names an order Type for them (`customTypeKey`):
 * created if missing, set on orders without a Type, and written as fields on orders whose Type
 * already defines them. An order with another Type lacking our fields is told so plainly.
 */

export const FIELDS = { number: 'fortnoxNumber', status: 'fortnoxStatus', error: 'fortnoxError' } as const;
const ERROR_MAX = 1000;

export function orderFields(outcome: DocumentOutcome): FieldValues | undefined {
  const { record } = outcome;
  if (record.source.object !== OBJECTS.order) return undefined;
  const error = record.errorMessage;
  return {
    [FIELDS.number]: record.fortnoxNumber,
    [FIELDS.status]: stateLabel(record.state) ?? record.state,
    [FIELDS.error]: error === null ? null : error.length <= ERROR_MAX ? error : `${error.slice(0, ERROR_MAX - 1)}…`,
  };
}

const types = new WeakMap<CtApi, Map<string, Promise<Type>>>();

async function ensureType(api: CtApi, key: string): Promise<Type> {
  const found = (
    await ctCall('finding the order type', () =>
      api
        .types()
        .get({ queryArgs: { where: `key = ${literal(key)}`, limit: 1 } })
        .execute(),
    )
  )?.results[0];
  if (found !== undefined) return found;
  const field = (name: string, label: string) => ({
    name,
    label: { en: label },
    required: false,
    type: { name: 'String' as const },
    inputHint: 'SingleLine' as const,
  });
  try {
    const body = {
      key,
      name: { en: 'Fortnox' },
      resourceTypeIds: ['order' as const],
      fieldDefinitions: [
        field(FIELDS.number, 'Fortnox number'),
        field(FIELDS.status, 'Fortnox status'),
        field(FIELDS.error, 'Fortnox problem'),
      ],
    };
    return (await api.types().post({ body }).execute()).body;
  } catch (error) {
    if (errorCodeOf(error) === 'DuplicateField') return ensureType(api, key);
    throw toCtError('creating the order type for the Fortnox status', error);
  }
}

export function statusType(api: CtApi, key: string): Promise<Type> {
  const byKey = types.get(api) ?? new Map<string, Promise<Type>>();
  types.set(api, byKey);
  let pending = byKey.get(key);
  if (pending === undefined) {
    pending = ensureType(api, key);
    pending.catch(() => byKey.delete(key));
    byKey.set(key, pending);
  }
  return pending;
}

/** The custom-field actions that bring the order's status fields to `fields` (none when equal). */
export function statusActions(order: Order, type: Type, fields: FieldValues): OrderUpdateAction[] {
  const wanted: Record<string, string | undefined> = {
    [FIELDS.number]: fields[FIELDS.number] === null ? undefined : String(fields[FIELDS.number] ?? ''),
    [FIELDS.status]: fields[FIELDS.status] === null ? undefined : String(fields[FIELDS.status] ?? ''),
    [FIELDS.error]: fields[FIELDS.error] === null ? undefined : String(fields[FIELDS.error] ?? ''),
  };
  for (const [k, v] of Object.entries(wanted)) if (v === '') wanted[k] = undefined;
  if (order.custom === undefined) {
    const set = Object.fromEntries(Object.entries(wanted).filter(([, v]) => v !== undefined));
    return [{ action: 'setCustomType', type: { typeId: 'type', id: type.id }, fields: set }];
  }
  const current = order.custom.fields as Record<string, unknown>;
  return Object.entries(wanted)
    .filter(([name, value]) => current[name] !== value)
    .map(([name, value]) =>
      value === undefined ? { action: 'setCustomField', name } : { action: 'setCustomField', name, value },
    );
}
