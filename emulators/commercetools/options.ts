import type { ApiClient } from './oauth.ts';
import type { Limits } from './query.ts';

/**
 * Everything configurable, with the documented defaults; the behaviours the reference marks
 * UNVERIFIED are `quirks` so a test can flip them (README, "Unverified").
 */

export interface Quirks {
  /** `GET /messages` while querying is disabled: an error (default) or an empty page. */
  messagesWhenDisabled: 'error' | 'empty';
  /** Whether messages created while disabled become queryable once enabled (default: no). */
  keepMessagesWhileDisabled: boolean;
  /** Status of the "messages disabled" error (400 InvalidOperation by default). */
  messagesDisabledStatus: number;
}

export interface CommercetoolsEmulatorOptions {
  port?: number;
  host?: string;
  projectKey?: string;
  /** API clients in addition to (or, with `seedDemo: false`, instead of) `demo-client`. */
  clients?: ApiClient[];
  /** Seed stores se/de, tax categories, products, shipping, a customer and a business unit (default true). */
  seedDemo?: boolean;
  /** Messages Query API settings at start (the demo project has it on; new real projects have it off). */
  messages?: { enabled?: boolean; deleteDaysAfterCreation?: number };
  /** Token lifetime for clients without their own (default 172800 s = 48 h). */
  accessTokenTtlSeconds?: number;
  limits?: Partial<Limits>;
  quirks?: Partial<Quirks>;
  /** Mount `/__control` (default true). */
  controlApi?: boolean;
  /** Seed of the fault generator (kit `Faults`). */
  faultSeed?: number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  projectKey: string;
  clients: ApiClient[];
  seedDemo: boolean;
  messages: { enabled: boolean; deleteDaysAfterCreation: number };
  accessTokenTtlSeconds: number;
  limits: Limits;
  quirks: Quirks;
  controlApi: boolean;
  faultSeed: number;
}

export const DEMO_PROJECT = 'demo-project';
export const DEMO_CLIENT = { id: 'demo-client', secret: 'demo-secret' } as const;

/** Every scope the source and the demo use, on the whole project (not `manage_project`, see oauth.ts). */
export function allScopes(projectKey: string): string[] {
  return [
    'manage_orders',
    'manage_payments',
    'manage_customers',
    'manage_business_units',
    'manage_products',
    'manage_channels',
    'manage_stores',
    'manage_tax_categories',
    'manage_shipping_methods',
    'manage_states',
    'manage_types',
    'manage_categories',
    'manage_product_types',
    'manage_subscriptions',
    'manage_project_settings',
    'view_messages',
  ].map((s) => `${s}:${projectKey}`);
}

export function resolveOptions(o: CommercetoolsEmulatorOptions = {}): ResolvedOptions {
  const projectKey = o.projectKey ?? DEMO_PROJECT;
  const seedDemo = o.seedDemo ?? true;
  const days = o.messages?.deleteDaysAfterCreation ?? 15;
  if (!Number.isInteger(days) || days < 1 || days > 90) throw new RangeError('deleteDaysAfterCreation is 1–90');
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    projectKey,
    clients: [
      ...(seedDemo ? [{ id: DEMO_CLIENT.id, secret: DEMO_CLIENT.secret, scopes: allScopes(projectKey) }] : []),
      ...(o.clients ?? []),
    ],
    seedDemo,
    messages: { enabled: o.messages?.enabled ?? true, deleteDaysAfterCreation: days },
    accessTokenTtlSeconds: o.accessTokenTtlSeconds ?? 172_800,
    limits: { defaultLimit: 20, maxLimit: 500, maxOffset: 10_000, totalCap: 10_000, ...o.limits },
    quirks: {
      messagesWhenDisabled: 'error',
      keepMessagesWhileDisabled: false,
      messagesDisabledStatus: 400,
      ...o.quirks,
    },
    controlApi: o.controlApi ?? true,
    faultSeed: o.faultSeed ?? 1,
  };
}
