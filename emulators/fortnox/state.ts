import { EventEmitter } from 'node:events';
import { Clock, Faults, RequestStats } from '../kit/index.ts';
import { FortnoxError, UNVERIFIED, type UnverifiedError } from './errors.ts';
import { OAuthStore, type TokenAnswer } from './oauth-store.ts';
import { DEMO_APP, DEMO_TENANT_ID, type ResolvedOptions } from './options.ts';
import { seedTenant } from './seed.ts';
import { Tenant, type TenantInit } from './tenant.ts';
import { FortnoxLimiter } from './traffic.ts';

/** Every scope the emulator knows; minted test tokens get them all unless told otherwise. */
export const ALL_SCOPES = [
  'article',
  'bookkeeping',
  'companyinformation',
  'costcenter',
  'currency',
  'customer',
  'invoice',
  'order',
  'payment',
  'project',
  'settings',
  'profile',
  'price',
];

export interface MintOptions {
  tenantId?: number;
  clientId?: string;
  userId?: string;
  scope?: string;
  accountType?: 'user' | 'service';
}

/** All in-memory state of one emulator instance. */
export class EmulatorState {
  readonly env: Env;
  readonly tenants = new Map<number, Tenant>();
  readonly oauth: OAuthStore;
  readonly limiter: FortnoxLimiter;
  readonly faults: Faults;
  /** Per-tenant /3/ counters (kit scope = tenant id, "unauthenticated" before a token is read). */
  readonly stats = new RequestStats();

  constructor(opts: ResolvedOptions) {
    this.env = new Env(opts);
    this.oauth = new OAuthStore(this.env);
    this.faults = new Faults(this.env.clock);
    this.limiter = new FortnoxLimiter(this.env.clock, { ...opts.rateLimit });
    if (opts.seedDemoTenant)
      this.createTenant({ tenantId: DEMO_TENANT_ID, name: 'Demo AB', organizationNumber: '556677-8899' });
  }

  /** A new company with the standard Swedish setup (chart, VAT, terms, units, currencies). */
  createTenant(init: TenantInit): Tenant {
    if (this.tenants.has(init.tenantId)) throw new Error(`tenant ${init.tenantId} exists`);
    const t = new Tenant(this.env, init);
    seedTenant(t);
    this.tenants.set(t.id, t);
    return t;
  }

  tenant(id: number): Tenant {
    const t = this.tenants.get(id);
    if (!t) throw new Error(`no tenant ${id}`);
    return t;
  }

  /** Test shortcut: consent + token pair without the browser dance. */
  mintToken(o: MintOptions = {}): TokenAnswer {
    const tenantId = o.tenantId ?? DEMO_TENANT_ID;
    this.tenant(tenantId);
    const consent = this.oauth.consent({
      clientId: o.clientId ?? DEMO_APP.clientId,
      tenantId,
      userId: o.userId ?? `user-${tenantId}`,
      scope: o.scope ?? ALL_SCOPES.join(' '),
      accountType: o.accountType ?? 'user',
    });
    const code = this.oauth.issueCode(consent, undefined);
    return this.oauth.exchangeCode(consent.clientId, code, undefined);
  }
}

/** What the emulator emits on every invoice/payment change (the WebSocket layer builds on it). */
export interface FortnoxEvent {
  topic: 'invoices' | 'orders' | 'customers' | 'articles';
  type: string;
  tenantId: number;
  entityId: string;
  timestamp: string;
}

/** Shared by every part of one emulator instance: options, clock, events and error factory. */
export class Env {
  readonly opts: ResolvedOptions;
  readonly clock = new Clock();
  readonly events = new EventEmitter();
  baseUrl = '';
  constructor(opts: ResolvedOptions) {
    this.opts = opts;
  }
  /** A 400 for a rule whose real code is unknown; overridable per option. */
  err(name: UnverifiedError, detail?: string): FortnoxError {
    const def = this.opts.errorOverrides[name] ?? UNVERIFIED[name];
    return new FortnoxError(400, def.code, detail ? `${def.message} (${detail})` : def.message);
  }
  url(path: string): string {
    return `${this.opts.urlBase ?? this.baseUrl}/3/${path}`;
  }
  emit(topic: FortnoxEvent['topic'], type: string, tenantId: number, entityId: string): void {
    const event: FortnoxEvent = {
      topic,
      type,
      tenantId,
      entityId,
      timestamp: new Date(this.clock.now()).toISOString(),
    };
    this.events.emit('event', event);
    this.events.emit(type, event);
  }
}
