import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Clock, Faults, FixedWindowLimiter, RequestStats } from '../kit/index.ts';
import { HookDelivery } from './delivery.ts';
import { settleStock } from './inventory.ts';
import type { ApiAccount } from './model.ts';
import type { ResolvedOptions } from './options.ts';
import { type Env, Store, type StoreEvent, type StoreInit } from './store.ts';

/** Every scope a store API account can be given [BC-AUTH api-accounts.mdx], modify and read-only. */
export const ALL_SCOPES = [
  'store_v2_orders',
  'store_v2_orders_read_only',
  'store_v2_transactions',
  'store_v2_transactions_read_only',
  'store_v2_customers',
  'store_v2_customers_read_only',
  'store_v2_products',
  'store_v2_products_read_only',
  'store_inventory',
  'store_inventory_read_only',
  'store_v2_information',
  'store_v2_information_read_only',
  'store_channel_settings',
  'store_channel_settings_read_only',
] as const;

export interface AccountAnswer {
  client_id: string;
  client_secret: string;
  access_token: string;
  scopes: string[];
}

/** Everything one emulator holds: stores, the kit's clock/faults/stats/limiter, webhook delivery. */
export class EmulatorState {
  readonly env: Env;
  readonly stores = new Map<string, Store>();
  readonly faults: Faults;
  readonly stats = new RequestStats();
  readonly limiter: FixedWindowLimiter;
  readonly delivery: HookDelivery;
  /** Notification emails per store + client id (`PUT /v3/hooks/admin`). */
  readonly adminEmails = new Map<string, string[]>();
  readonly #timer: NodeJS.Timeout;

  constructor(opts: ResolvedOptions) {
    const clock = new Clock();
    this.env = { clock, opts, events: new EventEmitter<{ event: [StoreEvent] }>(), baseUrl: '' };
    this.faults = new Faults(clock, opts.seed);
    this.limiter = new FixedWindowLimiter(clock, { ...opts.rateLimit });
    this.delivery = new HookDelivery(this.env, this.stores, this.faults);
    // Delayed inventory writes become visible on their own, not only when someone reads.
    this.#timer = setInterval(() => this.settle(), 50);
    this.#timer.unref();
    clock.onAdvance(() => this.settle());
  }

  settle(): void {
    for (const s of this.stores.values()) settleStock(s);
  }

  createStore(init: StoreInit): Store {
    if (this.stores.has(init.hash)) throw new Error(`store ${init.hash} exists`);
    const store = new Store(this.env, init);
    this.stores.set(init.hash, store);
    return store;
  }

  store(hash: string): Store {
    const s = this.stores.get(hash);
    if (!s) throw new Error(`no store ${hash}`);
    return s;
  }

  /**
   * A store-level API account: client id, secret and a static token whose scopes are fixed now
   * ("access tokens do not expire … scopes are fixed at creation" [BC-AUTH]).
   */
  createAccount(
    hash: string,
    scopes: readonly string[],
    fixed?: { token?: string; clientId?: string; name?: string },
  ): AccountAnswer {
    const store = this.store(hash);
    const account: ApiAccount = {
      name: fixed?.name ?? 'API account',
      clientId: fixed?.clientId ?? randomBytes(16).toString('hex').slice(0, 31),
      clientSecret: randomBytes(24).toString('hex'),
      accessToken: fixed?.token ?? randomBytes(16).toString('hex').slice(0, 31),
      scopes: new Set(scopes),
    };
    store.accounts.set(account.accessToken, account);
    return {
      client_id: account.clientId,
      client_secret: account.clientSecret,
      access_token: account.accessToken,
      scopes: [...scopes],
    };
  }

  /** Deleting the account revokes its token and deletes its webhooks [BC-AUTH; overview.mdx]. */
  deleteAccount(hash: string, token: string): void {
    const store = this.store(hash);
    const account = store.accounts.get(token);
    if (!account) throw new Error('no such account');
    store.accounts.delete(token);
    for (const [id, h] of store.hooks) if (h.clientId === account.clientId) store.hooks.delete(id);
  }

  summary(): Record<string, unknown> {
    return {
      stores: [...this.stores.values()].map((s) => ({
        hash: s.hash,
        orders: s.orders.size,
        products: s.products.size,
        customers: s.customers.size,
        hooks: s.hooks.size,
        refunds: s.refunds.size,
      })),
      webhooks: { pending: this.delivery.dispatcher.pending(), chaos: this.delivery.dispatcher.chaos() },
      rateLimit: this.limiter.settings,
    };
  }

  close(): void {
    clearInterval(this.#timer);
    this.delivery.close();
  }
}
