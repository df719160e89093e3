import type { Clock } from '../kit/index.ts';
import type { Address, Coupon, Customer, Meta, Order, Product, Refund, Subscription, TaxRate } from './model.ts';
import type { ResolvedWooOptions } from './options.ts';

export type HookResource = 'order' | 'product' | 'customer' | 'coupon';
export type HookEvent = 'created' | 'updated' | 'deleted' | 'restored';

export interface WebhookRecord {
  id: number;
  name: string;
  status: 'active' | 'paused' | 'disabled';
  topic: string;
  deliveryUrl: string;
  secret: string;
  apiVersion: number;
  failureCount: number;
  userId: number;
  created: number;
  modified: number;
}

export const emptyAddress = (withContact: boolean): Address => ({
  first_name: '',
  last_name: '',
  company: '',
  address_1: '',
  address_2: '',
  city: '',
  state: '',
  postcode: '',
  country: '',
  ...(withContact ? { email: '', phone: '' } : {}),
});

/**
 * The site's database. WordPress numbers orders, refunds, products, variations, coupons and
 * subscriptions from one posts sequence (order 727, refund 726, product 794 in the docs), order
 * items, meta rows, users, comments (notes), tax rates and webhooks from their own.
 */
export class WooStore {
  readonly orders = new Map<number, Order>();
  readonly refunds = new Map<number, Refund>();
  readonly products = new Map<number, Product>();
  readonly customers = new Map<number, Customer>();
  readonly coupons = new Map<number, Coupon>();
  readonly taxRates = new Map<number, TaxRate>();
  readonly webhooks = new Map<number, WebhookRecord>();
  readonly subscriptions = new Map<number, Subscription>();
  /** Product categories (terms): id → {id, name, slug}. */
  readonly categories = new Map<number, { id: number; name: string; slug: string }>();
  /** Hooks fired while handling the current request: one delivery per webhook and resource, at its end. */
  readonly fired: { resource: HookResource; event: HookEvent; id: number }[] = [];
  #post = 700;
  #item = 300;
  #meta = 13000;
  #user = 1;
  #comment = 100;
  #taxRate = 70;
  #webhook = 140;
  #term = 30;

  readonly clock: Clock;
  readonly opts: ResolvedWooOptions;

  constructor(clock: Clock, opts: ResolvedWooOptions) {
    this.clock = clock;
    this.opts = opts;
  }

  nextPostId(): number {
    this.#post += 1;
    return this.#post;
  }
  nextItemId(): number {
    this.#item += 1;
    return this.#item;
  }
  nextUserId(): number {
    this.#user += 1;
    return this.#user;
  }
  nextCommentId(): number {
    this.#comment += 1;
    return this.#comment;
  }
  nextTaxRateId(): number {
    this.#taxRate += 1;
    return this.#taxRate;
  }
  nextTermId(): number {
    this.#term += 1;
    return this.#term;
  }
  nextWebhookId(): number {
    this.#webhook += 1;
    return this.#webhook;
  }

  meta(key: string, value: unknown): Meta {
    this.#meta += 1;
    return { id: this.#meta, key, value };
  }

  /** WordPress stores times to the second. */
  now(): number {
    return Math.floor(this.clock.now() / 1000) * 1000;
  }

  /** `update_meta_data`: replaces the value of an existing key (or the row with `id`), else adds a row. */
  setMeta(list: Meta[], key: string, value: unknown, id?: number): void {
    const existing = list.find((m) => (id !== undefined ? m.id === id : m.key === key));
    if (existing) {
      existing.key = key;
      existing.value = value;
    } else list.push(this.meta(key, value));
  }

  fire(resource: HookResource, event: HookEvent, id: number): void {
    this.fired.push({ resource, event, id });
  }

  takeFired(): { resource: HookResource; event: HookEvent; id: number }[] {
    return this.fired.splice(0, this.fired.length);
  }

  productBySku(sku: string): Product | undefined {
    return [...this.products.values()].find((p) => p.sku !== '' && p.sku === sku);
  }
}
