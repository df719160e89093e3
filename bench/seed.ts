import type { FortnoxEmulator } from '../emulators/fortnox/index.ts';
import type { SalesforceEmulator } from '../scripts/stack.ts';

/**
 * The bench's Salesforce org: a small product catalogue, Accounts with Swedish billing data (valid
 * organisation and VAT numbers, so pre-flight passes) and open Opportunities of 1–3 products each.
 * A fixed pseudo-random sequence picks the products, so every run sends the same invoices.
 */

type Handle = SalesforceEmulator['handle'];

export interface Catalogue {
  entries: { id: string; price: number }[];
}

const PRODUCTS = [
  { Name: 'Konsulttimme', ProductCode: 'KONS-H', price: 1200 },
  { Name: 'Licens Pro (månad)', ProductCode: 'LIC-PRO', price: 4900 },
  { Name: 'Onboarding', ProductCode: 'ONB-1', price: 15000 },
  { Name: 'Support Guld (år)', ProductCode: 'SUP-GULD', price: 24000 },
  { Name: 'Utbildningsdag', ProductCode: 'UTB-DAG', price: 9500 },
];

const CITIES = [
  { city: 'Stockholm', zip: '111 57', street: 'Sveavägen' },
  { city: 'Göteborg', zip: '411 36', street: 'Kungsportsavenyen' },
  { city: 'Malmö', zip: '211 22', street: 'Södergatan' },
  { city: 'Uppsala', zip: '753 20', street: 'Drottninggatan' },
  { city: 'Umeå', zip: '903 26', street: 'Storgatan' },
];

/** Park–Miller: a tiny deterministic generator, so runs are comparable. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** A Luhn-valid Swedish organisation number in the 556… series limited companies get. */
export function organisationNumber(n: number): string {
  const nine = `556${String(100000 + n).slice(-6)}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  const ten = `${nine}${(10 - (sum % 10)) % 10}`;
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}

export function seedCatalogue(h: Handle): Catalogue {
  const entries = PRODUCTS.map(({ price, ...product }) => {
    const productId = h.insert('Product2', { ...product, Family: 'Services', IsActive: true });
    const id = h.insert('PricebookEntry', {
      Pricebook2Id: h.standardPricebookId,
      Product2Id: productId,
      UnitPrice: price,
      IsActive: true,
    });
    return { id, price };
  });
  return { entries };
}

export function seedAccounts(h: Handle, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const place = CITIES[i % CITIES.length]!;
    const org = organisationNumber(i + 1);
    return h.insert('Account', {
      Name: `Benchkund ${String(i + 1).padStart(3, '0')} AB`,
      BillingStreet: `${place.street} ${i + 1}`,
      BillingCity: place.city,
      BillingPostalCode: place.zip,
      BillingCountry: 'Sweden',
      Organisation_Number__c: org,
      VAT_Number__c: `SE${org.replace('-', '')}01`,
    });
  });
}

/** Open Opportunities (not won yet), spread round-robin over `accountIds`, each with 1–3 lines. */
export function seedOpportunities(
  h: Handle,
  catalogue: Catalogue,
  accountIds: readonly string[],
  count: number,
  label: string,
  seed = 1,
  /** Further Opportunity fields per deal (the company a deal is routed to). */
  fields: (i: number) => Record<string, unknown> = () => ({}),
): string[] {
  const random = sequence(seed);
  const closeDate = new Date().toISOString().slice(0, 10);
  return Array.from({ length: count }, (_, i) => {
    const accountId = accountIds[i % accountIds.length]!;
    const opportunityId = h.insert('Opportunity', {
      Name: `${label} ${i + 1}`,
      AccountId: accountId,
      StageName: 'Negotiation/Review',
      CloseDate: closeDate,
      ...fields(i),
    });
    const lines = 1 + Math.floor(random() * 3);
    for (let line = 0; line < lines; line++) {
      const entry = catalogue.entries[Math.floor(random() * catalogue.entries.length)]!;
      h.insert('OpportunityLineItem', {
        OpportunityId: opportunityId,
        PricebookEntryId: entry.id,
        Quantity: 1 + Math.floor(random() * 10),
        UnitPrice: entry.price,
      });
    }
    return opportunityId;
  });
}

/**
 * Articles created in one Fortnox company by "finance" (a token of the emulator's own, not the
 * app's), as a real company has them before its first invoice.
 */
export async function createArticles(
  fortnox: FortnoxEmulator,
  tenantId: number,
  articles: readonly { ArticleNumber: string; Description: string }[],
): Promise<void> {
  const { access_token } = fortnox.mintToken({ tenantId });
  for (const article of articles) {
    const response = await fetch(`${fortnox.url}/3/articles`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${access_token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify({ Article: article }),
    });
    if (response.status !== 201)
      throw new Error(
        `creating article ${article.ArticleNumber} in the Fortnox emulator: ${response.status} ${await response.text()}`,
      );
  }
}

/**
 * The products as Fortnox articles, created up front: the bench measures steady state, where
 * articles exist. Letting the first invoices create them races — see bench/README.md.
 */
export async function seedFortnoxArticles(fortnox: FortnoxEmulator, tenantId: number): Promise<void> {
  await createArticles(
    fortnox,
    tenantId,
    PRODUCTS.map((p) => ({ ArticleNumber: p.ProductCode, Description: p.Name })),
  );
  // Same client id as the app, so these took room in its rate-limit window; give it back.
  fortnox.setRateLimit({});
}

/** The sales rep moves the deal to Closed Won (through the handle: Lightning's origin, so CDC flows). */
export function markWon(h: Handle, opportunityId: string): void {
  h.update('Opportunity', opportunityId, { StageName: 'Closed Won' });
}
