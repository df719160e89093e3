import { randomUUID } from 'node:crypto';
import type { Channel, ChannelRoleEnum, State, Store, Type } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { AddressDraft, Identifier, LocalizedString } from './drafts.ts';
import { baseFields, parseBody, unknownAction } from './repo.ts';
import type { ResourceKind } from './resource-kind.ts';

/**
 * Channels, Stores, States and Types [CT types/{channel,store,state,type}/*.raml]: the reference data
 * orders point at. A Channel's `roles` decide what it may be used for (`updateSyncInfo` needs
 * `OrderExport` or `OrderImport`); a Store's `countries` limit where its carts may ship.
 */

const ChannelRole = z.enum(['InventorySupply', 'ProductDistribution', 'OrderExport', 'OrderImport', 'Primary']);

const ChannelDraft = z.object({
  key: z.string().min(2),
  roles: z.array(ChannelRole).optional(),
  name: LocalizedString.optional(),
  description: LocalizedString.optional(),
  address: AddressDraft.optional(),
});

export const channelKind: ResourceKind<Channel> = {
  path: 'channels',
  repo: (p) => p.channels,
  view: ['view_channels', 'view_products'],
  manage: ['manage_channels', 'manage_products'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(ChannelDraft, body);
    const channel: Channel = {
      id: randomUUID(),
      version: 1,
      key: d.key,
      roles: d.roles ?? ['InventorySupply'],
      ...(d.name ? { name: d.name } : {}),
      ...(d.description ? { description: d.description } : {}),
      ...(d.address ? { address: d.address } : {}),
      ...baseFields(ctx.now, ctx.actor),
    };
    return { resource: channel, messages: [] };
  },
  actions: (c, action) => {
    const roles = (): ChannelRoleEnum[] => parseBody(z.array(ChannelRole), action.roles, 'roles');
    switch (action.action) {
      case 'addRoles':
        return { ...c, roles: [...new Set([...c.roles, ...roles()])] };
      case 'removeRoles': {
        const gone = roles();
        return { ...c, roles: c.roles.filter((r) => !gone.includes(r)) };
      }
      case 'setRoles':
        return { ...c, roles: roles() };
      case 'changeName':
        return { ...c, name: parseBody(LocalizedString, action.name, 'name') };
      default:
        throw unknownAction('channel', action.action);
    }
  },
};

const StoreDraft = z.object({
  key: z.string().min(2),
  name: LocalizedString.optional(),
  languages: z.array(z.string()).optional(),
  countries: z.array(z.object({ code: z.string() })).optional(),
  distributionChannels: z.array(Identifier).optional(),
  supplyChannels: z.array(Identifier).optional(),
});

export const storeKind: ResourceKind<Store> = {
  path: 'stores',
  repo: (p) => p.stores,
  view: ['view_stores'],
  manage: ['manage_stores'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(StoreDraft, body);
    const ref = (i: Identifier) => ({
      typeId: 'channel' as const,
      id: ctx.project.resolve(ctx.project.channels, i).id,
    });
    const store: Store = {
      id: randomUUID(),
      version: 1,
      key: d.key,
      ...(d.name ? { name: d.name } : {}),
      languages: d.languages ?? [],
      countries: d.countries ?? [],
      distributionChannels: (d.distributionChannels ?? []).map(ref),
      supplyChannels: (d.supplyChannels ?? []).map(ref),
      productSelections: [],
      ...baseFields(ctx.now, ctx.actor),
    };
    return {
      resource: store,
      messages: [{ type: 'StoreCreated', name: store.name, languages: store.languages, countries: store.countries }],
    };
  },
  actions: (s, action) => {
    switch (action.action) {
      case 'setName':
        return { ...s, name: parseBody(LocalizedString, action.name, 'name') };
      case 'setCountries':
        return {
          ...s,
          countries: parseBody(z.array(z.object({ code: z.string() })), action.countries ?? [], 'countries'),
        };
      default:
        throw unknownAction('store', action.action);
    }
  },
};

const StateDraft = z.object({
  key: z.string().min(2),
  type: z.enum([
    'OrderState',
    'LineItemState',
    'ProductState',
    'ReviewState',
    'PaymentState',
    'QuoteRequestState',
    'StagedQuoteState',
    'QuoteState',
  ]),
  name: LocalizedString.optional(),
  initial: z.boolean().optional(),
  transitions: z.array(Identifier).optional(),
});

export const stateKind: ResourceKind<State> = {
  path: 'states',
  repo: (p) => p.states,
  view: ['view_states', 'view_orders', 'view_payments', 'view_products'],
  manage: ['manage_states'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(StateDraft, body);
    const state: State = {
      id: randomUUID(),
      version: 1,
      key: d.key,
      type: d.type,
      ...(d.name ? { name: d.name } : {}),
      initial: d.initial ?? true,
      builtIn: false,
      ...(d.transitions
        ? {
            transitions: d.transitions.map((t) => ({
              typeId: 'state' as const,
              id: ctx.project.resolve(ctx.project.states, t).id,
            })),
          }
        : {}),
      ...baseFields(ctx.now, ctx.actor),
    };
    return { resource: state, messages: [] };
  },
};

const FieldType = z.object({ name: z.string() }).loose();
const TypeDraft = z.object({
  key: z.string().min(2),
  name: LocalizedString,
  description: LocalizedString.optional(),
  resourceTypeIds: z.array(z.string()).min(1),
  fieldDefinitions: z
    .array(
      z.object({
        name: z.string(),
        type: FieldType,
        label: LocalizedString,
        required: z.boolean(),
        inputHint: z.enum(['SingleLine', 'MultiLine']).optional(),
      }),
    )
    .optional(),
});

export const typeKind: ResourceKind<Type> = {
  path: 'types',
  repo: (p) => p.types,
  view: ['view_types'],
  manage: ['manage_types'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(TypeDraft, body);
    const type = {
      id: randomUUID(),
      version: 1,
      key: d.key,
      name: d.name,
      ...(d.description ? { description: d.description } : {}),
      resourceTypeIds: d.resourceTypeIds,
      fieldDefinitions: d.fieldDefinitions ?? [],
      ...baseFields(ctx.now, ctx.actor),
    } as Type;
    return { resource: type, messages: [] };
  },
};
