import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Customer } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { buildCustom, setCustomField, setCustomType } from './custom-fields.ts';
import { AddressDraft, CustomFieldsDraft, Identifier } from './drafts.ts';
import { duplicateField, invalidInput, invalidOperation, requiredField } from './errors.ts';
import { type ActionHandler, type Actor, baseFields, parseBody, unknownAction } from './repo.ts';
import type { ResourceKind } from './resource-kind.ts';
import type { ProjectState } from './state.ts';

/**
 * Customers [CT types/customer/{Customer,CustomerDraft,CustomerSignInResult}.raml]: e-mail unique in
 * the project (case-insensitive), a password required unless `authenticationMode` is `ExternalAuth`,
 * shown only masked (`****` + the hash's tail, as in examples/customer.example.json) and kept only
 * as a salted hash. Creating answers `{customer}` (a CustomerSignInResult), not a bare Customer.
 * A customer with no `stores` is global and reachable from every store's routes.
 */

export type StoredCustomer = Customer & { passwordHash?: string };

export const CustomerDraft = z.object({
  email: z.string().min(1),
  password: z.string().optional(),
  key: z.string().optional(),
  customerNumber: z.string().optional(),
  externalId: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  companyName: z.string().optional(),
  vatId: z.string().optional(),
  addresses: z.array(AddressDraft).optional(),
  defaultShippingAddress: z.number().int().optional(),
  defaultBillingAddress: z.number().int().optional(),
  shippingAddresses: z.array(z.number().int()).optional(),
  billingAddresses: z.array(z.number().int()).optional(),
  isEmailVerified: z.boolean().optional(),
  stores: z.array(Identifier).optional(),
  locale: z.string().optional(),
  authenticationMode: z.enum(['Password', 'ExternalAuth']).optional(),
  custom: CustomFieldsDraft.optional(),
});
export type CustomerDraft = z.infer<typeof CustomerDraft>;

const hashPassword = (password: string): string => {
  const salt = randomBytes(8);
  return Buffer.concat([salt, createHash('sha256').update(salt).update(password).digest()]).toString('base64');
};

const addressId = (): string => randomBytes(6).toString('base64url');

export function createCustomer(p: ProjectState, d: CustomerDraft, actor: Actor, storeKey?: string): StoredCustomer {
  const mode = d.authenticationMode ?? 'Password';
  if (mode === 'Password' && !d.password) throw requiredField('password');
  if (p.customers.find((c) => c.email.toLowerCase() === d.email.toLowerCase())) throw duplicateField('email', d.email);
  if (d.customerNumber && p.customers.find((c) => c.customerNumber === d.customerNumber)) {
    throw duplicateField('customerNumber', d.customerNumber);
  }
  const addresses = (d.addresses ?? []).map((a) => ({ ...a, id: a.id ?? addressId() }));
  const at = (i: number | undefined): string | undefined => {
    if (i === undefined) return undefined;
    const found = addresses[i];
    if (!found) throw invalidInput(`The address index ${i} does not exist.`);
    return found.id;
  };
  const storeRefs = storeKey !== undefined ? [{ key: storeKey }] : (d.stores ?? []);
  const stores = storeRefs.map((s) => ({ typeId: 'store' as const, key: p.resolve(p.stores, s).key }));
  const custom = buildCustom(p, 'customer', d.custom);
  const defaultShipping = at(d.defaultShippingAddress);
  const defaultBilling = at(d.defaultBillingAddress);
  return {
    id: randomUUID(),
    version: 1,
    ...(d.key ? { key: d.key } : {}),
    ...(d.customerNumber ? { customerNumber: d.customerNumber } : {}),
    ...(d.externalId ? { externalId: d.externalId } : {}),
    email: d.email,
    ...(d.firstName ? { firstName: d.firstName } : {}),
    ...(d.lastName ? { lastName: d.lastName } : {}),
    ...(d.companyName ? { companyName: d.companyName } : {}),
    ...(d.vatId ? { vatId: d.vatId } : {}),
    addresses,
    ...(defaultShipping ? { defaultShippingAddressId: defaultShipping } : {}),
    shippingAddressIds: [
      ...new Set([
        ...(d.shippingAddresses ?? []).map((i) => at(i) as string),
        ...(defaultShipping ? [defaultShipping] : []),
      ]),
    ],
    ...(defaultBilling ? { defaultBillingAddressId: defaultBilling } : {}),
    billingAddressIds: [
      ...new Set([
        ...(d.billingAddresses ?? []).map((i) => at(i) as string),
        ...(defaultBilling ? [defaultBilling] : []),
      ]),
    ],
    isEmailVerified: d.isEmailVerified ?? false,
    customerGroupAssignments: [],
    ...(d.locale ? { locale: d.locale } : {}),
    stores,
    authenticationMode: mode,
    ...(custom ? { custom } : {}),
    ...(d.password ? { passwordHash: hashPassword(d.password) } : {}),
    ...baseFields(p.now(), actor),
  };
}

