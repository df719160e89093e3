import type { EventEmitter } from 'node:events';
import type { Clock } from '../kit/index.ts';
import type { Company, Coupon, Customer, Location, Product, Stock, Variant } from './catalog-model.ts';
import type { ApiAccount, Hook, Metafield, Order, Refund, Transaction } from './model.ts';
import type { ResolvedOptions } from './options.ts';

/** A store event: a webhook scope and its thin `data` [BC-WH events/index.mdx]. */
export interface StoreEvent {
  store: string;
  scope: string;
  data: Record<string, unknown>;
  /** Also fire the channel-scoped twin `store/channel/{id}/order/…` with `data.order_id`. */
  channelId?: number;
}

export interface TaxClass {
  id: number;
  name: string;
  rate: number;
}

export interface StoreInit {
  hash: string;
  name?: string;
  currency?: string;
  /** Prices entered with VAT (Swedish shops show prices incl. moms). */
  taxInclusive?: boolean;
  country?: string;
  taxClasses?: TaxClass[];
  /** Countries charged the store's rates; every other destination is zero-rated (export). */
  taxedCountries?: string[];
}

const EU = 'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' ');

/** Environment shared by every store of one emulator. */
export interface Env {
  clock: Clock;
  opts: ResolvedOptions;
  events: EventEmitter<{ event: [StoreEvent] }>;
  /** The emulator's base URL, known once it listens (for `{url, resource}` links). */
  baseUrl: string;
}

let storeNumber = 1_025_646;

export class Store {
  readonly hash: string;
  /** `store_id` in webhook payloads: a numeric string [BC-WH events/index.mdx]. */
  readonly storeId: string;
  readonly name: string;
  readonly currency: string;
  readonly taxInclusive: boolean;
  readonly country: string;
  readonly taxClasses: TaxClass[];
  readonly taxedCountries: Set<string>;
  readonly env: Env;

  readonly accounts = new Map<string, ApiAccount>();
  readonly products = new Map<number, Product>();
  readonly variants = new Map<number, Variant>();
  /** Lower-cased SKU → variant id (SKUs are unique per store, looked up case-insensitively). */
  readonly #skus = new Map<string, number>();
  /** Stock per tracked item key (`p:{productId}` or `v:{variantId}`) and location id. */
  readonly stock = new Map<string, Map<number, Stock>>();
  /** Items that have had an absolute adjustment (relative ones before that are refused). */
  readonly absoluteSeen = new Set<string>();
  /** Inventory writes not yet visible (the Inventory API is asynchronous). */
  pendingStock: { dueAt: number; apply: () => void }[] = [];
  readonly locations = new Map<number, Location>([
    [1, { id: 1, code: 'BC-LOCATION-1', name: 'Default location', enabled: true }],
  ]);
  readonly customers = new Map<number, Customer>();
  readonly companies = new Map<number, Company>();
  readonly coupons = new Map<string, Coupon>();
  readonly orders = new Map<number, Order>();
  readonly transactions: Transaction[] = [];
  readonly refunds = new Map<number, Refund>();
  readonly metafields = new Map<number, Metafield>();
  readonly hooks = new Map<number, Hook>();
  readonly #seq = new Map<string, number>();

  constructor(env: Env, init: StoreInit) {
    this.env = env;
    this.hash = init.hash;
    this.storeId = String(storeNumber++);
    this.name = init.name ?? `Store ${init.hash}`;
    this.currency = init.currency ?? 'SEK';
    this.taxInclusive = init.taxInclusive ?? true;
    this.country = init.country ?? 'SE';
    this.taxClasses = init.taxClasses ?? [
      { id: 0, name: 'Default Tax Class', rate: 25 },
      { id: 1, name: 'Livsmedel', rate: 12 },
      { id: 2, name: 'Böcker', rate: 6 },
      { id: 3, name: 'Shipping', rate: 25 },
    ];
    this.taxedCountries = new Set(init.taxedCountries ?? EU);
  }

  now(): number {
    return this.env.clock.now();
  }

  /** Ids per kind, starting where the documentation examples do not collide with ours. */
  next(kind: string, start = 100): number {
    const n = (this.#seq.get(kind) ?? start - 1) + 1;
    this.#seq.set(kind, n);
    return n;
  }

  fire(scope: string, data: Record<string, unknown>, channelId?: number): void {
    const e: StoreEvent = { store: this.hash, scope, data, ...(channelId === undefined ? {} : { channelId }) };
    this.env.events.emit('event', e);
  }

  /** The rate for a tax class shipped to `countryIso2` (zero outside the taxed countries: export). */
  taxRate(taxClassId: number, countryIso2: string): number {
    if (!this.taxedCountries.has(countryIso2.toUpperCase())) return 0;
    return this.taxClasses.find((c) => c.id === taxClassId)?.rate ?? this.taxClasses[0]?.rate ?? 0;
  }

  shippingTaxClass(): number {
    return this.taxClasses.find((c) => c.name === 'Shipping')?.id ?? 0;
  }

  order(id: number): Order | undefined {
    const o = this.orders.get(id);
    return o && !o.archived ? o : undefined;
  }

  variantBySku(sku: string): Variant | undefined {
    const id = this.#skus.get(sku.toLowerCase());
    return id === undefined ? undefined : this.variants.get(id);
  }

  addVariant(v: Variant): void {
    this.variants.set(v.id, v);
    if (v.sku !== '') this.#skus.set(v.sku.toLowerCase(), v.id);
  }

  variantsOf(productId: number): Variant[] {
    return [...this.variants.values()].filter((v) => v.productId === productId);
  }

  customerByEmail(email: string): Customer | undefined {
    for (const c of this.customers.values()) if (c.email.toLowerCase() === email.toLowerCase()) return c;
    return undefined;
  }
}
