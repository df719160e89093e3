import { randomBytes, randomUUID } from 'node:crypto';
import type { BusinessUnit, BusinessUnitKeyReference } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { buildCustom } from './custom-fields.ts';
import { AddressDraft, CustomFieldsDraft, Identifier } from './drafts.ts';
import { invalidInput } from './errors.ts';
import { type Actor, baseFields, parseBody, unknownAction } from './repo.ts';
import type { ResourceKind } from './resource-kind.ts';
import type { ProjectState } from './state.ts';

/**
 * B2B Business Units [CT types/business-unit/{BusinessUnit,CompanyDraft,DivisionDraft}.raml]: a
 * `Company` is its own top-level unit; a `Division` has a `parentUnit` and inherits the top-level
 * unit of its parent. Orders reference them by key. Messages: BusinessUnitCreated, …NameChanged,
 * …AddressAdded, …ContactEmailSet.
 */

const BusinessUnitDraft = z.object({
  key: z.string().min(2),
  unitType: z.enum(['Company', 'Division']),
  name: z.string().min(1),
  contactEmail: z.string().optional(),
  status: z.enum(['Active', 'Inactive']).optional(),
  stores: z.array(Identifier).optional(),
  storeMode: z.enum(['Explicit', 'FromParent']).optional(),
  associateMode: z.enum(['Explicit', 'ExplicitAndFromParent']).optional(),
  approvalRuleMode: z.enum(['Explicit', 'ExplicitAndFromParent']).optional(),
  addresses: z.array(AddressDraft).optional(),
  defaultBillingAddress: z.number().int().optional(),
  billingAddresses: z.array(z.number().int()).optional(),
  parentUnit: Identifier.optional(),
  custom: CustomFieldsDraft.optional(),
});
export type BusinessUnitDraft = z.infer<typeof BusinessUnitDraft>;

export function createBusinessUnit(p: ProjectState, d: BusinessUnitDraft, actor: Actor): BusinessUnit {
  const parent = d.parentUnit ? p.resolve(p.businessUnits, d.parentUnit) : undefined;
  if (d.unitType === 'Division' && !parent) throw invalidInput('A Division needs a parentUnit.');
  if (d.unitType === 'Company' && parent) throw invalidInput('A Company cannot have a parentUnit.');
  const addresses = (d.addresses ?? []).map((a) => ({ ...a, id: randomBytes(6).toString('base64url') }));
  const billing = (d.billingAddresses ?? []).concat(d.defaultBillingAddress ?? []).map((i) => {
    const a = addresses[i];
    if (!a) throw invalidInput(`The address index ${i} does not exist.`);
    return a.id;
  });
  const defaultBilling = d.defaultBillingAddress === undefined ? undefined : addresses[d.defaultBillingAddress]?.id;
  const topLevelUnit: BusinessUnitKeyReference = parent ? parent.topLevelUnit : { typeId: 'business-unit', key: d.key };
  const custom = buildCustom(p, 'business-unit', d.custom);
  const base = {
    id: randomUUID(),
    version: 1,
    key: d.key,
    status: d.status ?? 'Active',
    stores: (d.stores ?? []).map((s) => ({ typeId: 'store' as const, key: p.resolve(p.stores, s).key })),
    name: d.name,
    ...(d.contactEmail ? { contactEmail: d.contactEmail } : {}),
    addresses,
    shippingAddressIds: [],
    billingAddressIds: [...new Set(billing)],
    ...(defaultBilling ? { defaultBillingAddressId: defaultBilling } : {}),
    associates: [],
    inheritedAssociates: [],
    topLevelUnit,
    ...(custom ? { custom } : {}),
    ...baseFields(p.now(), actor),
  };
  if (d.unitType === 'Company') {
    return {
      ...base,
      unitType: 'Company',
      storeMode: 'Explicit',
      associateMode: 'Explicit',
      approvalRuleMode: 'Explicit',
    } as BusinessUnit;
  }
  return {
    ...base,
    unitType: 'Division',
    storeMode: d.storeMode ?? 'FromParent',
    associateMode: d.associateMode ?? 'ExplicitAndFromParent',
    approvalRuleMode: d.approvalRuleMode ?? 'ExplicitAndFromParent',
    parentUnit: { typeId: 'business-unit', key: (parent as BusinessUnit).key },
  } as BusinessUnit;
}

export const businessUnitKind: ResourceKind<BusinessUnit> = {
  path: 'business-units',
  repo: (x) => x.businessUnits,
  view: ['view_business_units'],
  manage: ['manage_business_units'],
  inStore: true,
  identifiers: ['key'],
  create: (ctx, body) => {
    const bu = createBusinessUnit(ctx.project, parseBody(BusinessUnitDraft, body), ctx.actor);
    return { resource: bu, messages: [{ type: 'BusinessUnitCreated', businessUnit: bu }] };
  },
  actions: (bu, action, ctx) => {
    const a = action as Record<string, unknown>;
    switch (action.action) {
      case 'changeName': {
        const name = parseBody(z.string().min(1), a.name, 'name');
        ctx.emit({ type: 'BusinessUnitNameChanged', name });
        return { ...bu, name };
      }
      case 'setContactEmail': {
        const { contactEmail: _old, ...rest } = bu;
        const email = typeof a.contactEmail === 'string' ? a.contactEmail : undefined;
        ctx.emit({ type: 'BusinessUnitContactEmailSet', ...(email ? { contactEmail: email } : {}) });
        return (email ? { ...rest, contactEmail: email } : rest) as BusinessUnit;
      }
      case 'addAddress': {
        const address = { ...parseBody(AddressDraft, a.address, 'address'), id: randomBytes(6).toString('base64url') };
        ctx.emit({ type: 'BusinessUnitAddressAdded', address });
        return { ...bu, addresses: [...bu.addresses, address] };
      }
      case 'changeStatus':
        return { ...bu, status: parseBody(z.enum(['Active', 'Inactive']), a.status, 'status') };
      default:
        throw unknownAction('business-unit', action.action);
    }
  },
  inStoreVisible: (bu, storeKey) => (bu.stores ?? []).some((s) => s.key === storeKey),
};