export function presentCustomer(c: StoredCustomer): Customer {
  const { passwordHash, ...rest } = c;
  return passwordHash ? { ...rest, password: `****${passwordHash.slice(-4)}` } : rest;
}

const customerActions =
  (p: ProjectState): ActionHandler<StoredCustomer> =>
  (c, action, ctx) => {
    const a = action as Record<string, unknown>;
    const text = (field: string): string | undefined =>
      typeof a[field] === 'string' ? (a[field] as string) : undefined;
    const set = (field: keyof Customer, value: string | undefined, message?: string): StoredCustomer => {
      if (message) ctx.emit({ type: message, ...(value === undefined ? {} : { [field]: value }) });
      const { [field]: _old, ...rest } = c;
      return (value === undefined ? rest : { ...rest, [field]: value }) as StoredCustomer;
    };
    switch (action.action) {
      case 'setFirstName':
        return set('firstName', text('firstName'), 'CustomerFirstNameSet');
      case 'setLastName':
        return set('lastName', text('lastName'), 'CustomerLastNameSet');
      case 'setCompanyName':
        return set('companyName', text('companyName'), 'CustomerCompanyNameSet');
      case 'setVatId':
        return set('vatId', text('vatId'));
      case 'setExternalId':
        return set('externalId', text('externalId'), 'CustomerExternalIdSet');
      case 'setKey':
        return set('key', text('key'));
      case 'setCustomerNumber':
        if (c.customerNumber) throw invalidOperation('The customerNumber is already set and cannot be changed.');
        return set('customerNumber', text('customerNumber'));
      case 'changeEmail': {
        const email = parseBody(z.string().min(1), a.email, 'email');
        if (p.customers.find((x) => x.id !== c.id && x.email.toLowerCase() === email.toLowerCase()))
          throw duplicateField('email', email);
        ctx.emit({ type: 'CustomerEmailChanged', email });
        return { ...c, email, isEmailVerified: false };
      }
      case 'addAddress': {
        const address = { ...parseBody(AddressDraft, a.address, 'address'), id: addressId() };
        ctx.emit({ type: 'CustomerAddressAdded', address });
        return { ...c, addresses: [...c.addresses, address] };
      }
      case 'setDefaultBillingAddress':
      case 'setDefaultShippingAddress': {
        const billing = action.action === 'setDefaultBillingAddress';
        const id = text('addressId') ?? c.addresses.find((x) => x.key === a.addressKey)?.id;
        if (!c.addresses.some((x) => x.id === id))
          throw invalidInput(`The address '${String(a.addressId ?? a.addressKey)}' does not exist.`);
        const ids = billing ? c.billingAddressIds : c.shippingAddressIds;
        const next = { ...(billing ? { defaultBillingAddressId: id } : { defaultShippingAddressId: id }) };
        return {
          ...c,
          ...next,
          ...(billing
            ? { billingAddressIds: [...new Set([...ids, id as string])] }
            : { shippingAddressIds: [...new Set([...ids, id as string])] }),
        };
      }
      case 'setCustomType': {
        const custom = setCustomType(p, 'customer', a as { type?: z.infer<typeof Identifier> });
        const { custom: _old, ...rest } = c;
        return custom ? { ...rest, custom } : rest;
      }
      case 'setCustomField': {
        const done = setCustomField(p, c.custom, String(a.name), a.value, 'Customer');
        if (done.message) ctx.emit(done.message);
        return { ...c, custom: done.custom };
      }
      default:
        throw unknownAction('customer', action.action);
    }
  };

export const customerKind = (p: ProjectState): ResourceKind<StoredCustomer> => ({
  path: 'customers',
  repo: (x) => x.customers,
  view: ['view_customers'],
  manage: ['manage_customers'],
  inStore: true,
  identifiers: ['key'],
  create: (ctx, body) => {
    const customer = createCustomer(ctx.project, parseBody(CustomerDraft, body), ctx.actor, ctx.storeKey);
    return {
      resource: customer,
      messages: [{ type: 'CustomerCreated', customer: presentCustomer(customer) }],
      answer: { customer: presentCustomer(customer) },
    };
  },
  actions: customerActions(p),
  inStoreVisible: (c, storeKey) => c.stores.length === 0 || c.stores.some((s) => s.key === storeKey),
  present: presentCustomer,
  deleted: () => [{ type: 'CustomerDeleted' }],
});
