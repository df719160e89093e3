import { randomUUID } from 'node:crypto';
import type { Versioned } from './repo.ts';
import type { RequestCtx, ResourceKind } from './resource-kind.ts';
import { PAGE_ACTOR, type ProjectState } from './state.ts';

/**
 * What every project has (the built-in `Initial` LineItemState every line item starts in), and the
 * demo shop: stores `se` (SEK, Sweden) and `de` (EUR, Germany); tax categories with Swedish 25/12/6 %
 * and German 19/7 % rates included in the (consumer) prices; products whose SKUs the demo uses as
 * Fortnox article numbers; one shipping method; a consumer and a B2B company.
 */

export function seedBuiltIns(p: ProjectState): void {
  const now = p.now();
  p.states.insert({
    id: randomUUID(),
    version: 1,
    key: 'Initial',
    type: 'LineItemState',
    name: { en: 'Initial' },
    initial: true,
    builtIn: true,
    createdAt: now,
    lastModifiedAt: now,
  });
}

export const DEMO_SKUS = {
  license: 'LIC-PRO',
  onboarding: 'ONB-1',
  consulting: 'KONS-H',
  coffee: 'KAFFE-500',
  book: 'BOK-API',
  shirt: 'TSHIRT-M',
} as const;

const PRODUCTS: ReadonlyArray<{ sku: string; name: string; category: string; sek: number; eur: number }> = [
  { sku: DEMO_SKUS.license, name: 'Licens Pro (månad)', category: 'standard', sek: 490000, eur: 42900 },
  { sku: DEMO_SKUS.onboarding, name: 'Onboarding', category: 'standard', sek: 1500000, eur: 129000 },
  { sku: DEMO_SKUS.consulting, name: 'Konsulttimme', category: 'standard', sek: 120000, eur: 10500 },
  { sku: DEMO_SKUS.coffee, name: 'Kaffe 500 g', category: 'food', sek: 8900, eur: 890 },
  { sku: DEMO_SKUS.book, name: 'Handbok: API-integration', category: 'books', sek: 34900, eur: 3200 },
  { sku: DEMO_SKUS.shirt, name: 'T-shirt, M', category: 'standard', sek: 24900, eur: 2490 },
];

function make<T extends Versioned>(p: ProjectState, kind: ResourceKind<T>, body: unknown): T {
  const ctx: RequestCtx = { project: p, actor: PAGE_ACTOR, now: p.now(), params: new URLSearchParams() };
  const created = kind.create?.(ctx, body);
  if (!created) throw new Error(`cannot seed ${kind.path}`);
  const repo = kind.repo(p);
  repo.insert(created.resource);
  p.commit(repo, created.resource, created.messages, PAGE_ACTOR);
  return created.resource;
}

export function seedDemo(p: ProjectState, kinds: ReadonlyMap<string, ResourceKind<Versioned>>): void {
  const kind = (path: string): ResourceKind<Versioned> => {
    const k = kinds.get(path);
    if (!k) throw new Error(`no resource kind ${path}`);
    return k;
  };
  p.settings = {
    ...p.settings,
    name: 'Demo Project',
    countries: ['SE', 'DE'],
    currencies: ['SEK', 'EUR'],
    languages: ['sv', 'de', 'en'],
  };
  make(p, kind('stores'), {
    key: 'se',
    name: { en: 'Sweden', sv: 'Sverige' },
    languages: ['sv'],
    countries: [{ code: 'SE' }],
  });
  make(p, kind('stores'), {
    key: 'de',
    name: { en: 'Germany', de: 'Deutschland' },
    languages: ['de'],
    countries: [{ code: 'DE' }],
  });
  const rates = (se: number, de: number) => [
    { name: `${Math.round(se * 100)} % moms`, amount: se, includedInPrice: true, country: 'SE' },
    { name: `${Math.round(de * 100)} % MwSt.`, amount: de, includedInPrice: true, country: 'DE' },
  ];
  make(p, kind('tax-categories'), { key: 'standard', name: 'Standard', rates: rates(0.25, 0.19) });
  make(p, kind('tax-categories'), { key: 'food', name: 'Livsmedel', rates: rates(0.12, 0.07) });
  make(p, kind('tax-categories'), { key: 'books', name: 'Böcker', rates: rates(0.06, 0.07) });
  make(p, kind('product-types'), { key: 'generic', name: 'Generic', description: 'Products without attributes' });
  for (const x of PRODUCTS) {
    make(p, kind('products'), {
      key: x.sku.toLowerCase(),
      productType: { key: 'generic' },
      name: { sv: x.name, en: x.name },
      slug: { sv: x.sku.toLowerCase(), en: x.sku.toLowerCase() },
      taxCategory: { key: x.category },
      masterVariant: {
        sku: x.sku,
        prices: [
          { value: { currencyCode: 'SEK', centAmount: x.sek } },
          { value: { currencyCode: 'EUR', centAmount: x.eur } },
        ],
      },
      publish: true,
    });
    make(p, kind('inventory'), { sku: x.sku, quantityOnStock: 100 });
  }
  make(p, kind('zones'), { key: 'sweden', name: 'Sweden', locations: [{ country: 'SE' }] });
  make(p, kind('zones'), { key: 'germany', name: 'Germany', locations: [{ country: 'DE' }] });
  make(p, kind('shipping-methods'), {
    key: 'standard',
    name: 'Standard',
    taxCategory: { key: 'standard' },
    isDefault: true,
    zoneRates: [
      {
        zone: { key: 'sweden' },
        shippingRates: [
          { price: { currencyCode: 'SEK', centAmount: 4900 }, freeAbove: { currencyCode: 'SEK', centAmount: 100000 } },
        ],
      },
      { zone: { key: 'germany' }, shippingRates: [{ price: { currencyCode: 'EUR', centAmount: 490 } }] },
    ],
  });
  const anna = {
    firstName: 'Anna',
    lastName: 'Svensson',
    streetName: 'Storgatan',
    streetNumber: '1',
    postalCode: '111 22',
    city: 'Stockholm',
    country: 'SE',
  };
  make(p, kind('customers'), {
    email: 'anna.svensson@example.se',
    authenticationMode: 'ExternalAuth',
    firstName: 'Anna',
    lastName: 'Svensson',
    customerNumber: 'C-1001',
    addresses: [anna],
    defaultBillingAddress: 0,
    defaultShippingAddress: 0,
  });
  make(p, kind('business-units'), {
    key: 'nordic-tools',
    unitType: 'Company',
    name: 'Nordic Tools AB',
    stores: [{ key: 'se' }],
    addresses: [
      {
        company: 'Nordic Tools AB',
        streetName: 'Industrivägen',
        streetNumber: '4',
        postalCode: '412 50',
        city: 'Göteborg',
        country: 'SE',
      },
    ],
    defaultBillingAddress: 0,
  });
}
