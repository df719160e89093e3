import type {
  BusinessUnit,
  Cart,
  Category,
  Channel,
  Customer,
  InventoryEntry,
  Order,
  Payment,
  Product,
  ProductType,
  Project,
  ShippingMethod,
  State,
  Store,
  Subscription,
  TaxCategory,
  Type,
  Zone,
} from '@commercetools/platform-sdk';
import type { Clock } from '../kit/index.ts';
import { referencedNotFound } from './errors.ts';
import { type Message, MessageLog } from './messages.ts';
import type { ResolvedOptions } from './options.ts';
import { type Actor, Repo, type ResourceMessage, type Versioned } from './repo.ts';

/**
 * One project's data: a repository per resource type, the project settings, the message log.
 * `commit` is the one way a change lands: store the new state, then publish its messages with the
 * new `resourceVersion` and the resource's user-provided identifiers.
 */

/** The Merchant Center user who acts on the emulator's page (changes not made by an API client). */
export const PAGE_ACTOR: Actor = { isPlatformClient: true, user: { typeId: 'user', id: 'merchant-center-demo-user' } };

export const clientActor = (clientId: string): Actor => ({ clientId, isPlatformClient: false });

export class ProjectState {
  readonly key: string;
  readonly clock: Clock;
  readonly options: ResolvedOptions;
  readonly messages: MessageLog;
  settings: Project;
  readonly carts = new Repo<Cart>('cart');
  readonly orders = new Repo<Order>('order');
  readonly payments = new Repo<Payment>('payment');
  readonly customers = new Repo<Customer & { passwordHash?: string }>('customer');
  readonly businessUnits = new Repo<BusinessUnit>('business-unit');
  readonly products = new Repo<Product>('product');
  readonly inventory = new Repo<InventoryEntry>('inventory-entry');
  readonly channels = new Repo<Channel>('channel');
  readonly stores = new Repo<Store>('store');
  readonly taxCategories = new Repo<TaxCategory>('tax-category');
  readonly zones = new Repo<Zone>('zone');
  readonly shippingMethods = new Repo<ShippingMethod>('shipping-method');
  readonly states = new Repo<State>('state');
  readonly types = new Repo<Type>('type');
  readonly categories = new Repo<Category>('category');
  readonly productTypes = new Repo<ProductType>('product-type');
  readonly subscriptions = new Repo<Subscription>('subscription');

  constructor(clock: Clock, options: ResolvedOptions) {
    this.key = options.projectKey;
    this.clock = clock;
    this.options = options;
    this.messages = new MessageLog(clock, options.messages, options.quirks.keepMessagesWhileDisabled);
    this.settings = {
      version: 1,
      key: options.projectKey,
      name: options.projectKey,
      countries: [],
      currencies: [],
      languages: ['en'],
      createdAt: this.now(),
      messages: { ...options.messages },
      carts: { deleteDaysAfterLastModification: 90, countryTaxRateFallbackEnabled: false },
      inventory: { releaseExpiredReservations: false },
      discounts: { discountCombinationMode: 'Stacking' },
    };
  }

  now(): string {
    return this.clock.date().toISOString();
  }

  repo(typeId: string): Repo<Versioned> | undefined {
    const all: Repo<Versioned>[] = [
      this.carts,
      this.orders,
      this.payments,
      this.customers,
      this.businessUnits,
      this.products,
      this.inventory,
      this.channels,
      this.stores,
      this.taxCategories,
      this.zones,
      this.shippingMethods,
      this.states,
      this.types,
      this.categories,
      this.productTypes,
      this.subscriptions,
    ] as unknown as Repo<Versioned>[];
    return all.find((r) => r.typeId === typeId);
  }

  /** A ResourceIdentifier (`{typeId?, id?, key?}`) to the resource, or 400 ReferencedResourceNotFound. */
  resolve<T extends Versioned>(repo: Repo<T>, ref: { id?: string | undefined; key?: string | undefined }): T {
    const found = ref.id !== undefined ? repo.get(ref.id) : ref.key !== undefined ? repo.byKey(ref.key) : undefined;
    if (!found) {
      throw referencedNotFound(repo.typeId, ref.id !== undefined ? { id: ref.id } : { key: ref.key ?? '' });
    }
    return found;
  }

  /** Stores a created or updated resource and publishes what its actions produced. */
  commit<T extends Versioned>(repo: Repo<T>, next: T, messages: readonly ResourceMessage[], actor: Actor): Message[] {
    repo.replace(next);
    return this.messages.publish(
      { typeId: repo.typeId, id: next.id, version: next.version, identifiers: identifiersOf(next) },
      messages,
      actor,
    );
  }
}

/** UserProvidedIdentifiers [CT types/message/UserProvidedIdentifiers.raml]: the ones the resource has. */
export function identifiersOf(resource: object): Record<string, unknown> {
  const r = resource as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ['key', 'externalId', 'orderNumber', 'customerNumber', 'sku'] as const) {
    if (typeof r[k] === 'string') out[k] = r[k];
  }
  const slug = (r.masterData as { current?: { slug?: unknown } } | undefined)?.current?.slug;
  if (slug !== undefined) out.slug = slug;
  return out;
}
